// The status line under the controls while a run is in flight: the step each trajectory has
// reached, the right one named by the comparison shown (comparisons.ts), each out of its own plan's
// steps (the large model with fewer steps has fewer).
import { COMPARISON_TEXT } from './comparisons';
import type { RunInfo } from './runPlans';

/** The last step each trajectory has computed (0-based), where it has computed one. */
export interface RunSteps {
  stitched?: number;
  baseline?: number;
}

/** "stitched: step 3 of 50 · large-first: step 2 of 50"; '' without a run in flight. */
export function runProgressText(run: Pick<RunInfo, 'settings' | 'plans'> | null, steps: RunSteps): string {
  if (!run) return '';
  if (steps.stitched === undefined && steps.baseline === undefined)
    return 'preparing the models (a first run at a new batch size warms them up)…';
  const at = (index: number | undefined, of: number) => (index === undefined ? 'starting' : `step ${index + 1} of ${of}`);
  return `stitched: ${at(steps.stitched, run.plans.stitched.steps)} · ${COMPARISON_TEXT[run.settings.compare].name}: ${at(steps.baseline, run.plans.baseline.steps)}`;
}
