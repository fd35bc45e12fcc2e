import { describe, expect, it, vi } from 'vitest';
import type { Denoiser } from '../core';
import { generatePair, runGeneration } from './generate';
import type { Reply } from './protocol';
import { twoModelParams } from './testParams';
import { parseManifest } from '../models/readManifest';
import { sampleManifest } from '../models/testManifest';

const manifest = parseManifest(sampleManifest());
// Two different closed-form "models", so which one ran shows in the output.
const small: Denoiser = async (x) => x.map((v) => 0.5 * v);
const large: Denoiser = async (x) => x.map((v) => 0.9 * v);
const params = twoModelParams(4, 2);

describe('generatePair', () => {
  it('runs stitched and large-only in turns, posting every step with its role', async () => {
    const steps: string[] = [];
    const done: string[] = [];
    const results = await generatePair(manifest, { small, large }, params, {
      onStep: (s) => steps.push(`${s.trajectory}:${s.index}:${s.role}`),
      onTrajectory: (r) => done.push(`${r.trajectory}:${r.calls.small}/${r.calls.large}`),
    });
    expect(steps).toEqual([
      'stitched:0:small',
      'baseline:0:large',
      'stitched:1:small',
      'baseline:1:large',
      'stitched:2:large',
      'baseline:2:large',
      'stitched:3:large',
      'baseline:3:large',
    ]);
    expect(done).toEqual(['stitched:2/2', 'baseline:0/4']);
    expect(results.map((r) => r.trajectory)).toEqual(['stitched', 'baseline']);
  });

  it('times each trajectory by its own model calls only', async () => {
    // A virtual clock: a small call takes 1 ms, a large one 40 ms; the other trajectory's calls in between never count.
    const clock = { t: 0 };
    const timedModel =
      (ms: number): Denoiser =>
      async (x) => {
        clock.t += ms;
        return x.map((v) => 0.5 * v);
      };
    const [stitched, largeOnly] = await generatePair(
      manifest,
      { small: timedModel(1), large: timedModel(40) },
      twoModelParams(4, 4),
      {
        onStep: () => {},
        onTrajectory: () => {},
      },
      undefined,
      { now: () => clock.t },
    );
    expect(stitched).toMatchObject({ ms: 4 * 1, modelMs: { small: 4, medium: 0, large: 0 } });
    expect(largeOnly).toMatchObject({ ms: 4 * 40, modelMs: { small: 0, medium: 0, large: 160 } });
  });

  it("shows each step through `show` (a latent set's decoder), never counted in a trajectory's time", async () => {
    const clock = { now: 0 };
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const costly: Denoiser = async (x) => {
      clock.now += 3;
      return x.map((v) => 0.5 * v);
    };
    const shown: string[] = [];
    try {
      const [stitched] = await generatePair(manifest, { small: costly, large: costly }, twoModelParams(2, 1), {
        onStep: (s) => shown.push(`${s.trajectory}:${s.index}:${s.x[0]}`),
        onTrajectory: () => {},
        show: async (traj, info) => {
          clock.now += 100; // a slow decoder
          return { x: new Float32Array(info.x.length).fill(traj === 'stitched' ? 7 : 8), x0: info.x0 };
        },
      });
      expect(shown).toEqual(['stitched:0:7', 'baseline:0:8', 'stitched:1:7', 'baseline:1:8']);
      expect(stitched.ms).toBe(6);
    } finally {
      spy.mockRestore();
    }
  });

  it("times each model's calls apart, so the page can show one call of each", async () => {
    const clock = { now: 0 };
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const costly =
      (ms: number): Denoiser =>
      async (x) => {
        clock.now += ms;
        return x.map((v) => 0.5 * v);
      };
    try {
      const [stitched, largeOnly] = await generatePair(manifest, { small: costly(2), large: costly(7) }, twoModelParams(4, 2), {
        onStep: () => {},
        onTrajectory: () => {},
      });
      expect(stitched.modelMs).toEqual({ small: 2 * 2, medium: 0, large: 2 * 7 });
      expect(largeOnly.modelMs).toEqual({ small: 0, medium: 0, large: 4 * 7 });
      expect(stitched.ms).toBe(18);
    } finally {
      spy.mockRestore();
    }
  });

  it('never runs two model calls at once', async () => {
    let active = 0;
    let most = 0;
    const model: Denoiser = async (x) => {
      most = Math.max(most, ++active);
      await new Promise((r) => setTimeout(r, 2));
      active--;
      return x.map((v) => 0.5 * v);
    };
    await generatePair(manifest, { small: model, large: model }, params, { onStep: () => {}, onTrajectory: () => {} });
    expect(most).toBe(1);
  });

  it('gives identical images with no small-model steps (same seed, same x_T)', async () => {
    const [stitched, largeOnly] = await generatePair(manifest, { small, large }, twoModelParams(4, 0), {
      onStep: () => {},
      onTrajectory: () => {},
    });
    expect(Array.from(stitched.image)).toEqual(Array.from(largeOnly.image));
    const [s2] = await generatePair(manifest, { small, large }, params, { onStep: () => {}, onTrajectory: () => {} });
    expect(Array.from(s2.image)).not.toEqual(Array.from(largeOnly.image));
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const run = generatePair(
      manifest,
      { small, large },
      params,
      {
        onStep: (s) => {
          if (s.index === 1) controller.abort();
        },
        onTrajectory: () => {},
      },
      controller.signal,
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops the other trajectory when one fails, and reports the failure', async () => {
    let largeCalls = 0;
    const failing: Denoiser = async () => {
      throw new Error('model broke');
    };
    const counting: Denoiser = async (x) => {
      largeCalls++;
      return x.map((v) => 0.9 * v);
    };
    const run = generatePair(manifest, { small: failing, large: counting }, twoModelParams(20, 10), {
      onStep: () => {},
      onTrajectory: () => {},
    });
    await expect(run).rejects.toThrow('model broke');
    expect(largeCalls).toBeLessThan(5);
  });
});

describe('generatePair with a batch', () => {
  it('samples one image per class and reports elapsed time per step', async () => {
    const elapsed: Record<string, number[]> = { stitched: [], baseline: [] };
    const seen: number[][] = [];
    const clock = { t: 0 };
    // Small calls take 2 ms, large ones 5 ms on a virtual clock; each sees the 3 images, once per guidance half.
    const model =
      (ms: number, k: number): Denoiser =>
      async (x, _t, y, n) => {
        clock.t += ms;
        seen.push(Array.from(y.slice(0, n)));
        return x.map((v) => k * v);
      };
    const [stitched] = await generatePair(
      manifest,
      { small: model(2, 0.5), large: model(5, 0.9) },
      { ...params, classes: [0, 1, 1] },
      {
        onStep: (s) => {
          expect(s.x.length).toBe(3 * 16);
          elapsed[s.trajectory].push(s.elapsedMs);
        },
        onTrajectory: () => {},
      },
      undefined,
      { now: () => clock.t },
    );
    expect(stitched.image.length).toBe(3 * 16);
    // Guidance doubles the batch: the classes, then the null class (2) for each image.
    expect(seen[0]).toEqual([0, 1, 1, 2, 2, 2]);
    // After each step, that trajectory's own model time so far: 2 small steps then 2 large for stitched, 4 large for the baseline.
    expect(elapsed).toEqual({ stitched: [2, 4, 9, 14], baseline: [5, 10, 15, 20] });
  });
});

describe('runGeneration (a generate request)', () => {
  const base = sampleManifest();
  const priced = parseManifest({
    ...base,
    denoisers: [
      { ...base.denoisers[0], gflops: 1 },
      { ...base.denoisers[1], gflops: 10 },
    ],
  });
  /** Small calls take 1 ms; the first `slow` large calls 100 ms, the rest 10 ms (a late optimisation). */
  function clocked(slow: number) {
    const clock = { t: 0, large: 0 };
    const small: Denoiser = async (x) => ((clock.t += 1), x.map((v) => 0.5 * v));
    const large: Denoiser = async (x) => ((clock.t += clock.large++ < slow ? 100 : 10), x.map((v) => 0.9 * v));
    return { denoisers: { small, large }, now: () => clock.t };
  }
  const generate = async (slow: number) => {
    const replies: Reply[] = [];
    const { denoisers, now } = clocked(slow);
    const req = { type: 'generate' as const, id: 3, params: twoModelParams(4, 2) };
    await runGeneration(req, {
      manifest: priced,
      denoisers,
      settledMs: {},
      signal: new AbortController().signal,
      now,
      post: (m) => replies.push(m),
    });
    return replies;
  };

  it("posts every step as the page gets it (with the images' shape), then each trajectory's times", async () => {
    const replies = await generate(0);
    const steps = replies.filter((r) => r.type === 'step');
    expect(steps).toHaveLength(8);
    expect(steps[0]).toMatchObject({
      type: 'step',
      id: 3,
      trajectory: 'stitched',
      index: 0,
      steps: 4,
      role: 'small',
      elapsedMs: 1,
      image: { channels: 1, height: 4, width: 4 },
    });
    expect(steps[0].type === 'step' && steps[0].x0.length).toBe(16);
    expect(replies.filter((r) => r.type === 'trajectory')).toEqual([
      expect.objectContaining({ trajectory: 'stitched', ms: 22, retaken: false }),
      expect.objectContaining({ trajectory: 'baseline', ms: 40, retaken: false }),
    ]);
  });

  it('times the pair once more, without drawing, when it was faster than the FLOPs allow', async () => {
    // The baseline reaches the large model first and pays for its two slow calls: 220 ms against 22, where 40 / 22 is the most.
    const replies = await generate(2);
    expect(replies.filter((r) => r.type === 'step')).toHaveLength(8); // the first pair's only
    expect(replies.filter((r) => r.type === 'trajectory')).toEqual([
      expect.objectContaining({ trajectory: 'stitched', ms: 22, retaken: true }),
      expect.objectContaining({ trajectory: 'baseline', ms: 40, retaken: true }),
    ]);
  });
});
