// "Faster than the FLOPs allow", decided once: the FLOP ideal of a pair of plans (how much faster
// the stitched plan can be than its comparison from the models' GFLOPs alone) and the test a
// measured pair of times is held to. The runtime worker times a pair again when it fails the test
// (src/worker/generate.ts); the page says the measurement is not a result (src/ui/stage/Headline.tsx).
import { MODEL_ROLES, type ModelRole, type PlanSpec } from './plan';

/** A generation's two plans: the stitched one and the comparison it is timed against. */
export type PlanPair = Record<'stitched' | 'baseline', PlanSpec>;

type PerRole = Partial<Record<ModelRole, number>>;

/**
 * How far a measured speed-up may lie above the FLOP ideal before it is a measurement fault, not a
 * result: none. The ideal counts compute only, and every real call adds a fixed cost that favours
 * the large model, so a steady measurement stays below it (measured here: 1.52-1.60x against
 * 1.60x, docs/results/first-runs.md); anything above is timed again, then flagged.
 */
export const IDEAL_SLACK = 0;

/**
 * Only a comparison where the FLOPs make the stitched run clearly cheaper can be "faster than the
 * FLOPs allow": at equal cost (large-first, interleaved, fewer steps at the same cost) the ideal is
 * about 1 and timer noise alone crosses it half the time.
 */
export const IDEAL_MIN = 1.05;

/**
 * The comparison's cost over the stitched plan's, each model call priced at `price` of its role
 * (GFLOPs per image, or measured milliseconds per call). Null when a role a plan uses has no price,
 * or when the stitched plan costs nothing.
 */
export function costRatio(plans: PlanPair, price: PerRole): number | null {
  const total = (plan: PlanSpec) =>
    MODEL_ROLES.reduce<number | null>((sum, role) => {
      if (sum === null || plan.counts[role] === 0) return sum;
      const c = price[role];
      return c === undefined ? null : sum + plan.counts[role] * c;
    }, 0);
  const stitched = total(plans.stitched);
  const other = total(plans.baseline);
  return stitched && other !== null ? other / stitched : null;
}

/** The FLOP ideal: the most the stitched plan can gain from its models' GFLOPs (the manifest's, by role); null without them. */
export function flopIdeal(plans: PlanPair, gflops: PerRole): number | null {
  return costRatio(plans, gflops);
}

/**
 * True when the comparison took longer against the stitched trajectory (`ms`, each one's own model
 * time) than the models' FLOPs allow: more than the ideal (IDEAL_SLACK), where the ideal is at
 * least IDEAL_MIN. False without GFLOPs for every role the plans use, or without a time.
 */
export function fasterThanFlops(plans: PlanPair, gflops: PerRole, ms: Partial<Record<'stitched' | 'baseline', number>>): boolean {
  const ideal = flopIdeal(plans, gflops);
  const { stitched, baseline } = ms;
  if (ideal === null || ideal < IDEAL_MIN || stitched === undefined || baseline === undefined) return false;
  if (!(stitched > 0 && Number.isFinite(stitched) && Number.isFinite(baseline))) return false;
  return baseline / stitched > ideal * (1 + IDEAL_SLACK);
}
