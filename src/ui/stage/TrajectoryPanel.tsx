// One trajectory, side by side with the other: its x_t and predicted clean image at the step it
// shows on the shared clock (sharedClock.ts), a timeline coloured by the model that ran each step
// with the hand-off marked, the model at work, and its time ("done in" once the clock passes it).
import { useId, useMemo } from 'react';
import { MODEL_ROLES, planSteps, samplingTimesteps, type Comparison, type ModelRole, type PlanSpec } from '../../core';
import { displayShape, type Manifest } from '../../models/manifest';
import type { Trajectory } from '../../worker/protocol';
import { COMPARISON_TEXT, type ComparisonText } from '../../view/comparisons';
import { formatSeconds } from '../../view/format';
import { captionsAt, handOffCue, handOffLabel, markedHandOffs } from '../../view/stepText';
import { TrajectoryCanvas } from './TrajectoryCanvas';
import './replay.css';
import { useAppState, useShownStep } from '../AppContext';

type PanelText = Pick<ComparisonText, 'label' | 'title' | 'subtitle'>;

const STITCHED: PanelText = { label: 'Stitched trajectory', title: 'Stitched', subtitle: 'small model first, then large' };

/** The right panel is named after what it shows. */
function panelText(trajectory: Trajectory, compare: Comparison, mediumSteps = 0): PanelText {
  if (trajectory === 'baseline') return COMPARISON_TEXT[compare];
  return mediumSteps > 0 ? { ...STITCHED, subtitle: 'small, then medium, then large' } : STITCHED;
}

/** The run's plan of a trajectory and the model of each of its steps. */
function usePlan(trajectory: Trajectory): { plan: PlanSpec; roles: ModelRole[] } | null {
  const plan = useAppState((s) => s.run?.plans[trajectory]);
  return useMemo(() => (plan ? { plan, roles: planSteps(plan.counts, plan.order) } : null), [plan]);
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

/** The timeline, with a divider and a label where the next model takes over ("large model from step 21"). */
function Timeline({ trajectory, label }: { trajectory: Trajectory; label: string }) {
  const planned = usePlan(trajectory);
  const latest = useAppState((s) => s.progress[trajectory]?.index ?? -1);
  const shown = useShownStep(trajectory);
  if (!planned) return <div className="timeline timeline-empty" data-testid={`timeline-${trajectory}`} aria-hidden="true" />;
  const { plan, roles } = planned;
  const marks = markedHandOffs(roles, plan.order);
  const at = new Set(marks.map((h) => h.index));
  return (
    <div className="timeline-box" data-lesson="timeline">
      <div className="timeline" role="img" aria-label={`${label} timeline: ${describePlan(plan)}`} data-testid={`timeline-${trajectory}`}>
        {roles.map((role, i) => (
          <span
            key={i}
            data-role={role}
            className={`plan-cell plan-${role}${i > latest ? ' plan-pending' : ''}${i === shown ? ' plan-active' : ''}${at.has(i) ? ' plan-handoff' : ''}`}
          />
        ))}
      </div>
      {/* On the bar itself (no extra line: the panels must fit the first screen), beside the divider:
          after it, over the model taking over, or before it near the bar's right end. */}
      {marks.map((h) => {
        const share = (100 * h.index) / plan.steps;
        const after = share <= 60;
        const style = after ? { left: `${share}%` } : { right: `${100 - share}%` };
        return (
          <span
            key={h.index}
            className={`handoff-mark handoff-mark-${after ? h.to : h.from}`}
            style={style}
            data-testid="handoff-mark"
            data-step={h.index + 1}
          >
            {handOffLabel(h)}
          </span>
        );
      })}
    </div>
  );
}

function StepLabel({ trajectory, T }: { trajectory: Trajectory; T: number }) {
  const planned = usePlan(trajectory);
  const shown = useShownStep(trajectory);
  if (!planned || shown === null) return <p className="step-label">Not run yet</p>;
  const { plan, roles } = planned;
  const t = samplingTimesteps(T, plan.steps)[Math.max(0, shown)];
  if (shown < 0) {
    return (
      <p className="step-label" data-testid={`step-${trajectory}`}>
        Step 1 of {plan.steps} next · t = {t} · <span className={`role-${roles[0]}`}>{roles[0]} model</span>
      </p>
    );
  }
  return (
    <p className="step-label" data-testid={`step-${trajectory}`}>
      Step {shown + 1} of {plan.steps} · t = {t} · <span className={`role-${roles[shown]}`}>{roles[shown]} model</span>
    </p>
  );
}

/** "hand-off: large model takes over", over the images for the first steps of a model that took over (stepText.handOffCue). */
function HandOffCue({ trajectory }: { trajectory: Trajectory }) {
  const planned = usePlan(trajectory);
  const shown = useShownStep(trajectory);
  const cue = planned && shown !== null ? handOffCue(planned.roles, planned.plan.order, shown) : null;
  if (!cue || !planned || shown === null) return null;
  return (
    <p className={`handoff-cue handoff-cue-${planned.roles[shown]}`} data-testid={`handoff-cue-${trajectory}`}>
      {cue}
    </p>
  );
}

function Timing({ trajectory }: { trajectory: Trajectory }) {
  const final = useAppState((s) => s.timings[trajectory]);
  const latest = useAppState((s) => s.progress[trajectory]?.elapsedMs);
  const live = useAppState((s) => s.status === 'running') ? latest : undefined;
  const steps = useAppState((s) => s.run?.plans[trajectory].steps);
  const shown = useShownStep(trajectory);
  // Done once the clock has passed its last step: on the replay, when the clock reaches its measured time.
  const done = steps !== undefined && shown === steps - 1;
  const doneMs = final ?? latest;
  return (
    <p className="timing">
      Time:{' '}
      <span data-testid={`time-${trajectory}`} data-ms={final ?? live}>
        {formatSeconds(final ?? live)}
      </span>{' '}
      <strong className={`done-mark${done ? '' : ' done-mark-waiting'}`} data-testid={`done-${trajectory}`} aria-hidden={!done}>
        done in {formatSeconds(doneMs)}
      </strong>
    </p>
  );
}

export function TrajectoryPanel({ trajectory, manifest }: { trajectory: Trajectory; manifest: Manifest }) {
  // The run shown decides the title; before any run, the settings do.
  const compare = useAppState((s) => (s.run ?? s).settings.compare);
  const medium = useAppState((s) => (s.run ?? s).settings.mediumSteps);
  const p = panelText(trajectory, compare, medium);
  const planned = usePlan(trajectory);
  const shown = useShownStep(trajectory);
  const T = manifest.schedule.T;
  const timesteps = useMemo(() => (planned ? samplingTimesteps(T, planned.plan.steps) : null), [planned, T]);
  const captions = timesteps && shown !== null ? captionsAt(timesteps, shown) : { x: 'noisy image x_t', x0: 'predicted clean image x̂₀' };
  // The panel's frame takes the colour of the model at work at the step shown (the hand-off shows as a change of colour).
  const role = planned && shown !== null ? planned.roles[Math.max(0, shown)] : undefined;
  const id = useId();
  return (
    <section
      className={`panel panel-${trajectory}${role ? ` panel-model-${role}` : ''}`}
      aria-label={`${p.title}: ${p.subtitle}`}
      data-model={role}
    >
      <h2>
        {p.title} <small>{p.subtitle}</small>
      </h2>
      <div className="panel-images">
        <HandOffCue trajectory={trajectory} />
        <figure>
          {/* The name stays (tests and screen readers find the canvas by it); the caption, its description, says what it shows now. */}
          <TrajectoryCanvas
            trajectory={trajectory}
            kind="x"
            label={`${p.label}: noisy image x_t`}
            image={displayShape(manifest)}
            describedBy={`${id}-x`}
          />
          <figcaption id={`${id}-x`} data-testid={`caption-${trajectory}-xt`}>
            {captions.x}
          </figcaption>
        </figure>
        <figure data-lesson="predictions">
          <TrajectoryCanvas trajectory={trajectory} kind="x0" label={p.label} image={displayShape(manifest)} describedBy={`${id}-x0`} />
          <figcaption id={`${id}-x0`} data-testid={`caption-${trajectory}`}>
            {captions.x0}
          </figcaption>
        </figure>
      </div>
      <Timeline trajectory={trajectory} label={p.label} />
      <StepLabel trajectory={trajectory} T={T} />
      <Timing trajectory={trajectory} />
    </section>
  );
}
