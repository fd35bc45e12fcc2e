// FID-FMNIST and class accuracy of a set of images, with the core's metrics (src/core/fid.ts).
import { classAccuracy, featureStats, frechetDistance } from '../../../src/core';
import type { ClassifierSession } from '../../../src/models/classifier';
import type { ReferenceStats } from '../../lib/models';

/** Classifier outputs for n images, run in chunks of `batch`. */
export async function classifyAll(
  clf: ClassifierSession,
  images: Float32Array,
  n: number,
  batch = 500,
): Promise<{ logits: Float32Array; features: Float32Array }> {
  const per = images.length / n;
  const parts: { logits: Float32Array; features: Float32Array }[] = [];
  for (let i = 0; i < n; i += batch) {
    const m = Math.min(batch, n - i);
    parts.push(await clf.classify(images.subarray(i * per, (i + m) * per), m));
  }
  const concat = (key: 'logits' | 'features') => {
    const out = new Float32Array(parts.reduce((a, p) => a + p[key].length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p[key], o);
      o += p[key].length;
    }
    return out;
  };
  return { logits: concat('logits'), features: concat('features') };
}

/** Fréchet distance between the Gaussian fit of n feature rows and the reference stats. */
export function fidAgainst(stats: ReferenceStats, features: Float32Array, n: number): number {
  const d = stats.featureDim;
  const own = featureStats(features, n, d);
  return frechetDistance(own.mu, own.sigma, stats.mu, stats.sigma, d);
}

export interface ImageScores {
  fid: number;
  classAccuracy: number;
}

export async function scoreImages(
  clf: ClassifierSession,
  stats: ReferenceStats,
  images: Float32Array,
  labels: ArrayLike<number>,
  numClasses: number,
): Promise<ImageScores> {
  const n = labels.length;
  const { logits, features } = await classifyAll(clf, images, n);
  return { fid: fidAgainst(stats, features, n), classAccuracy: classAccuracy(logits, labels, numClasses) };
}
