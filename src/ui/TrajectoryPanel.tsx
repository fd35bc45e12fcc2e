// One trajectory, side by side with the other: its noisy x_t and predicted clean image at the step
// shown, a timeline coloured by the model that ran each step, and its running time.
import { samplingTimesteps, stitchingPlan } from '../core';
import type { Manifest } from '../models/manifest';
import type { Trajectory } from '../worker/protocol';
import { formatSeconds } from './format';
import { useAppStore } from './store';
import { TrajectoryCanvas } from './TrajectoryCanvas';

export const PANELS: Record<Trajectory, { label: string; title: string; subtitle: string }> = {
  stitched: { label: 'Stitched trajectory', title: 'Stitched', subtitle: 'small model first, then large' },
  large: { label: 'Large-only trajectory', title: 'Large only', subtitle: 'large model at every step' },
};

/** The step a trajectory's canvases show: the replay position, or the latest step computed. */
function useShownIndex(trajectory: Trajectory): number | null {
  const scrub = useAppStore((s) => s.scrubIndex);
  const latest = useAppStore((s) => s.progress[trajectory]?.index);
  return scrub ?? latest ?? null;
}

function Timeline({ trajectory }: { trajectory: Trajectory }) {
  const steps = useAppStore((s) => s.run?.settings.steps);
  const small = useAppStore((s) => s.run?.settings.smallSteps);
  const latest = useAppStore((s) => s.progress[trajectory]?.index ?? -1);
  const shown = useShownIndex(trajectory);
  if (steps === undefined || small === undefined) {
    return <div className="timeline timeline-empty" data-testid={`timeline-${trajectory}`} aria-hidden="true" />;
  }
  const k = trajectory === 'stitched' ? small : 0;
  const plan = stitchingPlan(steps, k);
  const summary =
    k === 0 ? `all ${steps} steps on the large model` : k === steps ? `all ${steps} steps on the small model` : `steps 1–${k} small model, ${k + 1}–${steps} large model`;
  return (
    <div
      className="timeline"
      role="img"
      aria-label={`${PANELS[trajectory].label} timeline: ${summary}`}
      data-testid={`timeline-${trajectory}`}
    >
      {plan.map((role, i) => (
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
  const steps = useAppStore((s) => s.run?.settings.steps);
  const small = useAppStore((s) => s.run?.settings.smallSteps);
  const shown = useShownIndex(trajectory);
  if (steps === undefined || small === undefined || shown === null) return <p className="step-label">Not run yet</p>;
  const role = stitchingPlan(steps, trajectory === 'stitched' ? small : 0)[shown];
  const t = samplingTimesteps(T, steps)[shown];
  return (
    <p className="step-label" data-testid={`step-${trajectory}`}>
      Step {shown + 1} of {steps} · t = {t} · <span className={`role-${role}`}>{role} model</span>
    </p>
  );
}

function Timing({ trajectory }: { trajectory: Trajectory }) {
  const final = useAppStore((s) => s.timings[trajectory]);
  const live = useAppStore((s) => (s.status === 'running' ? s.progress[trajectory]?.elapsedMs : undefined));
  return (
    <p className="timing">
      Time: <span data-testid={`time-${trajectory}`}>{formatSeconds(final ?? live)}</span>
    </p>
  );
}

export function TrajectoryPanel({ trajectory, manifest }: { trajectory: Trajectory; manifest: Manifest }) {
  const p = PANELS[trajectory];
  return (
    <section className={`panel panel-${trajectory}`} aria-label={`${p.title}: ${p.subtitle}`}>
      <h2>
        {p.title} <small>{p.subtitle}</small>
      </h2>
      <div className="panel-images">
        <figure>
          <TrajectoryCanvas trajectory={trajectory} kind="x" label={`${p.label}: noisy image x_t`} image={manifest.image} />
          <figcaption>noisy image x<sub>t</sub></figcaption>
        </figure>
        <figure>
          <TrajectoryCanvas trajectory={trajectory} kind="x0" label={p.label} image={manifest.image} />
          <figcaption>predicted clean image</figcaption>
        </figure>
      </div>
      <Timeline trajectory={trajectory} />
      <StepLabel trajectory={trajectory} T={manifest.schedule.T} />
      <Timing trajectory={trajectory} />
    </section>
  );
}
