// The runtime worker's lifecycle, owned in one place: which models are open, which runs are in
// flight, and in what order loads and runs may touch them. No onnxruntime and no worker globals
// here: worker.ts hands in the real dependencies, the unit tests fakes.
import { isAbortError, needsUnconditional, planCost, runBench, type Denoiser, type Denoisers, type ModelRole } from '../core';
import { IDEAL_MIN, IDEAL_SLACK, STEADY, warmUntilSteady, type WarmUpResult } from '../core/warmup';
import { gflopsByRole, type Manifest } from '../models/manifest';
import { createRunQueue } from '../models/runQueue';
import type { DecoderSession } from '../models/decoder';
import { plainOrtError, type DenoiserSession } from '../models/session';
import { measureAgreement } from './agreement';
import { createStepDecoder } from './decode';
import { generatePair, type TrajectoryResult } from './generate';
import type { BackendChoice, BackendName, GenerateParams, LoadedDenoiser, Reply, Request, RuntimeBinary, SamplingParams } from './protocol';

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

interface Loaded {
  manifest: Manifest;
  backend: BackendName;
  sessions: Partial<Record<ModelRole, DenoiserSession>>;
  decoder?: DecoderSession;
  /** One warm-up per (model, images per call), shared by whoever asks first and later. */
  warm: Map<string, WarmUp>;
  /** The last warm-up started: the next one's timed calls wait for it (warmUntilSteady's `after`). */
  lastWarm: Promise<unknown>;
}

interface ActiveRun {
  controller: AbortController;
  /** Settles once the run has stopped touching its sessions. */
  finished: Promise<void>;
}

/**
 * Throw-away calls per model at a new batch size until its call times settle (core/warmup.ts
 * STEADY: a stated criterion with a cap, on every backend), so that one-off costs do not land in a
 * trajectory's time: on WebGPU the first call compiles the shaders for the shape; on wasm the
 * engine optimises its code over the first calls. The settled time per call is kept: a run's
 * call far slower than it is timed again (generate.ts).
 *
 * A load waits for the first call per model only: it is the models' test run (a model that fails
 * on WebGPU falls back to wasm), and the page can enable Generate once it is done. The other calls
 * go on after 'loaded', and every run waits for all warm-ups still going before its first model
 * call, so no trajectory's time includes the one-off costs (nor a warm-up call queued between its
 * own). What it saves a cached visit on wasm: docs/results/cached-visit.md.
 */
export const WARM_UP = STEADY;

/** A model's warm-up at one batch size: its first call, and all of it (with its settled call time). */
interface WarmUp {
  first: Promise<void>;
  all: Promise<WarmUpResult>;
}

/** Every warm-up of the set still going (or failed), settled. */
const warmUpsSettled = (set: Loaded) => Promise.allSettled([...set.warm.values()].map((w) => w.all)).then(() => undefined);

/**
 * A performance measure `tstitch:<name>` from `start` (performance.now()) to now, in this worker's
 * timeline: the stages of a load, read by `npm run visits` (tools/cached-visit.ts).
 */
export function measureStage(name: string, start: number): void {
  performance.measure(`tstitch:${name}`, { start, end: performance.now() });
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

/** True when the baseline took longer against the stitched trajectory than the models' FLOPs allow (core/warmup.ts IDEAL_SLACK). */
export function beyondFlops(manifest: Manifest, plans: GenerateParams['plans'], results: readonly TrajectoryResult[]): boolean {
  const gflops = gflopsByRole(manifest);
  const ms = Object.fromEntries(results.map((r) => [r.trajectory, r.ms]));
  let ideal: number;
  try {
    ideal = planCost(plans.baseline.counts, gflops) / planCost(plans.stitched.counts, gflops);
  } catch {
    return false; // no costs in the manifest: nothing to hold the measurement to
  }
  return ideal >= IDEAL_MIN && ms.stitched > 0 && ms.baseline / ms.stitched > ideal * (1 + IDEAL_SLACK);
}

/** Images per model call: the batch, doubled by classifier-free guidance. */
const imagesPerCall = (batch: number, guidance: number) => batch * (needsUnconditional(guidance) ? 2 : 1);

export function createWorkerRuntime(deps: RuntimeDeps) {
  const now = deps.now ?? (() => performance.now());
  let loaded: Loaded | null = null;
  /** Loads (with the release of what they replace) and the start of runs, one at a time, in arrival order. */
  const lifecycle = createRunQueue();
  const runs = new Map<number, ActiveRun>();

  const release = (sessions: Partial<Record<ModelRole, DenoiserSession>>, decoder?: DecoderSession) =>
    Promise.all([...Object.values(sessions), ...(decoder ? [decoder] : [])].map((s) => s.release()));

  /** Starts (once per model and size) the warm-up of every model of `set` at `n` images per call. */
  function warmUp(set: Loaded, n: number): { first: Promise<void>; all: Promise<Partial<Record<ModelRole, number>>> } {
    const { channels, height, width } = set.manifest.image;
    const once = (session: DenoiserSession, key: string): WarmUp => {
      const t0 = performance.now();
      const call = () => session.denoise(new Float32Array(n * channels * height * width), set.manifest.schedule.T - 1, new Int32Array(n).fill(set.manifest.nullClass), n);
      const { first, all } = warmUntilSteady(call, now, WARM_UP[set.backend], set.lastWarm);
      set.lastWarm = all;
      return {
        first,
        all: all.then((r) => {
          measureStage(`warm-up:${key}`, t0);
          return r;
        }),
      };
    };
    const entries = Object.entries(set.sessions) as [ModelRole, DenoiserSession][];
    const all = entries.map(([role, session]) => {
      const key = `${role}@${n}`;
      let warm = set.warm.get(key);
      if (!warm) {
        warm = once(session, key);
        const forget = () => {
          if (set.warm.get(key) === warm) set.warm.delete(key); // the next run tries again
        };
        warm.all.catch(forget); // also handles the rejection when no run is waiting for it
        set.warm.set(key, warm);
      }
      return warm;
    });
    const both = {
      first: Promise.all(all.map((w) => w.first)).then(() => undefined),
      /** Each model's settled milliseconds per call at `n` images. */
      all: Promise.all(all.map((w) => w.all)).then((r) => Object.fromEntries(entries.map(([role], i) => [role, r[i].steadyMs])) as Partial<Record<ModelRole, number>>),
    };
    // A caller awaits one of the two; the other's failure is the same error, already handled there.
    both.first.catch(() => undefined);
    both.all.catch(() => undefined);
    return both;
  }

  /** Open on `backend` and warm up at the manifest's default batch; nothing stays open on failure. */
  async function openWarm(req: LoadRequest, backend: BackendName): Promise<{ set: Loaded; opened: OpenedModels }> {
    const t0 = performance.now();
    const opened = await deps.open(req, backend, (p) => deps.post({ type: 'progress', id: req.id, ...p }));
    measureStage(`open:${backend}`, t0);
    const set: Loaded = { manifest: req.manifest, backend, sessions: opened.sessions, decoder: opened.decoder, warm: new Map(), lastWarm: Promise.resolve() };
    try {
      const t1 = performance.now();
      await warmUp(set, imagesPerCall(1, req.manifest.defaults.guidance)).first;
      measureStage(`warm-up:${backend}`, t1);
    } catch (e) {
      await warmUpsSettled(set);
      await release(opened.sessions, opened.decoder);
      throw new Error(`A first test run of the models on ${backend} failed: ${firstRunAdvice((e as Error).message, req.manifest.nullClass)}`, { cause: e });
    }
    return { set, opened };
  }

  async function load(req: LoadRequest): Promise<void> {
    const origin = new URL(req.manifestUrl).origin;
    // A local set's files were handed over by the page (the user's own disk); nothing is fetched.
    if (!req.local && origin !== deps.origin) throw new Error(`Refusing to load models from ${origin}: only this app's own origin is allowed.`);
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
  const yielding = (denoise: Denoiser): Denoiser => async (x, t, y, n) => {
    await deps.yieldToMessages();
    return denoise(x, t, y, n);
  };

  interface RunContext {
    manifest: Manifest;
    denoisers: Denoisers;
    /** Each model's settled milliseconds per call at this run's batch (its warm-up's). */
    settledMs: Partial<Record<ModelRole, number>>;
    decoder?: DecoderSession;
    signal: AbortSignal;
  }

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
      const own = warmUp(current, n).all;
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
      case 'load':
        return load(req);
      case 'generate':
        return run(req.id, perCall(req.params), async ({ manifest, denoisers, settledMs, decoder, signal }) => {
          // A latent set: each trajectory's previews through the decoder (decode.ts), its cost reported apart.
          const n = req.params.classes.length;
          const decoders = decoder && manifest.decoder
            ? Object.fromEntries((['stitched', 'baseline'] as const).map((t) => [t, createStepDecoder(decoder, manifest.image, manifest.decoder!.output, manifest.decoder!.latentScale, req.params.decodeEveryStep ?? false)]))
            : undefined;
          const timing = { settledMs, now };
          let results = await generatePair(manifest, denoisers, req.params, {
            onStep: (trajectory, s, elapsedMs) =>
              deps.post(
                {
                  type: 'step', id: req.id, trajectory, index: s.index, steps: s.steps, t: s.t, role: s.role, elapsedMs, x: s.x, x0: s.x0,
                  decoded: s.decoded,
                },
                [s.x.buffer as ArrayBuffer, s.x0.buffer as ArrayBuffer],
              ),
            onTrajectory: () => {},
            show: decoders ? (trajectory, info) => decoders[trajectory].show(info, n) : undefined,
          }, signal, timing);
          // Faster than the FLOPs allow: the engine sped up during the run (a background compile
          // finishing), which the trajectory that reached the large model first paid for. Time the
          // same pair once more, without drawing (same seed, same images), and report that.
          const retaken = beyondFlops(manifest, req.params.plans, results);
          if (retaken) results = await generatePair(manifest, denoisers, req.params, { onStep: () => {}, onTrajectory: () => {} }, signal, timing);
          for (const r of results) {
            deps.post({
              type: 'trajectory', id: req.id, trajectory: r.trajectory, ms: r.ms, modelMs: r.modelMs, calls: r.calls, retimed: r.retimed, retaken,
              decode: decoders?.[r.trajectory].cost(),
            });
          }
        });
      case 'agreement':
        return run(req.id, perCall(req.params), ({ manifest, denoisers, signal }) =>
          measureAgreement(manifest, denoisers, req.params, (p) => deps.post({ type: 'agreement', id: req.id, ...p }), signal),
        );
      case 'bench':
        return run(req.id, imagesPerCall(req.config.batch, req.config.guidance), async ({ manifest, denoisers, signal }) => {
          const result = await runBench(manifest, denoisers, req.config, (message) => deps.post({ type: 'bench-progress', id: req.id, message }), undefined, signal);
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
