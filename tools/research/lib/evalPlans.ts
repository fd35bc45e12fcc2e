// What one evaluation run measures: a list of rows, each a plan (order and whole steps per model)
// at a step count. Two-model T-Stitch and its orders, the same-cost fewer-steps baseline, and the
// grid of three-model allocations (paper Fig. 6).
import {
  MODEL_ROLES,
  PLAN_ORDERS,
  countsFromFractions,
  sameCostLargeSteps,
  type ModelRole,
  type PlanOrder,
  type StepCounts,
} from '../../../src/core';
import type { EvalFractions, EvalOrder } from '../../../src/models/evaluation';

export interface RowSpec {
  order: EvalOrder;
  /** Each model's share of the steps actually run (counts / steps). */
  fractions: EvalFractions;
  steps: number;
  counts: StepCounts;
  /** fewer-steps rows: the stitched plan whose cost they match. */
  sameCostAs?: { fractions: EvalFractions; steps: number };
}

const round6 = (v: number) => Number(v.toFixed(6));

export function shares(counts: StepCounts): EvalFractions {
  const steps = counts.small + counts.medium + counts.large;
  return { small: round6(counts.small / steps), medium: round6(counts.medium / steps), large: round6(counts.large / steps) };
}

/** Two models (small, large): r of the steps on the small one, in `order`. */
export function twoModelRows(fractions: number[], steps: number, order: PlanOrder): RowSpec[] {
  if (!PLAN_ORDERS.includes(order)) throw new Error(`--order must be one of ${PLAN_ORDERS.join(', ')}, got ${JSON.stringify(order)}`);
  return fractions.map((r) => {
    const counts = countsFromFractions(steps, { small: r });
    return { order, fractions: shares(counts), steps, counts };
  });
}

/**
 * The baseline at equal cost (paper Fig. 15): for each r, the large model alone with as many steps
 * as T-Stitch at r costs in large-model forward passes.
 */
export function fewerStepRows(fractions: number[], steps: number, gflops: Partial<Record<ModelRole, number>>): RowSpec[] {
  return fractions.map((r) => {
    const stitched = countsFromFractions(steps, { small: r });
    const n = sameCostLargeSteps(stitched, gflops);
    const counts = { small: 0, medium: 0, large: n };
    return { order: 'fewer-steps', fractions: shares(counts), steps: n, counts, sameCostAs: { fractions: shares(stitched), steps } };
  });
}

/**
 * Every allocation of the steps to small, medium and large (small first, then medium, then large)
 * with shares on a grid of `step` (0.1: 66 allocations, paper Fig. 6). `steps` must make each
 * share a whole number of steps.
 */
export function gridRows(step: number, steps: number): RowSpec[] {
  const n = Math.round(1 / step);
  if (!(n >= 1 && Math.abs(n * step - 1) < 1e-9)) throw new Error(`--grid ${step}: use a step that divides 1 (e.g. 0.1, 0.2, 0.25)`);
  if (!Number.isInteger(Number((steps * step).toFixed(9))))
    throw new Error(`--grid ${step} with ${steps} steps: each share must be a whole number of steps`);
  const rows: RowSpec[] = [];
  for (let s = 0; s <= n; s++) {
    for (let m = 0; s + m <= n; m++) {
      const counts = countsFromFractions(steps, { small: s / n, medium: m / n });
      rows.push({ order: 'small-first', fractions: shares(counts), steps, counts });
    }
  }
  return rows;
}

/** "i/n": the i-th of n interleaved slices of the rows (every n-th, from the i-th), to run as n processes. */
export function selectPart<T>(rows: T[], part: string | undefined): T[] {
  if (part === undefined) return rows;
  const m = /^(\d+)\/(\d+)$/.exec(part);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!(n >= 1 && i >= 1 && i <= n)) throw new Error(`--part ${part}: expected i/n with 1 <= i <= n, e.g. 1/2`);
  return rows.filter((_, k) => k % n === i - 1);
}

/** Which models a set of rows needs. */
export function rolesUsed(rows: RowSpec[]): ModelRole[] {
  return MODEL_ROLES.filter((role) => rows.some((r) => r.counts[role] > 0));
}
