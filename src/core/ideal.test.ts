import { describe, expect, it } from 'vitest';
import { comparisonPlan, costRatio, fasterThanFlops, flopIdeal, IDEAL_MIN, type PlanSpec } from '.';

const plan = (small: number, medium: number, large: number): PlanSpec => ({
  steps: small + medium + large,
  counts: { small, medium, large },
  order: 'small-first',
});
const gflops = { small: 1, large: 10 };
/** 2 of 4 steps on the small model against large-only: 40 / 22 GFLOPs, an ideal of 1.82x. */
const cheaper = { stitched: plan(2, 0, 2), baseline: plan(0, 0, 4) };

describe('the FLOP ideal of a pair of plans', () => {
  it("is the comparison's cost over the stitched one's: 1 / (1 - r (1 - c_small / c_large)) against large-only", () => {
    expect(flopIdeal({ stitched: plan(20, 0, 30), baseline: plan(0, 0, 50) }, gflops)).toBeCloseTo(1 / (1 - 0.4 * (1 - 0.1)), 12);
    expect(flopIdeal(cheaper, gflops)).toBeCloseTo(40 / 22, 12);
    expect(flopIdeal({ stitched: plan(20, 0, 30), baseline: plan(0, 0, 31) }, gflops)).toBeCloseTo(310 / 320, 12);
  });

  it('is null where a role the plans use has no price, or the stitched plan costs nothing', () => {
    expect(flopIdeal({ stitched: plan(2, 2, 6), baseline: plan(0, 0, 10) }, gflops)).toBeNull(); // the medium model's
    expect(flopIdeal(cheaper, {})).toBeNull();
    expect(costRatio({ stitched: plan(4, 0, 0), baseline: plan(0, 0, 4) }, { small: 0, large: 10 })).toBeNull();
  });

  it('prices calls by anything per role: measured milliseconds give the call-time limit', () => {
    expect(costRatio(cheaper, { small: 2, large: 8 })).toBeCloseTo(32 / 20, 12);
  });
});

describe('faster than the FLOPs allow', () => {
  it('holds a cheaper stitched run to its FLOP ideal: above it is a fault, at or below it a result', () => {
    expect(fasterThanFlops(cheaper, gflops, { stitched: 100, baseline: 200 })).toBe(true); // 2x where 1.82x is the most
    expect(fasterThanFlops(cheaper, gflops, { stitched: 100, baseline: 183 })).toBe(true);
    expect(fasterThanFlops(cheaper, gflops, { stitched: 100, baseline: (100 * 40) / 22 })).toBe(false);
    expect(fasterThanFlops(cheaper, gflops, { stitched: 100, baseline: 170 })).toBe(false);
  });

  it('leaves equal-cost comparisons to noise (an ideal under IDEAL_MIN)', () => {
    const stitched = plan(2, 0, 2);
    const sameCalls = { stitched, baseline: comparisonPlan('large-first', stitched, gflops) };
    expect(flopIdeal(sameCalls, gflops)).toBeLessThan(IDEAL_MIN);
    expect(fasterThanFlops(sameCalls, gflops, { stitched: 100, baseline: 104 })).toBe(false);
    expect(fasterThanFlops(sameCalls, gflops, { stitched: 100, baseline: 300 })).toBe(false);
  });

  it('says nothing without GFLOPs or without both times', () => {
    expect(fasterThanFlops(cheaper, {}, { stitched: 100, baseline: 900 })).toBe(false);
    expect(fasterThanFlops(cheaper, { large: 10 }, { stitched: 100, baseline: 900 })).toBe(false);
    expect(fasterThanFlops(cheaper, gflops, { stitched: 100 })).toBe(false);
    expect(fasterThanFlops(cheaper, gflops, { stitched: 0, baseline: 900 })).toBe(false);
    expect(fasterThanFlops(cheaper, gflops, { stitched: 100, baseline: Infinity })).toBe(false);
  });
});
