// Lets a test see inside the runtime worker: its script is served with a prelude that keeps every
// GPUDevice it creates (so a test can destroy one), counts GPU buffers created and destroyed, and
// keeps the WebAssembly memories onnxruntime instantiates (to read their size). The app itself is
// unchanged: the prelude only observes the browser's own APIs.
import type { Browser, BrowserContext, Page, Worker } from '@playwright/test';

const PRELUDE = `(() => {
  const probe = (self.__probe = { devices: [], buffersCreated: 0, buffersDestroyed: 0, memories: [] });
  if (self.GPUAdapter) {
    const requestDevice = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (...args) {
      const device = await requestDevice.apply(this, args);
      probe.devices.push(device);
      return device;
    };
    const createBuffer = GPUDevice.prototype.createBuffer;
    GPUDevice.prototype.createBuffer = function (...args) {
      probe.buffersCreated++;
      return createBuffer.apply(this, args);
    };
    const destroy = GPUBuffer.prototype.destroy;
    GPUBuffer.prototype.destroy = function (...args) {
      probe.buffersDestroyed++;
      return destroy.apply(this, args);
    };
  }
  // onnxruntime's wasm module imports its memory (created in JS) or exports it: catch both.
  WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
    construct(target, args) {
      const memory = Reflect.construct(target, args);
      probe.memories.push(memory);
      return memory;
    },
  });
  const keep = (result) => {
    const instance = result.instance ?? result;
    for (const v of Object.values(instance.exports ?? {})) {
      if (v instanceof WebAssembly.Memory && !probe.memories.includes(v)) probe.memories.push(v);
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
  }
})();\n`;

/** Serve the runtime worker with the prelude. Use with `serviceWorkers: 'block'` (a cached copy would skip it). */
export async function probeWorker(context: BrowserContext): Promise<void> {
  await context.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: PRELUDE + (await response.text()) });
  });
}

export function runtimeWorker(page: Page): Worker {
  const worker = page.workers().find((w) => /\/assets\/worker-[^/]+\.js$/.test(w.url()));
  if (!worker) throw new Error(`runtime worker not found among ${page.workers().map((w) => w.url())}`);
  return worker;
}

/** Destroy every GPUDevice the worker created, as a driver reset would lose it; returns how many. */
export async function destroyWorkerDevices(page: Page): Promise<number> {
  return runtimeWorker(page).evaluate(() => {
    const { devices } = (self as unknown as { __probe: { devices: { destroy(): void }[] } }).__probe;
    devices.forEach((d) => d.destroy());
    return devices.length;
  });
}

export interface WorkerMemory {
  /** GPU buffers created and not destroyed (0 on wasm). */
  liveGpuBuffers: number;
  /** Bytes of the WebAssembly memories onnxruntime runs in (they grow, never shrink). */
  wasmBytes: number;
}

export async function workerMemory(page: Page): Promise<WorkerMemory> {
  return runtimeWorker(page).evaluate(() => {
    const p = (self as unknown as { __probe: { buffersCreated: number; buffersDestroyed: number; memories: WebAssembly.Memory[] } })
      .__probe;
    return {
      liveGpuBuffers: p.buffersCreated - p.buffersDestroyed,
      wasmBytes: p.memories.reduce((sum, m) => sum + m.buffer.byteLength, 0),
    };
  });
}

/**
 * The runtime worker's JS heap after a garbage collection, through the DevTools protocol. Playwright
 * opens CDP sessions on pages only, so this attaches to the worker's target from the browser
 * session and talks to it through Target.sendMessageToTarget.
 */
export async function workerHeapBytes(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'worker' && /\/assets\/worker-[^/]+\.js$/.test(t.url));
    if (!target) throw new Error('runtime worker target not found');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let lastId = 0;
    const call = (method: string) =>
      new Promise<Record<string, number>>((resolve) => {
        const id = ++lastId;
        const onMessage = (e: { sessionId?: string; message: string }) => {
          const reply = JSON.parse(e.message) as { id?: number; result?: Record<string, number> };
          if (e.sessionId !== sessionId || reply.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(reply.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await call('HeapProfiler.collectGarbage');
    const { usedSize } = await call('Runtime.getHeapUsage');
    await cdp.send('Target.detachFromTarget', { sessionId });
    return usedSize;
  } finally {
    await cdp.detach();
  }
}
