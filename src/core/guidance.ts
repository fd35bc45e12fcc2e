/** Classifier-free guidance (Ho & Salimans 2022): one model call on a doubled batch. */

/** The batch the denoiser actually sees for one step. */
export interface GuidedBatch {
  x: Float32Array;
  y: Int32Array;
  /** Images in the batch: batch, or 2 * batch when guidance != 1. */
  n: number;
}

/** Guidance 1 is the plain conditional model, so the unconditional half is skipped. */
export const needsUnconditional = (guidance: number): boolean => guidance !== 1;

/**
 * [x; x] with y = [classes; nullClass...] (DiT's forward_with_cfg layout), or just (x, classes)
 * when guidance is 1. x holds classes.length images.
 */
export function guidedBatch(x: Float32Array, classes: Int32Array, nullClass: number, guidance: number): GuidedBatch {
  const batch = classes.length;
  if (!needsUnconditional(guidance)) return { x, y: classes, n: batch };
  const x2 = new Float32Array(2 * x.length);
  x2.set(x, 0);
  x2.set(x, x.length);
  const y2 = new Int32Array(2 * batch);
  y2.set(classes, 0);
  y2.fill(nullClass, batch);
  return { x: x2, y: y2, n: 2 * batch };
}

/**
 * eps = eps_null + w (eps_cond - eps_null) (CFG eq. 6, written with w = 1 + their w),
 * from the denoiser output on guidedBatch's layout; returns eps as is when w is 1.
 */
export function combineGuidance(eps: Float32Array, batchValues: number, guidance: number): Float32Array {
  if (!needsUnconditional(guidance)) {
    if (eps.length !== batchValues) {
      throw new Error(`denoiser returned ${eps.length} values, expected ${batchValues}`);
    }
    return eps;
  }
  if (eps.length !== 2 * batchValues) {
    throw new Error(`denoiser returned ${eps.length} values, expected ${2 * batchValues} (conditional + unconditional halves)`);
  }
  const out = new Float32Array(batchValues);
  for (let i = 0; i < batchValues; i++) {
    const cond = eps[i];
    const uncond = eps[batchValues + i];
    out[i] = uncond + guidance * (cond - uncond);
  }
  return out;
}
