/** The forward-process noise schedule and the respaced sampling timesteps. */

/** A noise schedule as written in the manifest (`schedule` field). */
export interface ScheduleSpec {
  type: 'linear' | 'cosine';
  /** Number of training diffusion steps; timesteps are 0..T-1. */
  T: number;
  /** Linear schedule only; DDPM's value (Ho et al. 2020, sec. 4) when omitted. */
  betaStart?: number;
  /** Linear schedule only; DDPM's value when omitted. */
  betaEnd?: number;
}

const DEFAULT_BETA_START = 1e-4;
const DEFAULT_BETA_END = 0.02;
/** Nichol & Dhariwal 2021 eq. 17: the offset s keeps beta_0 from being vanishingly small. */
const COSINE_S = 0.008;
/** Nichol & Dhariwal 2021: betas are clipped so the last steps do not blow up near t = T. */
const COSINE_MAX_BETA = 0.999;

/** Evenly spaced values from start to stop inclusive, computed as numpy.linspace does. */
export function linspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out = new Array<number>(num);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop; // numpy pins the endpoint exactly
  return out;
}

/** beta_t for t = 0..T-1 (DDPM linear, or Nichol & Dhariwal cosine). */
export function betas(spec: ScheduleSpec): Float64Array {
  const { T } = spec;
  if (!Number.isInteger(T) || T < 1) {
    throw new Error(`schedule.T must be a positive integer, got ${T}`);
  }
  if (spec.type === 'linear') {
    const start = spec.betaStart ?? DEFAULT_BETA_START;
    const end = spec.betaEnd ?? DEFAULT_BETA_END;
    if (!(start > 0 && end < 1 && start <= end)) {
      throw new Error(`linear schedule needs 0 < betaStart <= betaEnd < 1, got betaStart=${start}, betaEnd=${end}`);
    }
    return Float64Array.from(linspace(start, end, T));
  }
  if (spec.type === 'cosine') {
    // Nichol & Dhariwal 2021 eq. 17: alphaBar(t) = cos^2(((t/T + s) / (1 + s)) * pi/2),
    // discretised as beta_i = 1 - alphaBar((i+1)/T) / alphaBar(i/T).
    const f = (t: number) => Math.cos((((t / T + COSINE_S) / (1 + COSINE_S)) * Math.PI) / 2) ** 2;
    const out = new Float64Array(T);
    for (let i = 0; i < T; i++) out[i] = Math.min(1 - f(i + 1) / f(i), COSINE_MAX_BETA);
    return out;
  }
  throw new Error(`unknown schedule type ${JSON.stringify((spec as { type: unknown }).type)}; use 'linear' or 'cosine'`);
}

/** alphaBar_t = prod_{s<=t} (1 - beta_s) (DDPM eq. 4), in float64 like np.cumprod. */
export function alphaBars(spec: ScheduleSpec): Float64Array {
  const b = betas(spec);
  const out = new Float64Array(b.length);
  let prod = 1;
  for (let t = 0; t < b.length; t++) {
    prod *= 1 - b[t];
    out[t] = prod;
  }
  return out;
}

/** numpy.round: halves go to the even neighbour (Math.round would send them up). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The respaced timesteps visited by the sampler, descending: round(linspace(T-1, 0, steps)).
 * Starts at pure noise (T-1) and ends at t = 0; steps = 1 gives [T-1].
 */
export function samplingTimesteps(T: number, steps: number): number[] {
  if (!Number.isInteger(T) || T < 1) {
    throw new Error(`T must be a positive integer, got ${T}`);
  }
  if (!Number.isInteger(steps) || steps < 1 || steps > T) {
    throw new Error(`steps must be an integer between 1 and T=${T}, got ${steps}`);
  }
  return linspace(T - 1, 0, steps).map(roundHalfEven);
}
