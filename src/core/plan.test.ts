import { describe, expect, it } from 'vitest';
import ref from './__fixtures__/core_reference.json';
import { idealSpeedup, planCounts, smallSteps, stitchingPlan } from './plan';

describe('stitchingPlan', () => {
  it('puts round(fraction * steps) small steps first, as the Python reference does', () => {
    for (const c of ref.plans) {
      expect(smallSteps(c.steps, c.fraction)).toBe(c.small);
      const plan = stitchingPlan(c.steps, c.fraction);
      expect(plan).toEqual([...Array(c.small).fill('small'), ...Array(c.steps - c.small).fill('large')]);
    }
  });

  it('is not fooled by float error (0.3 * 10 = 3.0000000000000004)', () => {
    expect(smallSteps(10, 0.3)).toBe(3);
    expect(smallSteps(100, 0.29)).toBe(29);
    expect(smallSteps(5, 0.5)).toBe(3); // halves round up
  });

  it('covers the endpoints', () => {
    expect(stitchingPlan(4, 0)).toEqual(['large', 'large', 'large', 'large']);
    expect(stitchingPlan(4, 1)).toEqual(['small', 'small', 'small', 'small']);
    expect(planCounts(stitchingPlan(50, 0.4))).toEqual({ small: 20, large: 30 });
  });

  it('rejects bad inputs with clear errors', () => {
    expect(() => stitchingPlan(10, 1.5)).toThrow('fraction (share of steps on the small model) must be in [0, 1], got 1.5');
    expect(() => stitchingPlan(10, -0.1)).toThrow(/must be in \[0, 1\]/);
    expect(() => stitchingPlan(10, NaN)).toThrow(/must be in \[0, 1\]/);
    expect(() => stitchingPlan(0, 0.5)).toThrow(/steps must be a positive integer/);
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
