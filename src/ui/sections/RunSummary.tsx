// How the run shown was timed (the headline, Headline.tsx, says how much faster): the times,
// next to the ideal from the models' FLOPs and the limit from one call of each model measured here
// (and why those two differ); for the same-cost baseline, the arithmetic behind it.
import { MODEL_ROLES, fasterThanFlops, flopIdeal, planCost, type ModelRole, type PlanSpec, type StepCounts } from '../../core';
import { gflopsByRole, type Manifest } from '../../models/manifest';
import { COMPARISON_TEXT } from '../../view/comparisons';
import { formatSeconds, formatSpeedup, speedup } from '../../view/format';
import { limit, msPerCall, whyTheyDiffer } from '../../view/speed';
import { useAppState } from '../AppContext';

/** "20 small + 30 large model calls" */
function callText(calls: StepCounts | undefined): string {
  const used = MODEL_ROLES.filter((r) => (calls?.[r] ?? 0) > 0);
  return `${used.map((r) => `${calls![r]} ${r}`).join(' + ') || 'no'} model calls`;
}

/** "20 × 0.0222 + 30 × 0.366 = 11.42 GFLOPs" for one image and one guidance half. */
export function costText(plan: PlanSpec, gflops: Partial<Record<ModelRole, number>>): string {
  const used = MODEL_ROLES.filter((r) => plan.counts[r] > 0);
  const total = used.reduce((sum, r) => sum + plan.counts[r] * gflops[r]!, 0);
  return `${used.map((r) => `${plan.counts[r]} × ${gflops[r]}`).join(' + ')} = ${total.toFixed(2)} GFLOPs`;
}

export function RunSummary({ manifest }: { manifest: Manifest }) {
  const stitched = useAppState((s) => s.timings.stitched);
  const other = useAppState((s) => s.timings.baseline);
  const run = useAppState((s) => s.run);
  const stitchedCalls = useAppState((s) => s.calls.stitched);
  const otherCalls = useAppState((s) => s.calls.baseline);
  const calls = useAppState((s) => s.calls);
  const modelMs = useAppState((s) => s.modelMs);
  const retimed = useAppState((s) => (s.retimed.stitched ?? 0) + (s.retimed.baseline ?? 0));
  const retaken = useAppState((s) => s.retaken);
  if (stitched === undefined || other === undefined || !run) return null;
  const compare = run.settings.compare;
  const x = speedup(stitched, other);
  const gflops = gflopsByRole(manifest);
  const ideal = flopIdeal(run.plans, gflops);
  const perCall = msPerCall(calls, modelMs);
  const timeLimit = limit(run.plans, perCall);
  const why = whyTheyDiffer(perCall, gflops);
  const used = MODEL_ROLES.filter((r) => perCall[r] !== undefined);
  return (
    <section className="summary" aria-label="How the run was timed">
      {fasterThanFlops(run.plans, gflops, { stitched, baseline: other }) ? (
        <p className="summary-detail">
          The measured {formatSpeedup(x)} is more than the {formatSpeedup(ideal)} the models' FLOPs allow, so it is not a result: something
          other than the models slowed {COMPARISON_TEXT[compare].name} (the browser still optimising its code, another tab or program busy).
          Generate again for a measurement.
        </p>
      ) : null}
      <p className="summary-detail">
        {formatSeconds(stitched)} ({callText(stitchedCalls)}) against {formatSeconds(other)} ({callText(otherCalls)}): time spent in each
        trajectory's own model calls, measured in this browser with the two trajectories taking turns step by step, so both see the same
        conditions.
        {retaken
          ? ' The first timing of this run was faster than the FLOPs allow (the browser sped up during it, still optimising its code), so the same pair was timed once more without drawing; these are the second times.'
          : ''}
        {retimed > 0
          ? ` ${retimed} call${retimed === 1 ? ' was' : 's were'} far slower than ${retimed === 1 ? 'its' : 'their'} model's settled time (what was left of warming up) and timed again; the faster time counts.`
          : ''}
        {ideal !== null ? ` From the models' FLOPs alone the ideal would be ${formatSpeedup(ideal)}.` : ''}
      </p>
      {used.length > 0 ? (
        <p className="summary-detail" data-testid="call-times">
          One call in this browser: {used.map((r) => `${r} ${perCall[r]!.toFixed(perCall[r]! < 10 ? 2 : 1)} ms`).join(', ')}.
          {timeLimit !== null ? ` These call times allow at best ${formatSpeedup(timeLimit)}` : ''}
          {timeLimit !== null && ideal !== null ? `, the FLOPs ${formatSpeedup(ideal)}.` : timeLimit !== null ? '.' : ''}
          {why ? ` ${why}` : ''}
        </p>
      ) : null}
      {compare === 'fewer-steps' && ideal !== null ? (
        <p className="summary-detail" data-testid="same-cost">
          Same cost: per image and guidance half, stitched costs {costText(run.plans.stitched, gflops)}, as much as{' '}
          {planCost(run.plans.stitched.counts, gflops).toFixed(1)} steps of the large model ({gflops.large} GFLOPs each), so the large model
          alone gets {run.plans.baseline.steps} steps.
        </p>
      ) : null}
      {compare === 'large-first' || compare === 'interleaved' ? (
        <p className="summary-detail" data-testid="same-cost">
          Both run the same model calls in a different order, so they take about the same time: compare the pictures, not the clock.
        </p>
      ) : null}
    </section>
  );
}
