import { describe, expect, it } from 'vitest';
import type { Denoiser } from '../core';
import { generatePair } from './generate';
import { parseManifest } from './manifest';
import { sampleManifest } from './testManifest';

const manifest = parseManifest(sampleManifest());
// Two different closed-form "models", so which one ran shows in the output.
const small: Denoiser = async (x) => x.map((v) => 0.5 * v);
const large: Denoiser = async (x) => x.map((v) => 0.9 * v);
const params = { steps: 4, fraction: 0.5, seed: 7, classes: [1], guidance: 2, sampler: 'ddim' as const, eta: 0 };

describe('generatePair', () => {
  it('runs stitched then large-only, posting every step with its role', async () => {
    const steps: string[] = [];
    const done: string[] = [];
    const results = await generatePair(manifest, { small, large }, params, {
      onStep: (traj, s) => steps.push(`${traj}:${s.index}:${s.role}`),
      onTrajectory: (r) => done.push(`${r.trajectory}:${r.calls.small}/${r.calls.large}`),
    });
    expect(steps).toEqual([
      'stitched:0:small', 'stitched:1:small', 'stitched:2:large', 'stitched:3:large',
      'large:0:large', 'large:1:large', 'large:2:large', 'large:3:large',
    ]);
    expect(done).toEqual(['stitched:2/2', 'large:0/4']);
    expect(results[0].ms).toBeGreaterThanOrEqual(0);
  });

  it('gives identical images at fraction 0 (same seed, same x_T)', async () => {
    const [stitched, largeOnly] = await generatePair(manifest, { small, large }, { ...params, fraction: 0 }, {
      onStep: () => {},
      onTrajectory: () => {},
    });
    expect(Array.from(stitched.image)).toEqual(Array.from(largeOnly.image));
    const [s2] = await generatePair(manifest, { small, large }, params, { onStep: () => {}, onTrajectory: () => {} });
    expect(Array.from(s2.image)).not.toEqual(Array.from(largeOnly.image));
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const run = generatePair(manifest, { small, large }, params, {
      onStep: (_t, s) => {
        if (s.index === 1) controller.abort();
      },
      onTrajectory: () => {},
    }, controller.signal);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('generatePair with a batch', () => {
  it('samples one image per class and reports elapsed time per step', async () => {
    const elapsed: number[] = [];
    const [stitched] = await generatePair(manifest, { small, large }, { ...params, classes: [0, 1, 1] }, {
      onStep: (_t, s, ms) => {
        expect(s.x.length).toBe(3 * 16);
        elapsed.push(ms);
      },
      onTrajectory: () => {},
    });
    expect(stitched.image.length).toBe(3 * 16);
    expect(elapsed.every((ms, i) => ms >= 0 && (i % 4 === 0 || ms >= elapsed[i - 1]))).toBe(true);
  });
});
