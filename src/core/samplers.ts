/**
 * One reverse step on a respaced timestep subsequence t -> t_prev, given the model's eps.
 * Symbols: ab = alphaBar_t, abPrev = alphaBar_{t_prev} (1 after the last step), z ~ N(0, I).
 * Arithmetic is float64 per element; images are stored as float32.
 */

export type SamplerName = 'ddim' | 'ddpm';

/** x_{t_prev} after the step and the predicted clean image x0 it was built from. */
export interface StepResult {
  x: Float32Array;
  x0: Float32Array;
}

/** A reverse-process sampler: the math of one step; the caller owns the loop and the noise. */
export interface Sampler {
  readonly name: SamplerName;
  /** Std of the fresh noise this step adds; the caller draws z only when it is > 0. */
  sigma(ab: number, abPrev: number): number;
  step(x: Float32Array, eps: Float32Array, ab: number, abPrev: number, z?: Float32Array): StepResult;
}

export interface SamplerOptions {
  /** DDIM only: 0 is deterministic DDIM, 1 matches DDPM's variance (DDIM eq. 16). */
  eta?: number;
  /** Clip predicted x0 to the data range [-1, 1] (guided-diffusion's clip_denoised). */
  clipDenoised?: boolean;
}

function checkAlphaBars(ab: number, abPrev: number): void {
  if (!(ab > 0 && ab < 1)) throw new Error(`alphaBar_t must be in (0, 1), got ${ab}`);
  if (!(abPrev > ab && abPrev <= 1)) {
    throw new Error(`alphaBar_prev must be in (alphaBar_t, 1], got ${abPrev} (alphaBar_t = ${ab})`);
  }
}

function checkLengths(x: Float32Array, eps: Float32Array, z: Float32Array | undefined, sigma: number): void {
  if (eps.length !== x.length) {
    throw new Error(`eps has ${eps.length} values but x has ${x.length}`);
  }
  if (sigma > 0 && (z === undefined || z.length !== x.length)) {
    throw new Error(`this step adds noise (sigma = ${sigma}); pass z with ${x.length} values`);
  }
}

/**
 * Predicted x0 and the eps consistent with it, in float64.
 * x0 = (x_t - sqrt(1 - ab) eps) / sqrt(ab)            (DDPM eq. 4 solved for x0 / DDIM eq. 9)
 * With clipping, eps is re-derived from the clipped x0 so the step stays on the line between
 * x0 and x_t (guided-diffusion's _predict_eps_from_xstart).
 */
export function predictX0(
  x: Float32Array,
  eps: Float32Array,
  ab: number,
  clipDenoised = true,
): { x0: Float64Array; eps: Float64Array } {
  const sqrtAb = Math.sqrt(ab);
  const sqrtOneMinusAb = Math.sqrt(1 - ab);
  const x0 = new Float64Array(x.length);
  const e = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let v = (x[i] - sqrtOneMinusAb * eps[i]) / sqrtAb;
    if (clipDenoised) v = Math.min(1, Math.max(-1, v));
    x0[i] = v;
    e[i] = clipDenoised ? (x[i] - sqrtAb * v) / sqrtOneMinusAb : eps[i];
  }
  return { x0, eps: e };
}

/** DDIM (Song et al. 2021, eq. 12 with sigma from eq. 16). */
export function ddim({ eta = 0, clipDenoised = true }: SamplerOptions = {}): Sampler {
  if (!(eta >= 0 && eta <= 1)) throw new Error(`DDIM eta must be in [0, 1], got ${eta}`);
  const sigma = (ab: number, abPrev: number) =>
    // (16) sigma = eta sqrt((1 - ab_prev) / (1 - ab)) sqrt(1 - ab / ab_prev)
    eta * Math.sqrt((1 - abPrev) / (1 - ab)) * Math.sqrt(1 - ab / abPrev);
  return {
    name: 'ddim',
    sigma,
    step(x, eps, ab, abPrev, z) {
      checkAlphaBars(ab, abPrev);
      const s = sigma(ab, abPrev);
      checkLengths(x, eps, z, s);
      const p = predictX0(x, eps, ab, clipDenoised);
      // (12) x_prev = sqrt(ab_prev) x0                       "predicted x0"
      //             + sqrt(1 - ab_prev - sigma^2) eps         "direction pointing to x_t"
      //             + sigma z                                 "random noise"
      const cX0 = Math.sqrt(abPrev);
      const cEps = Math.sqrt(Math.max(0, 1 - abPrev - s * s)); // max: rounding when eta = 1
      const out = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) {
        out[i] = cX0 * p.x0[i] + cEps * p.eps[i] + (s > 0 ? s * z![i] : 0);
      }
      return { x: out, x0: Float32Array.from(p.x0) };
    },
  };
}

/** DDPM ancestral step (Ho et al. 2020, eq. 6/7) on the respaced process (Nichol & Dhariwal sec. 4). */
export function ddpm({ clipDenoised = true }: Omit<SamplerOptions, 'eta'> = {}): Sampler {
  // (7) posterior variance beta~ = (1 - ab_prev) / (1 - ab) beta', with the respaced
  // beta' = 1 - ab / ab_prev; it is 0 on the last step (ab_prev = 1), so no noise there.
  const sigma = (ab: number, abPrev: number) =>
    Math.sqrt(((1 - ab / abPrev) * (1 - abPrev)) / (1 - ab));
  return {
    name: 'ddpm',
    sigma,
    step(x, eps, ab, abPrev, z) {
      checkAlphaBars(ab, abPrev);
      const s = sigma(ab, abPrev);
      checkLengths(x, eps, z, s);
      const p = predictX0(x, eps, ab, clipDenoised);
      // (7) mu~ = sqrt(ab_prev) beta' / (1 - ab) x0 + sqrt(1 - beta') (1 - ab_prev) / (1 - ab) x_t
      const beta = 1 - ab / abPrev;
      const cX0 = (Math.sqrt(abPrev) * beta) / (1 - ab);
      const cXt = (Math.sqrt(1 - beta) * (1 - abPrev)) / (1 - ab);
      // (6) x_prev ~ N(mu~, beta~ I)
      const out = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) {
        out[i] = cX0 * p.x0[i] + cXt * x[i] + (s > 0 ? s * z![i] : 0);
      }
      return { x: out, x0: Float32Array.from(p.x0) };
    },
  };
}

/** The sampler named in the manifest's defaults or chosen in the UI. */
export function createSampler(name: SamplerName, options: SamplerOptions = {}): Sampler {
  if (name === 'ddim') return ddim(options);
  if (name === 'ddpm') return ddpm(options);
  throw new Error(`unknown sampler ${JSON.stringify(name)}; use 'ddim' or 'ddpm'`);
}
