// Generation parameters for unit tests: T-Stitch with `small` of `steps` steps on the small model,
// against large-only, as the page sends them by default.
import { comparisonPlan, type Comparison } from '../core';
import type { GenerateParams } from './protocol';

export function twoModelParams(
  steps: number,
  small: number,
  over: Partial<GenerateParams> & { compare?: Comparison } = {},
): GenerateParams {
  const { compare = 'large-only', ...rest } = over;
  const stitched = { steps, counts: { small, medium: 0, large: steps - small }, order: 'small-first' as const };
  return {
    seed: 7,
    classes: [1],
    guidance: 2,
    sampler: 'ddim',
    eta: 0,
    plans: { stitched, baseline: comparisonPlan(compare, stitched, { small: 1, medium: 3, large: 10 }) },
    ...rest,
  };
}
