// The end of a run: how much faster the stitched trajectory was, next to the FLOP-based ideal.
import { idealSpeedup } from '../core';
import type { Manifest } from '../models/manifest';
import { formatSeconds, formatSpeedup, speedup } from './format';
import { useAppStore } from './store';

export function RunSummary({ manifest }: { manifest: Manifest }) {
  const stitched = useAppStore((s) => s.timings.stitched);
  const large = useAppStore((s) => s.timings.large);
  const fraction = useAppStore((s) => (s.run ? s.run.settings.smallSteps / s.run.settings.steps : undefined));
  const smallCalls = useAppStore((s) => s.calls.stitched?.small);
  const largeCalls = useAppStore((s) => s.calls.stitched?.large);
  if (stitched === undefined || large === undefined || fraction === undefined) return null;
  const x = speedup(stitched, large);
  const small = manifest.denoisers.find((d) => d.role === 'small')?.gflops;
  const big = manifest.denoisers.find((d) => d.role === 'large')?.gflops;
  const ideal = small && big ? idealSpeedup(fraction, small, big) : null;
  return (
    <section className="summary" aria-label="Speed-up">
      <p className="speedup">
        Stitched is <strong data-testid="speedup">{formatSpeedup(x)}</strong> {x !== null && x < 1 ? 'as fast as' : 'faster than'} large-only
      </p>
      <p className="summary-detail">
        {formatSeconds(stitched)} ({smallCalls ?? 0} small + {largeCalls ?? 0} large model calls) against {formatSeconds(large)} (
        {(smallCalls ?? 0) + (largeCalls ?? 0)} large calls): time spent in each trajectory's own model calls, measured in
        this browser with the two trajectories taking turns step by step, so both see the same conditions.
        {ideal !== null ? ` From the models' FLOPs alone the ideal would be ${formatSpeedup(ideal)}.` : ''}
      </p>
    </section>
  );
}
