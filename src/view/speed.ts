// What one model call costs in this browser, and the speed-up those costs allow: measured call
// times beside the models' FLOPs. Pure, so the page's sentences are unit-tested. Whether a measured
// speed-up is more than the FLOPs allow is core's fasterThanFlops (src/core/ideal.ts).
import { MODEL_ROLES, costRatio, type ModelRole, type PlanSpec } from '../core';
import type { Trajectory } from '../worker/protocol';

type PerRole = Partial<Record<ModelRole, number>>;

/** Milliseconds of one call of each model, over both trajectories of a run (absent: no call). */
export function msPerCall(
  calls: Partial<Record<Trajectory, Record<ModelRole, number>>>,
  modelMs: Partial<Record<Trajectory, Record<ModelRole, number>>>,
): PerRole {
  const out: PerRole = {};
  for (const role of MODEL_ROLES) {
    const n = (calls.stitched?.[role] ?? 0) + (calls.baseline?.[role] ?? 0);
    const ms = (modelMs.stitched?.[role] ?? 0) + (modelMs.baseline?.[role] ?? 0);
    if (n > 0) out[role] = ms / n;
  }
  return out;
}

/**
 * The comparison's cost over the stitched plan's, each step priced at `cost` (ms per call, or GFLOPs:
 * then it is the FLOP ideal, core/ideal.ts); null without a price.
 */
export function limit(plans: Record<Trajectory, PlanSpec>, cost: PerRole): number | null {
  return costRatio(plans, cost);
}

/**
 * Why the call-time limit and the FLOP ideal differ, in one sentence: a small model's call costs more
 * than its share of the FLOPs when each call pays a fixed price (launching kernels, moving data).
 */
export function whyTheyDiffer(ms: PerRole, gflops: PerRole): string | null {
  const [s, l, fs, fl] = [ms.small, ms.large, gflops.small, gflops.large];
  if (s === undefined || l === undefined || !fs || !fl) return null;
  const timeRatio = s / l;
  const flopRatio = fs / fl;
  if (timeRatio > flopRatio * 1.1) {
    return `Here a small-model call takes ${(100 * timeRatio).toFixed(0)}% of a large one's time for ${(100 * flopRatio).toFixed(1)}% of its FLOPs: every call pays a fixed price (launching kernels, moving data) that does not shrink with the model, so the small model saves less than its FLOPs promise.`;
  }
  if (timeRatio < flopRatio / 1.1) {
    return `Here a small-model call takes only ${(100 * timeRatio).toFixed(1)}% of a large one's time for ${(100 * flopRatio).toFixed(1)}% of its FLOPs: the large model runs less efficiently than its FLOPs suggest on this backend.`;
  }
  return `Here call times follow the FLOPs closely (a small-model call takes ${(100 * timeRatio).toFixed(1)}% of a large one's time, ${(100 * flopRatio).toFixed(1)}% of its FLOPs).`;
}
