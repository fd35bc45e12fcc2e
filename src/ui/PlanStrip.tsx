// The plan the next run will follow: one cell per sampling step, coloured by the model that runs it.
import { planCounts, stitchingPlan } from '../core';
import { useAppStore } from './store';

export function PlanStrip() {
  const steps = useAppStore((s) => s.settings.steps);
  const small = useAppStore((s) => s.settings.smallSteps);
  const plan = stitchingPlan(steps, small);
  const counts = planCounts(plan);
  return (
    <figure className="plan">
      <div
        className="plan-strip"
        role="img"
        aria-label={`Stitching plan: ${counts.small} steps on the small model, then ${counts.large} on the large model`}
        data-testid="plan-strip"
      >
        {plan.map((role, i) => (
          <span key={i} className={`plan-cell plan-${role}`} />
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
