/**
 * The glue every front end uses to run one trajectory of a model set: the page's worker
 * (stitched and large-only, agreement), the benchmark and the evaluation tool.
 */
import type { NoiseSource } from './noise';
import type { ModelRole } from './plan';
import { sample, type Denoisers, type ImageShape, type SampleResult, type StepInfo } from './sample';
import type { SamplerName } from './samplers';
import { alphaBars, type ScheduleSpec } from './schedule';

/** What sampling needs to know of a model set; the manifest carries these fields. */
export interface ModelSetSpec {
  schedule: ScheduleSpec;
  /** Class id of the unconditional branch (classifier-free guidance). */
  nullClass: number;
  image: ImageShape;
}

/** One trajectory: the sampler settings, the plan, the classes and where the noise comes from. */
export interface TrajectorySpec {
  sampler: SamplerName;
  eta: number;
  steps: number;
  /** Which model runs at each step, e.g. stitchingPlan(steps, small). */
  plan: readonly ModelRole[];
  guidance: number;
  /** One class id per image; its length is the batch size. */
  classes: ArrayLike<number>;
  /** Give either seed or noise. */
  seed?: number;
  noise?: NoiseSource;
}

export interface TrajectoryHooks {
  onStep?: (info: StepInfo) => void | Promise<void>;
  signal?: AbortSignal;
}

/** Runs `spec` on `set` with the core's sample() loop. */
export function sampleTrajectory(
  set: ModelSetSpec,
  spec: TrajectorySpec,
  denoisers: Denoisers,
  hooks: TrajectoryHooks = {},
): Promise<SampleResult> {
  return sample({
    alphaBar: alphaBars(set.schedule),
    sampler: spec.sampler,
    eta: spec.eta,
    steps: spec.steps,
    plan: spec.plan,
    guidance: spec.guidance,
    nullClass: set.nullClass,
    classes: Int32Array.from(spec.classes),
    shape: set.image,
    seed: spec.seed,
    noise: spec.noise,
    denoisers,
    onStep: hooks.onStep,
    signal: hooks.signal,
  });
}
