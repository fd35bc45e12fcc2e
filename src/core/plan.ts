/** The stitching plan: which denoiser runs at each sampling step (T-Stitch, Pan et al. 2024). */

/** The denoisers of a set, by size; names match the manifest's `role` field. `medium` is optional. */
export type ModelRole = 'small' | 'medium' | 'large';

/** Smallest first: the order T-Stitch runs them in. */
export const MODEL_ROLES: readonly ModelRole[] = ['small', 'medium', 'large'];

/**
 * - small-first: T-Stitch: the smaller models take the early, noisy steps (paper Sec. 3).
 * - large-first: the reverse (paper Table 7 at 50%; Hybrid SD runs the large model first on purpose).
 * - interleaved: the models take turns, spread evenly over the steps (paper Table 7).
 */
export type PlanOrder = 'small-first' | 'large-first' | 'interleaved';

export const PLAN_ORDERS: readonly PlanOrder[] = ['small-first', 'large-first', 'interleaved'];

/** Whole steps per model; a plan's counts sum to its steps. */
export type StepCounts = Record<ModelRole, number>;

function checkSteps(steps: number): void {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
}

/**
 * The number of steps for a share r of `steps`: round(r * steps).
 * The reference code switches while t >= T(1 - r); with uniform steps that is the small model's count.
 * Only where people type r (the URL, the tools' --fractions); the code carries the count.
 * Halves round up (Math.round); toFixed(9) first so 0.3 * 10 = 3.0000000000000004 gives 3.
 */
export function fractionToSteps(steps: number, fraction: number): number {
  checkSteps(steps);
  if (!(fraction >= 0 && fraction <= 1)) {
    throw new Error(`fraction (share of steps on the small model) must be in [0, 1], got ${fraction}`);
  }
  return Math.round(Number((fraction * steps).toFixed(9)));
}

/** Step counts from shares of `steps` (they sum to 1): each rounded, the large model takes the rest. */
export function countsFromFractions(steps: number, fractions: Partial<Record<ModelRole, number>>): StepCounts {
  const small = fractionToSteps(steps, fractions.small ?? 0);
  const medium = fractionToSteps(steps, fractions.medium ?? 0);
  if (small + medium > steps) throw new Error(`the shares of the small and medium models add up to more than all ${steps} steps`);
  return { small, medium, large: steps - small - medium };
}

/** The models' steps in the order `order` runs them: one model after the other, or in turns. */
export function planSteps(counts: StepCounts, order: PlanOrder = 'small-first'): ModelRole[] {
  const steps = counts.small + counts.medium + counts.large;
  checkSteps(steps);
  for (const role of MODEL_ROLES) {
    if (!Number.isInteger(counts[role]) || counts[role] < 0) {
      throw new Error(`${role}-model steps must be a whole number from 0 to ${steps}, got ${counts[role]}`);
    }
  }
  if (order === 'small-first' || order === 'large-first') {
    const roles = order === 'small-first' ? MODEL_ROLES : [...MODEL_ROLES].reverse();
    return roles.flatMap((role) => Array<ModelRole>(counts[role]).fill(role));
  }
  if (order !== 'interleaved') throw new Error(`unknown plan order ${JSON.stringify(order)}; use ${PLAN_ORDERS.join(', ')}`);
  // Evenly spread: at each step the model furthest behind its share takes it (ties: the smaller one),
  // so 50/50 alternates small, large, small, large...
  const used: StepCounts = { small: 0, medium: 0, large: 0 };
  return Array.from({ length: steps }, (_, i) => {
    let pick: ModelRole | null = null;
    let most = -Infinity;
    for (const role of MODEL_ROLES) {
      if (used[role] >= counts[role]) continue;
      const behind = (counts[role] * (i + 1)) / steps - used[role];
      if (behind > most + 1e-12) {
        most = behind;
        pick = role;
      }
    }
    used[pick!]++;
    return pick!;
  });
}

/** T-Stitch with two models: the small model for the first `small` steps, the large one for the rest. */
export function stitchingPlan(steps: number, small: number): ModelRole[] {
  checkSteps(steps);
  if (!Number.isInteger(small) || small < 0 || small > steps) {
    throw new Error(`small-model steps must be a whole number from 0 to ${steps}, got ${small}`);
  }
  return planSteps({ small, medium: 0, large: steps - small });
}

/** How many steps of the plan each model runs. */
export function planCounts(plan: readonly ModelRole[]): StepCounts {
  const counts = { small: 0, medium: 0, large: 0 };
  for (const role of plan) counts[role]++;
  return counts;
}

/** A plan's model cost in forward passes of the large model: sum of steps x (cost / large cost). */
export function planCost(counts: StepCounts, gflops: Partial<Record<ModelRole, number>>): number {
  const large = gflops.large;
  if (!(typeof large === 'number' && large > 0)) throw new Error(`the large model's cost must be positive, got ${large}`);
  return MODEL_ROLES.reduce((sum, role) => {
    if (counts[role] === 0) return sum;
    const c = gflops[role];
    if (!(typeof c === 'number' && c > 0)) throw new Error(`the ${role} model's cost must be positive, got ${c}`);
    return sum + (counts[role] * c) / large;
  }, 0);
}

/**
 * The baseline at equal cost (paper Fig. 15): the large model alone with as many steps as the
 * plan costs in large-model forward passes, rounded, at least 1.
 */
export function sameCostLargeSteps(counts: StepCounts, gflops: Partial<Record<ModelRole, number>>): number {
  return Math.max(1, Math.round(planCost(counts, gflops)));
}

/** A trajectory's plan as data: how many steps, each model's share of them, and in what order. */
export interface PlanSpec {
  steps: number;
  counts: StepCounts;
  order: PlanOrder;
}

/**
 * What the stitched trajectory is compared with, from the same noise (paper Table 7, Fig. 15):
 * - large-only: the large model at every step (the quality T-Stitch keeps);
 * - fewer-steps: the large model alone with fewer steps, at the stitched run's cost;
 * - large-first, interleaved: the stitched run's own steps per model, in another order.
 */
export type Comparison = 'large-only' | 'fewer-steps' | 'large-first' | 'interleaved';

export const COMPARISONS: readonly Comparison[] = ['large-only', 'fewer-steps', 'large-first', 'interleaved'];

/** The plan of the comparison trajectory for a stitched plan (gflops: each model's cost per forward pass). */
export function comparisonPlan(kind: Comparison, stitched: PlanSpec, gflops: Partial<Record<ModelRole, number>>): PlanSpec {
  switch (kind) {
    case 'large-only':
      return { steps: stitched.steps, counts: { small: 0, medium: 0, large: stitched.steps }, order: 'small-first' };
    case 'fewer-steps': {
      const n = sameCostLargeSteps(stitched.counts, gflops);
      return { steps: n, counts: { small: 0, medium: 0, large: n }, order: 'small-first' };
    }
    case 'large-first':
    case 'interleaved':
      return { ...stitched, order: kind };
  }
  throw new Error(`unknown comparison ${JSON.stringify(kind)}; use ${COMPARISONS.join(', ')}`);
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
