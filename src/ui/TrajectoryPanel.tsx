// One trajectory, side by side with the other: its noisy x_t and predicted clean image at the step
// shown, a timeline coloured by the model that ran each step, and its running time.
import { MODEL_ROLES, planSteps, samplingTimesteps, type Comparison, type PlanSpec } from '../core';
import { displayShape, type Manifest } from '../models/manifest';
import type { Trajectory } from '../worker/protocol';
import { COMPARISON_TEXT, type ComparisonText } from './comparisons';
import { formatSeconds } from './format';
import { stepAt } from './recorder';
import { useAppState } from './store';
import { TrajectoryCanvas } from './TrajectoryCanvas';

type PanelText = Pick<ComparisonText, 'label' | 'title' | 'subtitle'>;

const STITCHED: PanelText = { label: 'Stitched trajectory', title: 'Stitched', subtitle: 'small model first, then large' };

/** The right panel is named after what it shows. */
function panelText(trajectory: Trajectory, compare: Comparison, mediumSteps = 0): PanelText {
  if (trajectory === 'baseline') return COMPARISON_TEXT[compare];
  return mediumSteps > 0 ? { ...STITCHED, subtitle: 'small, then medium, then large' } : STITCHED;
}

/** The step a trajectory's canvases show: the replay position (see stepAt), or the latest step computed. */
function useShownIndex(trajectory: Trajectory): number | null {
  const scrub = useAppState((s) =>
    s.scrubIndex === null || !s.run ? null : stepAt(s.scrubIndex, s.run.plans.stitched.steps, s.run.plans[trajectory].steps),
  );
  const latest = useAppState((s) => s.progress[trajectory]?.index);
  return scrub ?? latest ?? null;
}

/** "steps 1–20 small model, 21–50 large model", "all 50 steps on the large model", or the counts when interleaved. */
export function describePlan(plan: PlanSpec): string {
  const used = MODEL_ROLES.filter((r) => plan.counts[r] > 0);
  if (used.length === 1) return `all ${plan.steps} steps on the ${used[0]} model`;
  if (plan.order === 'interleaved') return `${used.map((r) => `${plan.counts[r]} ${r}`).join(', ')} steps, taking turns`;
  const parts: string[] = [];
  let first = 1;
  for (const role of plan.order === 'large-first' ? [...used].reverse() : used) {
    const last = first + plan.counts[role] - 1;
    parts.push(`${parts.length === 0 ? 'steps ' : ''}${first}–${last} ${role} model`);
    first = last + 1;
  }
  return parts.join(', ');
}

function Timeline({ trajectory, label }: { trajectory: Trajectory; label: string }) {
  const plan = useAppState((s) => s.run?.plans[trajectory]);
  const latest = useAppState((s) => s.progress[trajectory]?.index ?? -1);
  const shown = useShownIndex(trajectory);
  if (!plan) return <div className="timeline timeline-empty" data-testid={`timeline-${trajectory}`} aria-hidden="true" />;
  return (
    <div className="timeline" role="img" aria-label={`${label} timeline: ${describePlan(plan)}`} data-testid={`timeline-${trajectory}`}>
      {planSteps(plan.counts, plan.order).map((role, i) => (
        <span
          key={i}
          data-role={role}
          className={`plan-cell plan-${role}${i > latest ? ' plan-pending' : ''}${i === shown ? ' plan-active' : ''}`}
        />
      ))}
    </div>
  );
}

function StepLabel({ trajectory, T }: { trajectory: Trajectory; T: number }) {
  const plan = useAppState((s) => s.run?.plans[trajectory]);
  const shown = useShownIndex(trajectory);
  if (!plan || shown === null) return <p className="step-label">Not run yet</p>;
  const role = planSteps(plan.counts, plan.order)[shown];
  const t = samplingTimesteps(T, plan.steps)[shown];
  return (
    <p className="step-label" data-testid={`step-${trajectory}`}>
      Step {shown + 1} of {plan.steps} · t = {t} · <span className={`role-${role}`}>{role} model</span>
    </p>
  );
}

function Timing({ trajectory }: { trajectory: Trajectory }) {
  const final = useAppState((s) => s.timings[trajectory]);
  const live = useAppState((s) => (s.status === 'running' ? s.progress[trajectory]?.elapsedMs : undefined));
  return (
    <p className="timing">
      Time: <span data-testid={`time-${trajectory}`}>{formatSeconds(final ?? live)}</span>
    </p>
  );
}

export function TrajectoryPanel({ trajectory, manifest }: { trajectory: Trajectory; manifest: Manifest }) {
  // The run shown decides the title; before any run, the settings do.
  const compare = useAppState((s) => (s.run ?? s).settings.compare);
  const medium = useAppState((s) => (s.run ?? s).settings.mediumSteps);
  const p = panelText(trajectory, compare, medium);
  return (
    <section className={`panel panel-${trajectory}`} aria-label={`${p.title}: ${p.subtitle}`}>
      <h2>
        {p.title} <small>{p.subtitle}</small>
      </h2>
      <div className="panel-images">
        <figure>
          <TrajectoryCanvas trajectory={trajectory} kind="x" label={`${p.label}: noisy image x_t`} image={displayShape(manifest)} />
          <figcaption>noisy image x<sub>t</sub></figcaption>
        </figure>
        <figure>
          <TrajectoryCanvas trajectory={trajectory} kind="x0" label={p.label} image={displayShape(manifest)} />
          <figcaption>predicted clean image</figcaption>
        </figure>
      </div>
      <Timeline trajectory={trajectory} label={p.label} />
      <StepLabel trajectory={trajectory} T={manifest.schedule.T} />
      <Timing trajectory={trajectory} />
    </section>
  );
}
