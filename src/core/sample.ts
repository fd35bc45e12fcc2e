/** The sampling loop: one pass from x_T to x_0 that follows a stitching plan step by step. */
import { combineGuidance, guidedBatch } from './guidance';
import { createNoise, type NoiseSource } from './noise';
import { MODEL_ROLES, type ModelRole, type StepCounts } from './plan';
import { createSampler, type SamplerName } from './samplers';
import { samplingTimesteps } from './schedule';

/**
 * Predicts eps for n images x (n*C*H*W values, NCHW) at timestep t (0..T-1, the same for the
 * whole batch) with class ids y (nullClass = unconditional). Resolves to n*C*H*W values.
 * x may be the loop's own latent: read it, do not mutate or transfer it.
 */
export type Denoiser = (x: Float32Array, t: number, y: Int32Array, n: number) => Promise<Float32Array>;

/** The denoisers of a set by role; a plan needs only the roles it runs. */
export type Denoisers = Partial<Record<ModelRole, Denoiser>>;

export interface ImageShape {
  channels: number;
  height: number;
  width: number;
}

/** What onStep sees after each step. x and x0 are copies the caller may keep or transfer. */
export interface StepInfo {
  /** 0-based step number. */
  index: number;
  steps: number;
  /** The timestep this step denoised from. */
  t: number;
  role: ModelRole;
  /** x_{t_prev}: the latent after this step (the final image after the last one). */
  x: Float32Array;
  /** The clean image predicted at this step. */
  x0: Float32Array;
}

export interface SampleOptions {
  /** alphaBar_t for t = 0..T-1, from alphaBars(schedule). */
  alphaBar: Float64Array;
  sampler: SamplerName;
  /** DDIM only; 0 (deterministic) by default. */
  eta?: number;
  steps: number;
  /** Which model runs at each step, e.g. stitchingPlan(steps, small) or planSteps(counts, order). */
  plan: readonly ModelRole[];
  /** Classifier-free guidance scale w; 1 runs the conditional model alone. */
  guidance: number;
  nullClass: number;
  /** One class id per image; its length is the batch size. */
  classes: Int32Array;
  shape: ImageShape;
  /** Seed for createNoise; give either seed or noise. */
  seed?: number;
  noise?: NoiseSource;
  /** Only the roles the plan uses are required. */
  denoisers: Denoisers;
  onStep?: (info: StepInfo) => void | Promise<void>;
  signal?: AbortSignal;
  /** Clip predicted x0 to [-1, 1]; true by default. */
  clipDenoised?: boolean;
}

export interface SampleResult {
  /** The final images, NCHW, batch = classes.length. */
  x0: Float32Array;
  /** Denoiser calls per role (one per step, whatever the guidance). */
  calls: StepCounts;
  /** Milliseconds spent awaiting each role's denoiser. */
  modelMs: Record<ModelRole, number>;
}

/** The error sample() rejects with when its signal aborts; name 'AbortError' like fetch's. */
export function createAbortError(): Error {
  return Object.assign(new Error('Sampling cancelled'), { name: 'AbortError' });
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

function validate(o: SampleOptions): void {
  if (!(o.alphaBar instanceof Float64Array) || o.alphaBar.length < 1) {
    throw new Error('alphaBar must be a non-empty Float64Array (use alphaBars(schedule))');
  }
  samplingTimesteps(o.alphaBar.length, o.steps); // throws a clear error for bad steps
  if (o.plan.length !== o.steps) {
    throw new Error(`plan has ${o.plan.length} entries but steps is ${o.steps}`);
  }
  o.plan.forEach((role, i) => {
    if (!MODEL_ROLES.includes(role)) {
      throw new Error(`plan[${i}] is ${JSON.stringify(role)}; use ${MODEL_ROLES.map((r) => `'${r}'`).join(', ')}`);
    }
    if (typeof o.denoisers[role] !== 'function') {
      throw new Error(`plan runs the ${role} model at step ${i} but no ${role} denoiser was given`);
    }
  });
  if (!Number.isFinite(o.guidance)) throw new Error(`guidance must be a finite number, got ${o.guidance}`);
  if (!Number.isInteger(o.nullClass)) throw new Error(`nullClass must be an integer, got ${o.nullClass}`);
  if (!(o.classes instanceof Int32Array) || o.classes.length < 1) {
    throw new Error('classes must be a non-empty Int32Array (one class id per image)');
  }
  for (const name of ['channels', 'height', 'width'] as const) {
    const v = o.shape?.[name];
    if (!Number.isInteger(v) || v < 1) {
      throw new Error(`shape.${name} must be a positive integer, got ${v}`);
    }
  }
  if ((o.seed === undefined) === (o.noise === undefined)) {
    throw new Error('give exactly one of seed or noise');
  }
}

/**
 * Samples classes.length images, running plan[i] at step i (T-Stitch, Pan et al. 2024).
 * x_T is drawn first, then per-step noise in step order, so runs with the same seed and
 * different plans start from, and are perturbed by, identical noise.
 */
export async function sample(options: SampleOptions): Promise<SampleResult> {
  validate(options);
  const { alphaBar, steps, plan, guidance, nullClass, classes, shape, signal } = options;
  const sampler = createSampler(options.sampler, { eta: options.eta, clipDenoised: options.clipDenoised });
  const noise = options.noise ?? createNoise(options.seed!);
  const timesteps = samplingTimesteps(alphaBar.length, steps);
  const size = classes.length * shape.channels * shape.height * shape.width;
  const calls = { small: 0, medium: 0, large: 0 };
  const modelMs = { small: 0, medium: 0, large: 0 };

  let x = noise.normal(size); // x_T ~ N(0, I)
  for (let i = 0; i < steps; i++) {
    const t = timesteps[i];
    const ab = alphaBar[t];
    const abPrev = i + 1 < steps ? alphaBar[timesteps[i + 1]] : 1;
    const role = plan[i];

    if (signal?.aborted) throw createAbortError();
    const batch = guidedBatch(x, classes, nullClass, guidance);
    const start = performance.now();
    const out = await options.denoisers[role]!(batch.x, t, batch.y, batch.n);
    modelMs[role] += performance.now() - start;
    calls[role]++;
    const eps = combineGuidance(out, size, guidance);

    const z = sampler.sigma(ab, abPrev) > 0 ? noise.normal(size) : undefined;
    const next = sampler.step(x, eps, ab, abPrev, z);
    x = next.x;
    await options.onStep?.({ index: i, steps, t, role, x: x.slice(), x0: next.x0.slice() });
  }
  return { x0: x, calls, modelMs }; // after the last step (alphaBar_prev = 1) x is x0
}
