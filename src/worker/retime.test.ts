// The run's comparison is immune to what is left of warm-up: a call far slower than its model's
// settled time is timed again, and the faster time counts (core/warmup.ts RETIME).
import { describe, expect, it } from 'vitest';
import type { Denoiser, ModelRole } from '../core';
import { parseManifest } from '../models/readManifest';
import { sampleManifest } from '../models/testManifest';
import { generatePair } from './generate';
import { twoModelParams } from './testParams';

const manifest = parseManifest(sampleManifest());
const hooks = { onStep: () => {}, onTrajectory: () => {} };

/** Denoisers on a virtual clock: each call of `role` costs the next of `costs[role]` ms (the last repeats). */
function clocked(costs: Record<'small' | 'large', number[]>) {
  const clock = { t: 0 };
  const made = { small: 0, large: 0 };
  const model =
    (role: 'small' | 'large', k: number): Denoiser =>
    async (x) => {
      clock.t += costs[role][Math.min(made[role]++, costs[role].length - 1)];
      return x.map((v) => k * v);
    };
  return { clock, made, denoisers: { small: model('small', 0.5), large: model('large', 0.9) }, now: () => clock.t };
}

describe('timing a generation with what is left of warm-up', () => {
  it('a slow first large-model call (a late optimisation) is timed again: the baseline pays the settled time', async () => {
    // The baseline's first step reaches the large model first: 1000 ms, then 100 ms per call.
    const m = clocked({ small: [10], large: [1000, 100] });
    const settledMs: Partial<Record<ModelRole, number>> = { small: 10, large: 100 };
    const [stitched, baseline] = await generatePair(manifest, m.denoisers, twoModelParams(10, 4), hooks, undefined, {
      settledMs,
      now: m.now,
    });
    expect(baseline).toMatchObject({ ms: 10 * 100, retimed: 1 });
    expect(stitched).toMatchObject({ ms: 4 * 10 + 6 * 100, retimed: 0 });
    expect(m.made.large).toBe(6 + 10 + 1); // one call more than the plans, the repeat
    // The speed-up is then what steady calls give (1000 / 640), not the 1900 / 640 the slow call made.
    expect(baseline.ms / stitched.ms).toBeCloseTo(1000 / 640, 9);
  });

  it('without settled times nothing is timed again (the slow call counts)', async () => {
    const m = clocked({ small: [10], large: [1000, 100] });
    const [, baseline] = await generatePair(manifest, m.denoisers, twoModelParams(10, 4), hooks, undefined, { now: m.now });
    expect(baseline).toMatchObject({ ms: 1000 + 9 * 100, retimed: 0 });
  });

  it('a machine that is simply slower now is not run twice over: at most a fifth of the calls are timed again', async () => {
    const m = clocked({ small: [50], large: [500] });
    const [stitched, baseline] = await generatePair(manifest, m.denoisers, twoModelParams(10, 4), hooks, undefined, {
      settledMs: { small: 10, large: 100 },
      now: m.now,
    });
    expect(stitched.retimed).toBe(2);
    expect(baseline.retimed).toBe(2);
    expect(baseline.ms).toBe(10 * 500); // a repeat as slow as the call changes nothing
  });
});
