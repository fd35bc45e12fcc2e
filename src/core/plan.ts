/** The stitching plan: which denoiser runs at each sampling step (T-Stitch, Pan et al. 2024). */

/** The two denoisers of a pair; names match the manifest's `role` field. */
export type ModelRole = 'small' | 'large';

export const MODEL_ROLES: readonly ModelRole[] = ['small', 'large'];

/**
 * Number of leading steps on the small model: round(fraction * steps).
 * The reference code switches while t >= T(1 - r); with uniform steps that is this count.
 * Halves round up (Math.round); toFixed(9) first so 0.3 * 10 = 3.0000000000000004 gives 3.
 */
export function smallSteps(steps: number, fraction: number): number {
  if (!Number.isInteger(steps) || steps < 1) {
    throw new Error(`steps must be a positive integer, got ${steps}`);
  }
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new Error(`fraction (share of steps on the small model) must be in [0, 1], got ${fraction}`);
  }
  return Math.round(Number((fraction * steps).toFixed(9)));
}

/** Small model for the first round(fraction * steps) steps, large for the rest (one hard switch). */
export function stitchingPlan(steps: number, fraction: number): ModelRole[] {
  const k = smallSteps(steps, fraction);
  return Array.from({ length: steps }, (_, i) => (i < k ? 'small' : 'large'));
}

/** How many steps of the plan each model runs. */
export function planCounts(plan: readonly ModelRole[]): Record<ModelRole, number> {
  const counts = { small: 0, large: 0 };
  for (const role of plan) counts[role]++;
  return counts;
}

/**
 * The speed-up T-Stitch can at best reach from FLOPs alone (T-Stitch, Pan et al. 2024):
 * 1 / (1 - r (1 - c_small / c_large)), with c the cost of one forward pass.
 */
export function idealSpeedup(fraction: number, costSmall: number, costLarge: number): number {
  if (!(costSmall > 0 && costLarge > 0)) {
    throw new Error(`model costs must be positive, got small=${costSmall}, large=${costLarge}`);
  }
  return 1 / (1 - fraction * (1 - costSmall / costLarge));
}
