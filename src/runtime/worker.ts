/// <reference lib="webworker" />
// The runtime worker: downloads (or reads from cache) and opens the denoisers, runs the sampling
// loop, posts every step. The page never touches onnxruntime; this worker is where sessions live and die.
import { isAbortError, needsUnconditional, type Denoiser, type ModelRole } from '../core';
import { measureAgreement } from './agreement';
import { chooseBackend } from './backend';
import { createDenoiserSession, createRunQueue, type DenoiserSession } from './denoiser';
import { generatePair } from './generate';
import { denoiserFor, modelFileUrl, type Manifest } from './manifest';
import { loadModelBytes, openModelCache } from './modelCache';
import { ortWasmUrl, webGpuDevice, webOrt } from './ortWeb';
import type { GenerateParams, LoadedDenoiser, Reply, Request } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

interface Loaded {
  manifest: Manifest;
  backend: 'webgpu' | 'wasm';
  sessions: Record<ModelRole, DenoiserSession>;
  /** Batch sizes (images per model call) both models have already run once. */
  warm: Set<number>;
}

let loaded: Loaded | null = null;
const running = new Map<number, AbortController>();
const queue = createRunQueue();

function post(msg: Reply, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}

async function release(): Promise<void> {
  const current = loaded;
  loaded = null;
  if (current) await Promise.all(Object.values(current.sessions).map((s) => s.release()));
}

/**
 * Throw-away calls per model at batch size n, so that one-off costs do not land in a
 * trajectory's time. On WebGPU one call compiles the shaders for the shape. On wasm the first
 * calls at a new batch size are several times slower (measured with the shipped pair at n = 8:
 * 2.1, 2.2, 2.1, 0.7, then 0.27 s per large-model call), so six are made there, within 20 s per model.
 */
async function warmUp(manifest: Manifest, sessions: Record<ModelRole, DenoiserSession>, n: number, backend: 'webgpu' | 'wasm'): Promise<void> {
  const { channels, height, width } = manifest.image;
  const [calls, budgetMs] = backend === 'wasm' ? [6, 20_000] : [1, 0];
  for (const s of Object.values(sessions)) {
    const start = performance.now();
    for (let i = 0; i < calls && (i === 0 || performance.now() - start < budgetMs); i++) {
      await s.denoise(new Float32Array(n * channels * height * width), manifest.schedule.T - 1, new Int32Array(n).fill(manifest.nullClass), n);
    }
  }
}

/** Progress messages at most every 100 ms per file, plus the last one. */
function progressPoster(id: number, file: string, role: ModelRole) {
  let last = 0;
  return (loaded: number, total: number, source: 'cache' | 'network') => {
    const now = performance.now();
    if (loaded < total && now - last < 100) return;
    last = now;
    post({ type: 'progress', id, file, role, loaded, total, source });
  };
}

async function openAll(req: Extract<Request, { type: 'load' }>, backend: 'webgpu' | 'wasm') {
  const { manifest, manifestUrl } = req;
  const ort = await webOrt();
  const cache = await openModelCache();
  const sessions: Partial<Record<ModelRole, DenoiserSession>> = {};
  const info: LoadedDenoiser[] = [];
  try {
    for (const role of ['small', 'large'] as const) {
      const entry = denoiserFor(manifest, role);
      const { bytes, source } = await loadModelBytes({
        url: modelFileUrl(manifestUrl, entry.file),
        file: entry.file,
        sha256: entry.sha256,
        expectedBytes: entry.bytes,
        cache,
        onProgress: progressPoster(req.id, entry.file, role),
      });
      sessions[role] = await createDenoiserSession(ort, new Uint8Array(bytes), { id: entry.id, file: entry.file, backend, image: manifest.image, queue });
      info.push({ id: entry.id, role, file: entry.file, bytes: bytes.byteLength, source });
    }
  } catch (e) {
    await Promise.all(Object.values(sessions).map((s) => s.release()));
    throw e;
  }
  const opened = sessions as Record<ModelRole, DenoiserSession>;
  const n = needsUnconditional(manifest.defaults.guidance) ? 2 : 1;
  try {
    await warmUp(manifest, opened, n, backend);
  } catch (e) {
    await Promise.all(Object.values(opened).map((s) => s.release()));
    throw new Error(`A first test run of the models on ${backend} failed: ${(e as Error).message}`);
  }
  return { sessions: opened, info, warm: new Set([n]), cacheAvailable: cache !== null };
}

async function load(req: Extract<Request, { type: 'load' }>): Promise<void> {
  if (new URL(req.manifestUrl).origin !== self.location.origin) {
    throw new Error(`Refusing to load models from ${new URL(req.manifestUrl).origin}: only this app's own origin is allowed.`);
  }
  await release();
  const start = performance.now();
  // Probe here too: the adapter this worker sees is the one onnxruntime will use.
  const choice = await chooseBackend();
  let backend = req.backend === 'webgpu' ? choice.backend : 'wasm';
  let fallbackReason = backend === 'wasm' ? (choice.fallbackReason ?? 'wasm was requested.') : undefined;
  let opened;
  try {
    opened = await openAll(req, backend);
  } catch (e) {
    // A model that fails only on WebGPU (missing kernel, device lost) still runs on wasm.
    if (backend !== 'webgpu' || (e as Error).name === 'ModelFileError') throw e;
    backend = 'wasm';
    fallbackReason = `The models failed on WebGPU: ${(e as Error).message}`;
    opened = await openAll(req, backend);
  }
  loaded = { manifest: req.manifest, backend, sessions: opened.sessions, warm: opened.warm };
  if (backend === 'webgpu') void watchDevice(loaded);
  // The wasm binary by name: read from the shell cache it leaves no resource entry, and the
  // service worker drops hashed files the page does not list.
  const resources = [self.location.href, ortWasmUrl(), ...performance.getEntriesByType('resource').map((e) => e.name)];
  post({
    type: 'loaded',
    id: req.id,
    backend,
    fallbackReason,
    adapter: backend === 'webgpu' ? choice.adapter : undefined,
    denoisers: opened.info,
    loadMs: performance.now() - start,
    cacheAvailable: opened.cacheAvailable,
    resources: resources.filter((u) => new URL(u).origin === self.location.origin && !u.endsWith('.onnx')),
  });
}

/**
 * Tell the page when the GPU device onnxruntime uses is lost (driver reset, GPU process crash).
 * Nothing in this worker can carry on: a model call in flight then never settles, and the wasm
 * module that hosts both backends refuses any other call while it waits ("Session already
 * started"). So the page replaces this worker with one on wasm and runs again (ui/runs.ts).
 */
async function watchDevice(current: Loaded): Promise<void> {
  const device = await webGpuDevice();
  const info = await device?.lost;
  if (!info || loaded !== current) return;
  post({ type: 'device-lost', id: 0, reason: `The GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''}).` });
}

/**
 * Lets queued messages in before each model call. On wasm a model call settles through promise
 * jobs alone, so a whole run would go by without this worker reading its messages: a Cancel
 * would land only after the last step. A MessageChannel round trip is a task (about 0.05 ms; a
 * setTimeout(0) would be clamped to 4 ms).
 */
function yielding(denoise: Denoiser): Denoiser {
  return async (x, t, y, n) => {
    await new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
    return denoise(x, t, y, n);
  };
}

interface RunContext {
  manifest: Manifest;
  denoisers: Record<ModelRole, Denoiser>;
  signal: AbortSignal;
}

/**
 * Registers an abort controller under the request id, warms the models up for this batch size,
 * runs `job`, then replies done, or cancelled when it was aborted.
 */
async function cancellable(id: number, params: GenerateParams, job: (ctx: RunContext) => Promise<unknown>): Promise<void> {
  if (!loaded) throw new Error('No models are loaded yet; load them before generating.');
  const { manifest, sessions, warm, backend } = loaded;
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const n = params.classes.length * (needsUnconditional(params.guidance) ? 2 : 1);
    if (!warm.has(n)) {
      await warmUp(manifest, sessions, n, backend);
      warm.add(n);
    }
    const denoisers: Record<ModelRole, Denoiser> = { small: yielding(sessions.small.denoise), large: yielding(sessions.large.denoise) };
    await job({ manifest, denoisers, signal: controller.signal });
    post({ type: 'done', id });
  } catch (e) {
    if (isAbortError(e)) post({ type: 'cancelled', id });
    else throw e;
  } finally {
    running.delete(id);
  }
}

function generate(req: Extract<Request, { type: 'generate' }>): Promise<void> {
  return cancellable(req.id, req.params, ({ manifest, denoisers, signal }) =>
    generatePair(
      manifest,
      denoisers,
      req.params,
      {
        onStep: (trajectory, s, elapsedMs) =>
          post(
            { type: 'step', id: req.id, trajectory, index: s.index, steps: s.steps, t: s.t, role: s.role, elapsedMs, x: s.x, x0: s.x0 },
            [s.x.buffer as ArrayBuffer, s.x0.buffer as ArrayBuffer],
          ),
        onTrajectory: (r) => post({ type: 'trajectory', id: req.id, trajectory: r.trajectory, ms: r.ms, calls: r.calls }),
      },
      signal,
    ),
  );
}

function agreement(req: Extract<Request, { type: 'agreement' }>): Promise<void> {
  return cancellable(req.id, req.params, ({ manifest, denoisers, signal }) =>
    measureAgreement(manifest, denoisers, req.params, (p) => post({ type: 'agreement', id: req.id, ...p }), signal),
  );
}

async function handle(req: Request): Promise<void> {
  switch (req.type) {
    case 'probe': {
      post({ type: 'probed', id: req.id, ...(await chooseBackend()) });
      return;
    }
    case 'load':
      return load(req);
    case 'generate':
      return generate(req);
    case 'agreement':
      return agreement(req);
    case 'cancel':
      running.get(req.target)?.abort();
      return;
    case 'release':
      await release();
      post({ type: 'released', id: req.id });
      return;
  }
}

self.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  handle(req).catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    post({ type: 'error', id: req.id, message });
  });
};
