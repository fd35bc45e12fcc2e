import { describe, expect, it } from 'vitest';
import { limit, msPerCall, whyTheyDiffer } from './speed';

const plan = (small: number, medium: number, large: number) => ({
  steps: small + medium + large,
  counts: { small, medium, large },
  order: 'small-first' as const,
});

describe('call times and the limit they allow', () => {
  it('averages one call of each model over both trajectories', () => {
    const ms = msPerCall(
      { stitched: { small: 20, medium: 0, large: 30 }, baseline: { small: 0, medium: 0, large: 50 } },
      { stitched: { small: 20, medium: 0, large: 300 }, baseline: { small: 0, medium: 0, large: 520 } },
    );
    expect(ms).toEqual({ small: 1, large: 10.25 });
  });
  it('prices both plans: for T-Stitch against large-only it is 1 / (1 - r (1 - c_small / c_large))', () => {
    const plans = { stitched: plan(20, 0, 30), baseline: plan(0, 0, 50) };
    expect(limit(plans, { small: 1, large: 10 })).toBeCloseTo(1 / (1 - 0.4 * (1 - 0.1)), 12);
    expect(limit({ stitched: plan(20, 0, 30), baseline: plan(0, 0, 31) }, { small: 1, large: 10 })).toBeCloseTo(310 / 320, 12);
    expect(limit({ stitched: plan(2, 2, 6), baseline: plan(0, 0, 10) }, { small: 1, large: 10 })).toBeNull(); // the medium model's price is missing
  });
  it('says why the call-time limit and the FLOP ideal differ', () => {
    expect(whyTheyDiffer({ small: 3, large: 10 }, { small: 0.02, large: 0.4 })).toMatch(
      /^Here a small-model call takes 30% of a large one's time for 5.0% of its FLOPs: every call pays a fixed price/,
    );
    expect(whyTheyDiffer({ small: 0.5, large: 10 }, { small: 0.02, large: 0.4 })).toMatch(/follow the FLOPs closely/);
    expect(whyTheyDiffer({ small: 0.1, large: 10 }, { small: 0.02, large: 0.4 })).toMatch(/runs less efficiently/);
    expect(whyTheyDiffer({ large: 10 }, { small: 0.02, large: 0.4 })).toBeNull();
  });
});
