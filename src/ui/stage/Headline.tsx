// The result a room reads from the back: the time each trajectory took, as two bars on one scale,
// the time the small model saved, and the speed-up. A speed-up beyond what the models' FLOPs allow
// is not a result (a measurement fault) and is said as such (RunSummary has the details).
import { gflopsByRole, type Manifest } from '../../models/manifest';
import { COMPARISON_TEXT } from '../../view/comparisons';
import { formatSeconds, formatSpeedup, speedup } from '../../view/format';
import { fasterThanFlops, flopIdeal } from '../../core';
import { useAppState } from '../AppContext';

/** The FLOP ideal of the run shown (null without FLOPs for every role it used), and whether its times beat it. */
function useIdeal(manifest: Manifest, ms: { stitched?: number; baseline?: number }): { ideal: number | null; fault: boolean } {
  const plans = useAppState((s) => s.run?.plans);
  if (!plans) return { ideal: null, fault: false };
  const gflops = gflopsByRole(manifest);
  return { ideal: flopIdeal(plans, gflops), fault: fasterThanFlops(plans, gflops, ms) };
}

/** "saves 0.38 s of 1.00 s (38%)", or what it costs when stitched is the slower one. */
export function savedText(stitchedMs: number, otherMs: number): string {
  const saved = otherMs - stitchedMs;
  const share = Math.round((Math.abs(saved) / otherMs) * 100);
  return saved >= 0
    ? `saves ${formatSeconds(saved)} of ${formatSeconds(otherMs)} (${share}%)`
    : `takes ${formatSeconds(-saved)} longer (${share}%)`;
}

export function Headline({ manifest }: { manifest: Manifest }) {
  const stitched = useAppState((s) => s.timings.stitched);
  const other = useAppState((s) => s.timings.baseline);
  const compare = useAppState((s) => s.run?.settings.compare ?? s.settings.compare);
  const status = useAppState((s) => s.status);
  const done = stitched !== undefined && other !== undefined;
  const { ideal, fault } = useIdeal(manifest, { stitched, baseline: other });
  const x = done ? speedup(stitched, other) : null;
  const name = COMPARISON_TEXT[compare].name;
  const longest = done ? Math.max(stitched, other) : 1;
  return (
    <section className="headline" aria-label="Time saved" data-testid="headline" data-lesson="headline">
      {!done ? (
        <p className="headline-wait" data-testid="headline-wait">
          {status === 'running' ? 'Timing both trajectories…' : 'The time each takes shows here after a run.'}
        </p>
      ) : fault ? (
        <p className="speedup speedup-fault" data-testid="speedup-fault" role="status">
          Measured <strong data-testid="speedup">{formatSpeedup(x)}</strong>: more than the {formatSpeedup(ideal)} the FLOPs allow, so not a
          result. Generate again.
        </p>
      ) : (
        <>
          <p className="speedup">
            <strong data-testid="speedup">{formatSpeedup(x)}</strong> {x !== null && x < 1 ? 'as fast' : 'faster'}
            <span className="speedup-saved" data-testid="time-saved">
              {' '}
              · stitched {savedText(stitched, other)}
            </span>
          </p>
          <div className="time-bars" aria-hidden="true">
            <span className="time-bar time-bar-stitched" style={{ width: `${(100 * stitched) / longest}%` }}>
              stitched {formatSeconds(stitched)}
            </span>
            <span className="time-bar time-bar-baseline" style={{ width: `${(100 * other) / longest}%` }}>
              {name} {formatSeconds(other)}
            </span>
          </div>
        </>
      )}
    </section>
  );
}
