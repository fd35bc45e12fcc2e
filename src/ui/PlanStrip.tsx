// The stitching plan as data: one cell per sampling step, coloured by the model that runs it.
import { planCounts, stitchingPlan } from '../core';
import { useAppStore } from './store';

export function PlanStrip() {
  const status = useAppStore((s) => s.status);
  const steps = useAppStore((s) => s.steps);
  const fraction = useAppStore((s) => s.fraction);
  const runSteps = useAppStore((s) => s.runSteps);
  const runFraction = useAppStore((s) => s.runFraction);
  const progress = useAppStore((s) => s.progress);
  // While a run is in flight, show the plan it is following, with the current step marked.
  const running = status === 'running' && runSteps !== null && runFraction !== null;
  const plan = running ? stitchingPlan(runSteps, runFraction) : stitchingPlan(steps, fraction);
  const counts = planCounts(plan);
  const active = progress?.trajectory === 'stitched' ? progress.index : -1;

  return (
    <figure className="plan">
      <div
        className="plan-strip"
        role="img"
        aria-label={`Stitching plan: ${counts.small} steps on the small model, then ${counts.large} on the large model`}
        data-testid="plan-strip"
      >
        {plan.map((role, i) => (
          <span key={i} className={`plan-cell plan-${role}${i === active ? ' plan-active' : ''}`} title={`step ${i + 1}: ${role}`} />
        ))}
      </div>
      <figcaption>
        <span className="swatch plan-small" /> small model: {counts.small} steps
        <span className="swatch plan-large" /> large model: {counts.large} steps
        <span className="plan-note"> (noise on the left, clean image on the right)</span>
      </figcaption>
    </figure>
  );
}
