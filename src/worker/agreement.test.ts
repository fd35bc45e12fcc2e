import { describe, expect, it } from 'vitest';
import type { Denoiser } from '../core';
import { cosineSimilarity, meanCosine, measureAgreement } from './agreement';
import { generatePair } from './generate';
import { twoModelParams } from './testParams';
import { parseManifest } from '../models/readManifest';
import { sampleManifest } from '../models/testManifest';

describe('cosineSimilarity', () => {
  it('is 1 for parallel, -1 for opposite, 0 for orthogonal vectors', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 2], [-1, -2])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
  });
  it('handles zero vectors without NaN', () => {
    expect(cosineSimilarity([0, 0], [0, 0])).toBe(1);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
  });
  it('works on a sub-range and refuses mismatched lengths', () => {
    expect(cosineSimilarity([1, 0, 9, 9], [1, 0, -9, 9], 0, 2)).toBe(1);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/differ in length/);
  });
  it('matches the textbook value', () => {
    // a.b = 4 + 10 + 18 = 32, |a| = sqrt(14), |b| = sqrt(77)
    expect(cosineSimilarity([1, 2, 3], [4, 5, 6])).toBeCloseTo(32 / Math.sqrt(14 * 77), 12);
  });
});

describe('meanCosine', () => {
  it('averages per image, not over the concatenation', () => {
    // image 1 identical (1), image 2 opposite (-1): mean 0, while the concatenation would give 0.6
    expect(meanCosine([1, 0, 2, 0], [1, 0, -2, 0], 2)).toBe(0);
    expect(() => meanCosine([1, 2, 3], [1, 2, 3], 2)).toThrow(/cannot split/);
  });
});

const manifest = parseManifest(sampleManifest());
const params = { steps: 5, seed: 3, classes: [0, 1], guidance: 2, sampler: 'ddim' as const, eta: 0 };

describe('measureAgreement', () => {
  it('is exactly 1 at every step when both models are the same', async () => {
    const same: Denoiser = async (x) => x.map((v) => 0.7 * v);
    const points = await measureAgreement(manifest, { small: same, large: same }, params, () => {});
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
    for (const p of points) {
      expect(p.eps).toBeCloseTo(1, 6);
      expect(p.x0).toBeCloseTo(1, 6);
    }
  });

  it('walks the large-only trajectory and calls the small model once per step on the same input', async () => {
    const calls: string[] = [];
    const small: Denoiser = async (x, t, _y, n) => {
      calls.push(`small t=${t} n=${n}`);
      return x.map((v, i) => (i % 2 ? v : -v));
    };
    const large: Denoiser = async (x, t, _y, n) => {
      calls.push(`large t=${t} n=${n}`);
      return x.map((v) => 0.9 * v);
    };
    const reported: number[] = [];
    const points = await measureAgreement(manifest, { small, large }, params, (p) => reported.push(p.index));
    expect(reported).toEqual([0, 1, 2, 3, 4]);
    expect(calls.filter((c) => c.startsWith('small'))).toHaveLength(5);
    expect(calls.filter((c) => c.startsWith('large'))).toHaveLength(5);
    // guidance 2: both get the doubled batch
    expect(calls[0]).toBe(`small t=${points[0].t} n=4`);
    for (const p of points) expect(p.eps).toBeLessThan(0.99);

    // Same x_t at every step as the large-only trajectory of a generation with these params.
    const seen =
      (log: Float32Array[]): Denoiser =>
      async (x, t, y, n) => {
        log.push(x.slice());
        return large(x, t, y, n);
      };
    const inGenerate: Float32Array[] = [];
    await generatePair(
      manifest,
      { small, large: seen(inGenerate) },
      { ...params, plans: twoModelParams(5, 0).plans },
      { onStep: () => {}, onTrajectory: () => {} },
    );
    const inAgreement: Float32Array[] = [];
    await measureAgreement(manifest, { small, large: seen(inAgreement) }, params, () => {});
    expect(inAgreement).toEqual(inGenerate.filter((_, i) => i % 2 === 1)); // the two loops take turns: stitched, large, ...
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const model: Denoiser = async (x) => x.map((v) => 0.5 * v);
    const run = measureAgreement(
      manifest,
      { small: model, large: model },
      params,
      (p) => {
        if (p.index === 1) controller.abort();
      },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
