// The runtime worker's lifecycle, owned in one place: which models are open, which runs are in
// flight, and in what order loads and runs may touch them. No onnxruntime and no worker globals
// here: worker.ts hands in the real dependencies, the unit tests fakes.
import { isAbortError, runBench, type Denoiser, type Denoisers, type ModelRole } from '../core';
import { createRunQueue } from '../models/runQueue';
import type { DecoderSession } from '../models/decoder';
import type { Manifest } from '../models/manifest';
import { plainOrtError, type DenoiserSession } from '../models/session';
import { measureAgreement } from './agreement';
import { runGeneration, type GenerationContext } from './generate';
import type { BackendChoice, BackendName, LoadedDenoiser, Reply, Request, RuntimeBinary, SamplingParams } from './protocol';
import { imagesPerCall, measureStage, warmUp, warmUpsSettled, type WarmSet } from './warmUp';

export type LoadRequest = Extract<Request, { type: 'load' }>;
export type ProgressReply = Extract<Reply, { type: 'progress' }>;

/** What opening a model set on one backend gives. */
export interface OpenedModels {
  /** The roles the load asked for. */
  sessions: Partial<Record<ModelRole, DenoiserSession>>;
  /** A latent set's decoder (manifest format 2). */
  decoder?: DecoderSession;
  info: LoadedDenoiser[];
  /** onnxruntime's wasm binary as the worker got it; absent when onnxruntime fetched it itself. */
  runtime?: RuntimeBinary;
}

export interface RuntimeDeps {
  post(msg: Reply, transfer?: Transferable[]): void;
  /** This worker's origin: models load from nowhere else. */
  origin: string;
  /** `softwareGpu`: a software (fallback) WebGPU adapter may be used (backend.ts). */
  probe(softwareGpu?: boolean): Promise<BackendChoice>;
  /** Fetch and check a served set's manifest (models/readManifest.ts fetchManifest). */
  readManifest(url: string): Promise<Manifest>;
  /** Download (or read from cache), verify and open every denoiser of `req.manifest` on `backend`. */
  open(req: LoadRequest, backend: BackendName, onProgress: (p: Omit<ProgressReply, 'type' | 'id'>) => void): Promise<OpenedModels>;
  /** Resolves with the reason once the GPU device the WebGPU sessions use is lost; never on wasm. */
  deviceLost(): Promise<string>;
  /** Same-origin files this worker fetched (its script, onnxruntime's wasm), for the offline copy. */
  resources(): string[];
  /** Lets queued messages in: a wasm model call settles through promise jobs alone. */
  yieldToMessages(): Promise<void>;
  now?: () => number;
}

interface Loaded extends WarmSet {
  decoder?: DecoderSession;
}

interface ActiveRun {
  controller: AbortController;
  /** Settles once the run has stopped touching its sessions. */
  finished: Promise<void>;
}

/**
 * The first test run sends the null class (what guidance's unconditional half uses): a model whose
 * class embedding has no row for it fails in a Gather. Say so, and what to change.
 */
export function firstRunAdvice(message: string, nullClass: number): string {
  const plain = plainOrtError(message);
  if (!/gather|indices|out of (data )?bounds|out of range/i.test(plain)) return plain;
  return (
    `${plain}. The test run asks each model for class ${nullClass}, the manifest's nullClass (the unconditional class of guidance): ` +
    `a model trained without label dropout has no row for it in its class embedding. Give the embedding a null row (one more than ` +
    `the classes), or set nullClass to a real class id (then guidance mixes two conditional predictions).`
  );
}

export function createWorkerRuntime(deps: RuntimeDeps) {
  const now = deps.now ?? (() => performance.now());
  let loaded: Loaded | null = null;
  /** Loads (with the release of what they replace) and the start of runs, one at a time, in arrival order. */
  const lifecycle = createRunQueue();
  const runs = new Map<number, ActiveRun>();

  const release = (sessions: Partial<Record<ModelRole, DenoiserSession>>, decoder?: DecoderSession) =>
    Promise.all([...Object.values(sessions), ...(decoder ? [decoder] : [])].map((s) => s.release()));

  /** Open on `backend` and warm up at the manifest's default batch; nothing stays open on failure. */
  async function openWarm(req: LoadRequest, backend: BackendName): Promise<{ set: Loaded; opened: OpenedModels }> {
    const t0 = performance.now();
    const opened = await deps.open(req, backend, (p) => deps.post({ type: 'progress', id: req.id, ...p }));
    measureStage(`open:${backend}`, t0);
    const set: Loaded = {
      manifest: req.manifest,
      backend,
      sessions: opened.sessions,
      decoder: opened.decoder,
      warm: new Map(),
      lastWarm: Promise.resolve(),
    };
    try {
      const t1 = performance.now();
      await warmUp(set, imagesPerCall(1, req.manifest.defaults.guidance), now).first;
      measureStage(`warm-up:${backend}`, t1);
    } catch (e) {
      await warmUpsSettled(set);
      await release(opened.sessions, opened.decoder);
      throw new Error(
        `A first test run of the models on ${backend} failed: ${firstRunAdvice((e as Error).message, req.manifest.nullClass)}`,
        { cause: e },
      );
    }
    return { set, opened };
  }

  async function load(req: LoadRequest): Promise<void> {
    const origin = new URL(req.manifestUrl).origin;
    // A local set's files were handed over by the page (the user's own disk); nothing is fetched.
    if (!req.local && origin !== deps.origin)
      throw new Error(`Refusing to load models from ${origin}: only this app's own origin is allowed.`);
    // Runs asked for before this load end now, as cancels; the sessions go once they have stopped.
    const before = [...runs.values()];
    for (const run of before) run.controller.abort();
    await lifecycle(async () => {
      await Promise.all(before.map((r) => r.finished));
      // The models in use stay open until the new ones have passed every check and their first
      // test run: a set that is refused leaves them as they were (the page keeps using them).
      const previous = loaded;
      if (previous) await warmUpsSettled(previous); // its calls would be timed into the new set's warm-up
      const start = now();
      const t0 = performance.now();
      const choice = await deps.probe(req.softwareGpu); // the adapter this worker sees is the one onnxruntime will use
      measureStage('probe', t0);
      let backend: BackendName = req.backend === 'webgpu' ? choice.backend : 'wasm';
      let fallbackReason = backend === 'wasm' ? (choice.fallbackReason ?? 'wasm was requested.') : undefined;
      let result;
      try {
        result = await openWarm(req, backend);
      } catch (e) {
        // A model that fails only on WebGPU (missing kernel, device lost) still runs on wasm.
        if (backend !== 'webgpu' || (e as Error).name === 'ModelFileError') throw e;
        backend = 'wasm';
        fallbackReason = `The models failed on WebGPU: ${(e as Error).message}`;
        result = await openWarm(req, backend);
      }
      if (previous) await release(previous.sessions, previous.decoder);
      const current = result.set;
      loaded = current;
      if (backend === 'webgpu') {
        void deps.deviceLost().then((reason) => {
          if (loaded === current) deps.post({ type: 'device-lost', id: 0, reason });
        });
      }
      deps.post({
        type: 'loaded',
        id: req.id,
        backend,
        fallbackReason,
        adapter: backend === 'webgpu' ? choice.adapter : undefined,
        denoisers: result.opened.info,
        runtime: result.opened.runtime,
        loadMs: now() - start,
        resources: deps.resources(),
      });
      measureStage('load', t0);
    });
  }

  /** A model call that first lets queued messages (a cancel) in. */
  const yielding =
    (denoise: Denoiser): Denoiser =>
    async (x, t, y, n) => {
      await deps.yieldToMessages();
      return denoise(x, t, y, n);
    };

  /** What a run gets: the models open when its turn came, warmed up for its batch. */
  type RunContext = Omit<GenerationContext, 'now' | 'post'>;

  /**
   * A run (generate, agreement, bench): registered at once, so a later load cancels it; started
   * after the loads asked for before it; warmed up for its batch; answered done, cancelled or error.
   */
  async function run(id: number, n: number, job: (ctx: RunContext) => Promise<unknown>): Promise<void> {
    const controller = new AbortController();
    let finish!: () => void;
    runs.set(id, { controller, finished: new Promise<void>((resolve) => (finish = resolve)) });
    try {
      const current = await lifecycle(async () => loaded);
      if (controller.signal.aborted) return deps.post({ type: 'cancelled', id });
      if (!current) throw new Error('No models are loaded yet; load them before generating.');
      const own = warmUp(current, n, now).all;
      await warmUpsSettled(current); // none may queue a call between this run's
      const settledMs = await own;
      const denoisers: Denoisers = Object.fromEntries(Object.entries(current.sessions).map(([role, s]) => [role, yielding(s.denoise)]));
      await job({ manifest: current.manifest, denoisers, settledMs, decoder: current.decoder, signal: controller.signal });
      deps.post({ type: 'done', id });
    } catch (e) {
      if (!isAbortError(e)) throw e;
      deps.post({ type: 'cancelled', id });
    } finally {
      runs.delete(id);
      finish();
    }
  }

  const perCall = (p: SamplingParams) => imagesPerCall(p.classes.length, p.guidance);

  async function dispatch(req: Request): Promise<void> {
    switch (req.type) {
      case 'probe':
        return deps.post({ type: 'probed', id: req.id, ...(await deps.probe(req.softwareGpu)) });
      case 'manifest':
        return deps.post({ type: 'manifest', id: req.id, manifest: await deps.readManifest(req.url) });
      case 'load':
        return load(req);
      case 'generate':
        return run(req.id, perCall(req.params), (ctx) => runGeneration(req, { ...ctx, now, post: deps.post }));
      case 'agreement':
        return run(req.id, perCall(req.params), ({ manifest, denoisers, signal }) =>
          measureAgreement(manifest, denoisers, req.params, (p) => deps.post({ type: 'agreement', id: req.id, ...p }), signal),
        );
      case 'bench':
        return run(req.id, imagesPerCall(req.config.batch, req.config.guidance), async ({ manifest, denoisers, signal }) => {
          const result = await runBench(
            manifest,
            denoisers,
            req.config,
            (message) => deps.post({ type: 'bench-progress', id: req.id, message }),
            undefined,
            signal,
          );
          deps.post({ type: 'bench-result', id: req.id, result });
        });
      case 'cancel':
        runs.get(req.target)?.controller.abort();
        return;
    }
  }

  return {
    /** Handles one request; settles when it has been answered. */
    async handle(req: Request): Promise<void> {
      performance.mark(`tstitch:request:${req.type}`);
      try {
        await dispatch(req);
      } catch (e) {
        deps.post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
      }
    },
  };
}
