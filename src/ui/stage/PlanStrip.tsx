// The plan the next run will follow: one cell per sampling step, coloured by the model that runs it.
import { MODEL_ROLES, planCounts, planSteps } from '../../core';
import { useAppState } from '../AppContext';

export function PlanStrip() {
  const steps = useAppState((s) => s.settings.steps);
  const small = useAppState((s) => s.settings.smallSteps);
  const medium = useAppState((s) => s.settings.mediumSteps);
  const plan = planSteps({ small, medium, large: steps - small - medium });
  const counts = planCounts(plan);
  const shown = MODEL_ROLES.filter((role) => role !== 'medium' || counts.medium > 0);
  const n = (k: number) => `${k} step${k === 1 ? '' : 's'}`;
  const label = shown
    .map((role, i) => `${i === 0 ? '' : i === shown.length - 1 ? ', then ' : ', '}${n(counts[role])} on the ${role} model`)
    .join('');
  return (
    <figure className="plan">
      <div className="plan-strip" role="img" aria-label={`Stitching plan: ${label}`} data-testid="plan-strip">
        {plan.map((role, i) => (
          <span key={i} className={`plan-cell plan-${role}`} />
        ))}
      </div>
      <figcaption>
        {shown.map((role) => (
          <span key={role}>
            <span className={`swatch plan-${role}`} /> {role} model: {n(counts[role])}
          </span>
        ))}
        <span className="plan-note"> (noise on the left, clean image on the right)</span>
      </figcaption>
    </figure>
  );
}
