/// <reference lib="webworker" />
// The runtime worker: downloads and opens the denoisers, runs the sampling loop, posts every step.
// The page never touches onnxruntime; this worker is where sessions live and die.
import { isAbortError, type Denoiser, type ModelRole } from '../core';
import { chooseBackend } from './backend';
import { createDenoiserSession, createRunQueue, type DenoiserSession } from './denoiser';
import { fetchVerified } from './fetchModel';
import { generatePair } from './generate';
import { denoiserFor, modelFileUrl, type Manifest } from './manifest';
import { webOrt } from './ortWeb';
import type { LoadedDenoiser, Reply, Request } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

interface Loaded {
  manifest: Manifest;
  sessions: Record<ModelRole, DenoiserSession>;
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
 * One throw-away call per model at the batch size generation uses, so that one-off costs
 * (WebGPU shader compilation, buffer allocation) do not land in the first trajectory's time.
 */
async function warmUp(manifest: Manifest, sessions: Record<ModelRole, DenoiserSession>): Promise<void> {
  const n = manifest.defaults.guidance !== 1 ? 2 : 1;
  const { channels, height, width } = manifest.image;
  for (const s of Object.values(sessions)) {
    await s.denoise(new Float32Array(n * channels * height * width), manifest.schedule.T - 1, new Int32Array(n).fill(manifest.nullClass), n);
  }
}

async function openAll(manifest: Manifest, manifestUrl: string, backend: 'webgpu' | 'wasm') {
  const ort = webOrt();
  const sessions: Partial<Record<ModelRole, DenoiserSession>> = {};
  const info: LoadedDenoiser[] = [];
  try {
    for (const role of ['small', 'large'] as const) {
      const entry = denoiserFor(manifest, role);
      const bytes = await fetchVerified(modelFileUrl(manifestUrl, entry.file), entry.file, entry.sha256);
      sessions[role] = await createDenoiserSession(ort, new Uint8Array(bytes), {
        id: entry.id,
        backend,
        image: manifest.image,
        queue,
      });
      info.push({ id: entry.id, role, file: entry.file, bytes: bytes.byteLength });
    }
  } catch (e) {
    await Promise.all(Object.values(sessions).map((s) => s.release()));
    throw e;
  }
  const opened = sessions as Record<ModelRole, DenoiserSession>;
  try {
    await warmUp(manifest, opened);
  } catch (e) {
    await Promise.all(Object.values(opened).map((s) => s.release()));
    throw new Error(`A first test run of the models on ${backend} failed: ${(e as Error).message}`);
  }
  return { sessions: opened, info };
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
    opened = await openAll(req.manifest, req.manifestUrl, backend);
  } catch (e) {
    // A model that fails only on WebGPU (missing kernel, device lost) still runs on wasm.
    if (backend !== 'webgpu' || (e as Error).name === 'ModelFileError') throw e;
    backend = 'wasm';
    fallbackReason = `The models failed on WebGPU: ${(e as Error).message}`;
    opened = await openAll(req.manifest, req.manifestUrl, backend);
  }
  loaded = { manifest: req.manifest, sessions: opened.sessions };
  post({ type: 'loaded', id: req.id, backend, fallbackReason, denoisers: opened.info, loadMs: performance.now() - start });
}

async function generate(req: Extract<Request, { type: 'generate' }>): Promise<void> {
  if (!loaded) throw new Error('No models are loaded yet; load them before generating.');
  const { manifest, sessions } = loaded;
  const denoisers: Record<ModelRole, Denoiser> = { small: sessions.small.denoise, large: sessions.large.denoise };
  const controller = new AbortController();
  running.set(req.id, controller);
  try {
    await generatePair(
      manifest,
      denoisers,
      req.params,
      {
        onStep: (trajectory, s) =>
          post({ type: 'step', id: req.id, trajectory, index: s.index, steps: s.steps, t: s.t, role: s.role, x: s.x, x0: s.x0 }, [
            s.x.buffer as ArrayBuffer,
            s.x0.buffer as ArrayBuffer,
          ]),
        onTrajectory: (r) => post({ type: 'trajectory', id: req.id, trajectory: r.trajectory, ms: r.ms, calls: r.calls }),
      },
      controller.signal,
    );
    post({ type: 'done', id: req.id });
  } catch (e) {
    if (isAbortError(e)) post({ type: 'cancelled', id: req.id });
    else throw e;
  } finally {
    running.delete(req.id);
  }
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
