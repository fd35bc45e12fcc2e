import { describe, expect, it } from 'vitest';
import ref from './__fixtures__/core_reference.json';
// prettier-ignore
import { comparisonPlan, countsFromFractions, fractionToSteps, idealSpeedup, planCost, planCounts, planSteps, sameCostLargeSteps, stitchingPlan, type ModelRole } from './plan';

describe('stitchingPlan', () => {
  it('puts round(fraction * steps) small steps first, as the Python reference does', () => {
    for (const c of ref.plans) {
      expect(fractionToSteps(c.steps, c.fraction)).toBe(c.small);
      const plan = stitchingPlan(c.steps, c.small);
      expect(plan).toEqual([...Array(c.small).fill('small'), ...Array(c.steps - c.small).fill('large')]);
    }
  });

  it('is not fooled by float error (0.3 * 10 = 3.0000000000000004)', () => {
    expect(fractionToSteps(10, 0.3)).toBe(3);
    expect(fractionToSteps(100, 0.29)).toBe(29);
    expect(fractionToSteps(5, 0.5)).toBe(3); // halves round up
  });

  it('covers the endpoints', () => {
    expect(stitchingPlan(4, 0)).toEqual(['large', 'large', 'large', 'large']);
    expect(stitchingPlan(4, 4)).toEqual(['small', 'small', 'small', 'small']);
    expect(planCounts(stitchingPlan(50, 20))).toEqual({ small: 20, medium: 0, large: 30 });
  });

  it('rejects bad inputs with clear errors', () => {
    expect(() => fractionToSteps(10, 1.5)).toThrow('fraction (share of steps on the small model) must be in [0, 1], got 1.5');
    expect(() => fractionToSteps(10, -0.1)).toThrow(/must be in \[0, 1\]/);
    expect(() => fractionToSteps(10, NaN)).toThrow(/must be in \[0, 1\]/);
    expect(() => stitchingPlan(10, 11)).toThrow('small-model steps must be a whole number from 0 to 10, got 11');
    expect(() => stitchingPlan(10, 2.5)).toThrow(/whole number/);
    expect(() => stitchingPlan(0, 0)).toThrow(/steps must be a positive integer/);
  });
});

const S = 'small',
  M = 'medium',
  L = 'large';
const text = (plan: ModelRole[]) => plan.map((r) => r[0].toUpperCase()).join('');

describe('planSteps: any number of models, three orders', () => {
  it('small-first runs the models from the smallest up, one hard switch each (S -> M -> L)', () => {
    expect(planSteps({ small: 2, medium: 3, large: 1 })).toEqual([S, S, M, M, M, L]);
    expect(planSteps({ small: 0, medium: 2, large: 2 }, 'small-first')).toEqual([M, M, L, L]);
  });
  it('large-first is the reverse', () => {
    expect(planSteps({ small: 2, medium: 1, large: 1 }, 'large-first')).toEqual([L, M, S, S]);
  });
  it('interleaved spreads each model evenly, the smaller first on ties', () => {
    expect(text(planSteps({ small: 5, medium: 0, large: 5 }, 'interleaved'))).toBe('SLSLSLSLSL');
    expect(text(planSteps({ small: 2, medium: 0, large: 6 }, 'interleaved'))).toBe('LSLLLSLL');
    const three = planSteps({ small: 3, medium: 3, large: 3 }, 'interleaved');
    expect(text(three)).toBe('SMLSMLSML');
    for (const counts of [
      { small: 7, medium: 2, large: 11 },
      { small: 0, medium: 0, large: 4 },
      { small: 1, medium: 0, large: 0 },
    ]) {
      expect(planCounts(planSteps(counts, 'interleaved'))).toEqual(counts);
    }
  });
  it('keeps every model to its count in every order', () => {
    const counts = { small: 4, medium: 5, large: 11 };
    for (const order of ['small-first', 'large-first', 'interleaved'] as const)
      expect(planCounts(planSteps(counts, order))).toEqual(counts);
  });
  it('rejects bad counts and orders', () => {
    expect(() => planSteps({ small: 0, medium: 0, large: 0 })).toThrow(/steps must be a positive integer, got 0/);
    expect(() => planSteps({ small: -1, medium: 0, large: 3 })).toThrow('small-model steps must be a whole number from 0 to 2, got -1');
    expect(() => planSteps({ small: 1, medium: 0, large: 1 }, 'random' as never)).toThrow(/unknown plan order "random"/);
  });
});

describe('countsFromFractions', () => {
  it('rounds the small and medium shares; the large model takes the rest', () => {
    expect(countsFromFractions(50, { small: 0.4 })).toEqual({ small: 20, medium: 0, large: 30 });
    expect(countsFromFractions(20, { small: 0.3, medium: 0.3 })).toEqual({ small: 6, medium: 6, large: 8 });
    expect(countsFromFractions(20, { small: 0.7, medium: 0.3, large: 0 })).toEqual({ small: 14, medium: 6, large: 0 });
    expect(() => countsFromFractions(10, { small: 0.6, medium: 0.5 })).toThrow(/more than all 10 steps/);
  });
});

describe('planCost and the same-cost baseline (paper Fig. 15)', () => {
  const gflops = { small: 0.02216, medium: 0.125, large: 0.366 };
  it('counts a plan in large-model forward passes', () => {
    expect(planCost({ small: 20, medium: 0, large: 30 }, gflops)).toBeCloseTo(30 + (20 * 0.02216) / 0.366, 12);
    expect(planCost({ small: 0, medium: 0, large: 50 }, { large: 1 })).toBe(50); // unused models need no cost
  });
  it('gives the large-only step count of equal cost, at least one', () => {
    // T-Stitch at r = 0.2, 0.4, 0.6, 0.8 of 50 DDIM steps with the shipped pair.
    expect([10, 20, 30, 40].map((k) => sameCostLargeSteps({ small: k, medium: 0, large: 50 - k }, gflops))).toEqual([41, 31, 22, 12]);
    expect(sameCostLargeSteps({ small: 5, medium: 0, large: 0 }, gflops)).toBe(1);
    expect(() => planCost({ small: 1, medium: 1, large: 0 }, { small: 1, large: 2 })).toThrow(
      "the medium model's cost must be positive, got undefined",
    );
  });
});

describe('comparisonPlan', () => {
  const gflops = { small: 0.02216, medium: 0.125, large: 0.366 };
  const stitched = { steps: 50, counts: { small: 20, medium: 0, large: 30 }, order: 'small-first' as const };
  it('large-only runs the large model at every step; fewer-steps at the stitched cost', () => {
    expect(comparisonPlan('large-only', stitched, gflops)).toEqual({
      steps: 50,
      counts: { small: 0, medium: 0, large: 50 },
      order: 'small-first',
    });
    expect(comparisonPlan('fewer-steps', stitched, gflops)).toEqual({
      steps: 31,
      counts: { small: 0, medium: 0, large: 31 },
      order: 'small-first',
    });
  });
  it("large-first and interleaved keep each model's steps, in another order", () => {
    expect(comparisonPlan('large-first', stitched, gflops)).toEqual({ ...stitched, order: 'large-first' });
    expect(comparisonPlan('interleaved', stitched, gflops)).toEqual({ ...stitched, order: 'interleaved' });
    expect(() => comparisonPlan('random' as never, stitched, gflops)).toThrow(/unknown comparison "random"/);
  });
});

describe('idealSpeedup', () => {
  it('is 1 / (1 - r (1 - c_small / c_large))', () => {
    // DiT-S (5.5 GFLOPs) -> DiT-XL (114.5 GFLOPs) at r = 0.4
    expect(idealSpeedup(0.4, 5.5, 114.5)).toBeCloseTo(1 / (1 - 0.4 * (1 - 5.5 / 114.5)), 12);
    expect(idealSpeedup(0, 1, 10)).toBe(1);
    expect(idealSpeedup(1, 1, 10)).toBeCloseTo(10, 12);
  });
});
