// How closely the two denoisers agree along the large-only trajectory (T-Stitch, Pan et al.
// 2024, Fig. 3). The core's sample() loop runs unchanged with a large "denoiser" that also asks
// the small model about the very same x_t and compares the two answers.
// No onnxruntime here: denoisers come in as core Denoiser callbacks (tested with fakes).
import {
  alphaBars,
  combineGuidance,
  predictX0,
  sampleTrajectory,
  stitchingPlan,
  type Denoiser,
  type Denoisers,
  type ModelSetSpec,
} from '../core';
import type { AgreementParams, AgreementPoint } from './protocol';

type Vector = ArrayLike<number>;

/** cos(a, b) = a.b / (|a| |b|), over values [from, to); 1 when both are zero, 0 when only one is. */
export function cosineSimilarity(a: Vector, b: Vector, from = 0, to = a.length): number {
  if (a.length !== b.length) throw new Error(`vectors differ in length: ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = from; i < to; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/** The cosine similarity of each of n images (a and b hold n equal-sized images), averaged. */
export function meanCosine(a: Vector, b: Vector, n: number): number {
  if (!(Number.isInteger(n) && n > 0) || a.length % n !== 0) {
    throw new Error(`cannot split ${a.length} values into ${n} images`);
  }
  const per = a.length / n;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += cosineSimilarity(a, b, k * per, (k + 1) * per);
  return sum / n;
}

/**
 * Runs the large-only trajectory of `params`; at every step both models predict from the same
 * x_t and onPoint gets the cosine similarity of their guided eps and of their predicted x0.
 * Costs one extra small-model call per step.
 */
export async function measureAgreement(
  set: ModelSetSpec,
  denoisers: Denoisers,
  params: AgreementParams,
  onPoint: (point: AgreementPoint) => void,
  signal?: AbortSignal,
): Promise<AgreementPoint[]> {
  const alphaBar = alphaBars(set.schedule);
  const { channels, height, width } = set.image;
  const batch = params.classes.length;
  const size = batch * channels * height * width;
  const points: AgreementPoint[] = [];

  const { small: smallModel, large: largeModel } = denoisers;
  if (!smallModel || !largeModel) throw new Error('measuring agreement needs the small and the large model');
  const comparing: Denoiser = async (x, t, y, n) => {
    const small = await smallModel(x, t, y, n);
    const large = await largeModel(x, t, y, n);
    const epsSmall = combineGuidance(small, size, params.guidance);
    const epsLarge = combineGuidance(large, size, params.guidance);
    const xt = x.subarray(0, size); // the conditional half holds x_t itself
    const point: AgreementPoint = {
      index: points.length,
      steps: params.steps,
      t,
      eps: meanCosine(epsSmall, epsLarge, batch),
      x0: meanCosine(predictX0(xt, epsSmall, alphaBar[t]).x0, predictX0(xt, epsLarge, alphaBar[t]).x0, batch),
    };
    points.push(point);
    onPoint(point);
    return large;
  };

  await sampleTrajectory(set, { ...params, plan: stitchingPlan(params.steps, 0) }, { large: comparing }, { signal });
  return points;
}
