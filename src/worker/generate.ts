// The two trajectories of one generation from the same seed, run in turns, one model call each,
// and the `generate` request around them (runGeneration: a latent set's previews, the retake of a
// timing faster than the FLOPs allow). No onnxruntime here: denoisers come in as core Denoiser
// callbacks (tested with fakes).
import {
  fasterThanFlops,
  isAbortError,
  planSteps,
  sampleTrajectory,
  type Denoiser,
  type Denoisers,
  type ModelRole,
  type ModelSetSpec,
  type PlanSpec,
  type StepCounts,
  type StepInfo,
} from '../core';
import { RETIME } from '../core/warmup';
import type { DecoderSession } from '../models/decoder';
import { displayShape, gflopsByRole, type Manifest } from '../models/manifest';
import { createRunQueue } from '../models/runQueue';
import { createStepDecoder, type StepDecoder } from './decode';
import type { GenerateParams, Reply, Request, StepMessage, Trajectory } from './protocol';

export interface TrajectoryResult {
  trajectory: Trajectory;
  /** Milliseconds spent in this trajectory's own model calls. */
  ms: number;
  /** The same, per model: with `calls`, the time one call of each model takes here. */
  modelMs: Record<ModelRole, number>;
  calls: StepCounts;
  /** Calls timed again because they were far slower than their model's settled time (warmup.ts RETIME). */
  retimed: number;
  image: Float32Array;
}

export interface GenerateHooks {
  /**
   * Each step as the page gets it (protocol.ts StepMessage) but for what the request adds (its id,
   * the images' shape): x and x0 as the previews show them (see `show`), `elapsedMs` this
   * trajectory's model time so far.
   */
  onStep(step: Omit<StepMessage, 'type' | 'id' | 'image'>): void;
  onTrajectory(result: TrajectoryResult): void;
  /**
   * A latent set's previews (decode.ts): x_t and x0 as images. Runs behind the same lock as the
   * model calls, untimed, so a decoder call never lands in either trajectory's time.
   */
  show?(trajectory: Trajectory, info: StepInfo): Promise<Pick<StepMessage, 'x' | 'x0' | 'decoded'>>;
}

export interface PairTiming {
  /** Each model's settled milliseconds per call at this run's batch (the warm-up's); absent: nothing is timed again. */
  settledMs?: Partial<Record<ModelRole, number>>;
  /** The clock (performance.now in the worker; a fake in tests). */
  now?: () => number;
}

/**
 * The stitched plan and its comparison (large-only, fewer steps, another order), both from `seed`, so x_T is
 * identical. Two sample() loops run at once and a lock lets one model call through at a time, so
 * the trajectories advance in turns. Each is timed by its own calls only: both see the same
 * machine state (wasm tier-up after load, other load on the CPU), which a one-after-the-other run
 * would charge to whichever went first. A call far slower than its model's settled time (what is
 * left of warm-up: the wasm engine optimising late, a shader compile) is timed again with the same
 * inputs and the faster time counts (warmup.ts RETIME), so that leftover cannot favour the
 * trajectory that reaches the large model later.
 */
export async function generatePair(
  set: ModelSetSpec,
  denoisers: Denoisers,
  params: GenerateParams,
  hooks: GenerateHooks,
  signal?: AbortSignal,
  timing: PairTiming = {},
): Promise<TrajectoryResult[]> {
  const now = timing.now ?? (() => performance.now());
  const lock = createRunQueue();
  // One failing trajectory stops the other; so does the caller's signal.
  const stop = new AbortController();
  const abort = () => stop.abort();
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort);

  const run = async (trajectory: Trajectory, plan: PlanSpec): Promise<TrajectoryResult> => {
    let ms = 0;
    let retimed = 0;
    const modelMs = { small: 0, medium: 0, large: 0 };
    const maxRetimes = Math.floor(RETIME.maxShare * plan.steps);
    // Timed inside the lock: waiting for the other trajectory's call is not this one's time.
    const timed =
      (role: ModelRole, d: Denoiser): Denoiser =>
      (x, t, y, n) =>
        lock(async () => {
          let start = now();
          let took = 0;
          try {
            const out = await d(x, t, y, n);
            took = now() - start;
            const settled = timing.settledMs?.[role];
            if (settled !== undefined && took > RETIME.factor * settled && retimed < maxRetimes && !stop.signal.aborted) {
              retimed++;
              start = now();
              await d(x, t, y, n); // the same call again: its output is the same, only its time is wanted
              took = Math.min(took, now() - start);
            }
            return out;
          } finally {
            if (took === 0) took = now() - start; // a failed call still took its time
            ms += took;
            modelMs[role] += took;
          }
        });
    const out = await sampleTrajectory(
      set,
      { ...params, steps: plan.steps, plan: planSteps(plan.counts, plan.order) },
      Object.fromEntries(Object.entries(denoisers).map(([role, d]) => [role, timed(role as ModelRole, d)])),
      {
        signal: stop.signal,
        onStep: async (info) => {
          const shown = hooks.show ? await lock(() => hooks.show!(trajectory, info)) : undefined;
          const { index, steps, t, role, x, x0 } = info;
          hooks.onStep({ trajectory, index, steps, t, role, elapsedMs: ms, x, x0, ...shown });
        },
      },
    );
    const result = { trajectory, ms, modelMs, calls: out.calls, retimed, image: out.x0 };
    hooks.onTrajectory(result);
    return result;
  };

  const failFast = (p: Promise<TrajectoryResult>) =>
    p.catch((e: unknown) => {
      abort();
      throw e;
    });
  try {
    // Wait for both loops to stop before reporting, so nothing runs on after a cancel.
    const settled = await Promise.allSettled([
      failFast(run('stitched', params.plans.stitched)),
      failFast(run('baseline', params.plans.baseline)),
    ]);
    const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    if (errors.length > 0) throw errors.find((e) => !isAbortError(e)) ?? errors[0];
    return settled.map((s) => (s as PromiseFulfilledResult<TrajectoryResult>).value);
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

export type GenerateRequest = Extract<Request, { type: 'generate' }>;

/** What a generation runs on: the models open when its turn came (runtime.ts), and where replies go. */
export interface GenerationContext {
  manifest: Manifest;
  denoisers: Denoisers;
  /** Each model's settled milliseconds per call at this run's batch (its warm-up's). */
  settledMs: Partial<Record<ModelRole, number>>;
  /** A latent set's decoder (manifest format 2). */
  decoder?: DecoderSession;
  signal: AbortSignal;
  now: () => number;
  post(msg: Reply, transfer?: Transferable[]): void;
}

/** A latent set's previews: one step decoder per trajectory (decode.ts), each counting its own cost; none for a pixel set. */
function stepDecoders(
  manifest: Manifest,
  decoder: DecoderSession | undefined,
  everyStep: boolean,
): Record<Trajectory, StepDecoder> | undefined {
  const spec = manifest.decoder;
  if (!decoder || !spec) return undefined;
  const make = () => createStepDecoder(decoder, manifest.image, spec.output, spec.latentScale, everyStep);
  return { stitched: make(), baseline: make() };
}

/**
 * A `generate` request: both trajectories (generatePair), every step posted as it is done (its
 * pixels transferred), then each trajectory's times. A pair timed faster than the FLOPs allow
 * (core/ideal.ts fasterThanFlops) is timed once more, without drawing (same seed, same images), and
 * that is reported: the engine sped up during the run (a background compile finishing), which the
 * trajectory that reached the large model first paid for.
 */
export async function runGeneration(req: GenerateRequest, ctx: GenerationContext): Promise<void> {
  const { manifest, denoisers, signal, post } = ctx;
  const { params } = req;
  const n = params.classes.length;
  const image = displayShape(manifest);
  const decoders = stepDecoders(manifest, ctx.decoder, params.decodeEveryStep ?? false);
  const timing = { settledMs: ctx.settledMs, now: ctx.now };
  let results = await generatePair(
    manifest,
    denoisers,
    params,
    {
      onStep: (step) => post({ type: 'step', id: req.id, image, ...step }, [step.x.buffer as ArrayBuffer, step.x0.buffer as ArrayBuffer]),
      onTrajectory: () => {},
      show: decoders ? (trajectory, info) => decoders[trajectory].show(info, n) : undefined,
    },
    signal,
    timing,
  );
  const ms = Object.fromEntries(results.map((r) => [r.trajectory, r.ms]));
  const retaken = fasterThanFlops(params.plans, gflopsByRole(manifest), ms);
  if (retaken) results = await generatePair(manifest, denoisers, params, { onStep: () => {}, onTrajectory: () => {} }, signal, timing);
  for (const r of results) {
    post({
      type: 'trajectory',
      id: req.id,
      trajectory: r.trajectory,
      ms: r.ms,
      modelMs: r.modelMs,
      calls: r.calls,
      retimed: r.retimed,
      retaken,
      decode: decoders?.[r.trajectory].cost(),
    });
  }
}
