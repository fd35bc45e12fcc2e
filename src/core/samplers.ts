/**
 * One reverse step on a respaced timestep subsequence t -> t_prev, given the model's eps.
 * Symbols: ab = alphaBar_t, abPrev = alphaBar_{t_prev} (1 after the last step), z ~ N(0, I).
 * Arithmetic is float64 per element; images are stored as float32.
 */

export type SamplerName = 'ddim' | 'ddpm' | 'dpmpp2m';

/** Every sampler name, in the order a menu lists them. */
export const SAMPLERS: readonly SamplerName[] = ['ddim', 'ddpm', 'dpmpp2m'];

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
export function predictX0(x: Float32Array, eps: Float32Array, ab: number, clipDenoised = true): { x0: Float64Array; eps: Float64Array } {
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

/** The start of every step: check the inputs, then predict x0 (and its eps) from x_t. */
function begin(
  sigma: (ab: number, abPrev: number) => number,
  x: Float32Array,
  eps: Float32Array,
  ab: number,
  abPrev: number,
  z: Float32Array | undefined,
  clipDenoised: boolean,
): { s: number; x0: Float64Array; eps: Float64Array } {
  checkAlphaBars(ab, abPrev);
  const s = sigma(ab, abPrev);
  checkLengths(x, eps, z, s);
  return { s, ...predictX0(x, eps, ab, clipDenoised) };
}

/** x_prev = a u + b v + s z per element (float64 arithmetic, float32 storage), and x0 as float32. */
function combine(
  a: number,
  u: Float64Array,
  b: number,
  v: ArrayLike<number>,
  s: number,
  z: Float32Array | undefined,
  x0: Float64Array,
): StepResult {
  const out = new Float32Array(u.length);
  for (let i = 0; i < u.length; i++) {
    out[i] = a * u[i] + b * v[i] + (s > 0 ? s * z![i] : 0);
  }
  return { x: out, x0: Float32Array.from(x0) };
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
      const p = begin(sigma, x, eps, ab, abPrev, z, clipDenoised);
      // (12) x_prev = sqrt(ab_prev) x0                       "predicted x0"
      //             + sqrt(1 - ab_prev - sigma^2) eps         "direction pointing to x_t"
      //             + sigma z                                 "random noise"
      const cX0 = Math.sqrt(abPrev);
      const cEps = Math.sqrt(Math.max(0, 1 - abPrev - p.s * p.s)); // max: rounding when eta = 1
      return combine(cX0, p.x0, cEps, p.eps, p.s, z, p.x0);
    },
  };
}

/** DDPM ancestral step (Ho et al. 2020, eq. 6/7) on the respaced process (Nichol & Dhariwal sec. 4). */
export function ddpm({ clipDenoised = true }: Omit<SamplerOptions, 'eta'> = {}): Sampler {
  // (7) posterior variance beta~ = (1 - ab_prev) / (1 - ab) beta', with the respaced
  // beta' = 1 - ab / ab_prev; it is 0 on the last step (ab_prev = 1), so no noise there.
  const sigma = (ab: number, abPrev: number) => Math.sqrt(((1 - ab / abPrev) * (1 - abPrev)) / (1 - ab));
  return {
    name: 'ddpm',
    sigma,
    step(x, eps, ab, abPrev, z) {
      const p = begin(sigma, x, eps, ab, abPrev, z, clipDenoised);
      // (7) mu~ = sqrt(ab_prev) beta' / (1 - ab) x0 + sqrt(1 - beta') (1 - ab_prev) / (1 - ab) x_t
      const beta = 1 - ab / abPrev;
      const cX0 = (Math.sqrt(abPrev) * beta) / (1 - ab);
      const cXt = (Math.sqrt(1 - beta) * (1 - abPrev)) / (1 - ab);
      // (6) x_prev ~ N(mu~, beta~ I)
      return combine(cX0, p.x0, cXt, x, p.s, z, p.x0);
    },
  };
}

/** Half log-SNR lambda = log(alpha / sigma), alpha = sqrt(ab), sigma = sqrt(1 - ab); +inf at ab = 1. */
const logSnrHalf = (ab: number) => Math.log(Math.sqrt(ab) / Math.sqrt(1 - ab));

/**
 * DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2): multistep, second order, data prediction.
 * Deterministic (sigma = 0) but STATEFUL: each sampler remembers the previous step's x0 and
 * step size h, so use one fresh sampler per trajectory and call step() once per step, in order
 * (a step must start where the previous one ended; anything else throws). In a stitched run
 * the history carries over the small -> large switch unchanged (T-Stitch, Fig. 8). The first
 * step is first order (= DDIM with eta = 0), and so is the last (ab_prev = 1), which returns x0.
 */
export function dpmpp2m({ clipDenoised = true }: Omit<SamplerOptions, 'eta'> = {}): Sampler {
  const sigma = () => 0;
  let last: { x0: Float64Array; h: number; abPrev: number } | undefined;
  return {
    name: 'dpmpp2m',
    sigma,
    step(x, eps, ab, abPrev) {
      const p = begin(sigma, x, eps, ab, abPrev, undefined, clipDenoised);
      if (last && (ab !== last.abPrev || x.length !== last.x0.length)) {
        throw new Error(
          `DPM-Solver++(2M) keeps the previous step's history: this step starts at alphaBar_t = ${ab} ` +
            `with ${x.length} values, but the previous one ended at ${last.abPrev} with ${last.x0.length}; ` +
            `create a fresh sampler for each trajectory`,
        );
      }
      // Alg. 2's symbols: this step goes t_{i-1} (ab) -> t_i (abPrev); alpha = sqrt(ab),
      // sigma = sqrt(1 - ab), lambda = log(alpha / sigma) (+inf at ab = 1), x0 = x_theta.
      // h_i = lambda_{t_i} - lambda_{t_{i-1}}
      const h = logSnrHalf(abPrev) - logSnrHalf(ab);
      // r_i = h_{i-1} / h_i,  D_i = (1 + 1/(2 r_i)) x0_{i-1} - 1/(2 r_i) x0_{i-2}
      // First order (D_i = x0_{i-1}) with no history, and on the last step, where
      // sigma_{t_i} = 0 and h_i = inf (as k-diffusion's sample_dpmpp_2m).
      let d = p.x0;
      if (last && abPrev < 1) {
        const c = 1 / (2 * (last.h / h));
        d = new Float64Array(x.length);
        for (let i = 0; i < x.length; i++) d[i] = (1 + c) * p.x0[i] - c * last.x0[i];
      }
      last = { x0: p.x0, h, abPrev };
      // x_{t_i} = (sigma_{t_i} / sigma_{t_{i-1}}) x_{t_{i-1}} - alpha_{t_i} (e^{-h_i} - 1) D_i
      // On the last step sigma_{t_i} = 0 and e^{-h_i} - 1 = -1, so x_{t_i} = x0 exactly.
      const cD = -Math.sqrt(abPrev) * Math.expm1(-h);
      const cXt = Math.sqrt(1 - abPrev) / Math.sqrt(1 - ab);
      return combine(cD, d, cXt, x, 0, undefined, p.x0);
    },
  };
}

/** The sampler named in the manifest's defaults or chosen in the UI; a fresh one per call. */
export function createSampler(name: SamplerName, options: SamplerOptions = {}): Sampler {
  if (name === 'ddim') return ddim(options);
  if (name === 'ddpm') return ddpm(options);
  if (name === 'dpmpp2m') return dpmpp2m(options);
  const names = SAMPLERS.map((n) => `'${n}'`);
  throw new Error(`unknown sampler ${JSON.stringify(name)}; use ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
}
