// Warm-up of the open models: once per (model, images per call), shared by whoever asks first,
// until the call times settle (core/warmup.ts); and the performance measures of a load's stages.
import { needsUnconditional, type ModelRole } from '../core';
import { STEADY, warmUntilSteady, type WarmUpResult } from '../core/warmup';
import type { Manifest } from '../models/manifest';
import type { DenoiserSession } from '../models/session';
import type { BackendName } from './protocol';

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
export const warmUpsSettled = (set: WarmSet) => Promise.allSettled([...set.warm.values()].map((w) => w.all)).then(() => undefined);

/** The open models a warm-up runs on (runtime.ts keeps one per load). */
export interface WarmSet {
  manifest: Manifest;
  backend: BackendName;
  sessions: Partial<Record<ModelRole, DenoiserSession>>;
  /** One warm-up per (model, images per call), shared by whoever asks first and later. */
  warm: Map<string, WarmUp>;
  /** The last warm-up started: the next one's timed calls wait for it (warmUntilSteady's `after`). */
  lastWarm: Promise<unknown>;
}

/**
 * A performance measure `tstitch:<name>` from `start` (performance.now()) to now, in this worker's
 * timeline: the stages of a load, read by `npm run visits` (tools/site/cached-visit.ts).
 */
export function measureStage(name: string, start: number): void {
  performance.measure(`tstitch:${name}`, { start, end: performance.now() });
}

/** Images per model call: the batch, doubled by classifier-free guidance. */
export const imagesPerCall = (batch: number, guidance: number) => batch * (needsUnconditional(guidance) ? 2 : 1);

/** Starts (once per model and size) the warm-up of every model of `set` at `n` images per call. */
export function warmUp(
  set: WarmSet,
  n: number,
  now: () => number,
): { first: Promise<void>; all: Promise<Partial<Record<ModelRole, number>>> } {
  const { channels, height, width } = set.manifest.image;
  const once = (session: DenoiserSession, key: string): WarmUp => {
    const t0 = performance.now();
    const call = () =>
      session.denoise(
        new Float32Array(n * channels * height * width),
        set.manifest.schedule.T - 1,
        new Int32Array(n).fill(set.manifest.nullClass),
        n,
      );
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
    all: Promise.all(all.map((w) => w.all)).then(
      (r) => Object.fromEntries(entries.map(([role], i) => [role, r[i].steadyMs])) as Partial<Record<ModelRole, number>>,
    ),
  };
  // A caller awaits one of the two; the other's failure is the same error, already handled there.
  both.first.catch(() => undefined);
  both.all.catch(() => undefined);
  return both;
}
