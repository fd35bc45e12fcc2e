// Why stitching works: how closely the two models agree at each step of the large-only trajectory
// (measured on request: it costs extra model calls), and where the two final images differ.
import { displayShape, type Manifest } from '../../models/manifest';
import { Legend, LineChart, type Series } from './LineChart';
import { useServices } from '../AppContext';
import { DifferenceCanvas } from '../stage/TrajectoryCanvas';
import { ValuesTable } from './ValuesTable';
import { useAppState } from '../AppContext';

// ε is what the denoisers output (the paper's Fig. 3 compares outputs); x0 is derived from it.
const SERIES = [
  { name: 'predicted noise ε (the models’ output)', className: 'series-eps' },
  { name: 'predicted clean image x0', className: 'series-x0' },
];

function AgreementChart() {
  const points = useAppState((s) => s.agreement.points);
  const steps = useAppState((s) => s.run?.settings.steps ?? 1);
  const k = useAppState((s) => s.run?.settings.smallSteps ?? 0);
  const series: Series[] = [
    { ...SERIES[0], points: points.map((p) => ({ x: p.index + 1, y: p.eps })) },
    { ...SERIES[1], points: points.map((p) => ({ x: p.index + 1, y: p.x0 })) },
  ];
  // From a round tenth below the lowest value up to 1, so the drift near 1 stays visible.
  const lo = Math.max(-1, Math.floor((Math.min(0.9, ...points.flatMap((p) => [p.x0, p.eps])) - 0.02) * 10) / 10);
  const first = points[0];
  const last = points[points.length - 1];
  const label =
    first && last
      ? `Model agreement chart: cosine similarity of the two models' noise predictions goes from ${first.eps.toFixed(3)} at step 1 to ${last.eps.toFixed(3)} at step ${last.index + 1}`
      : 'Model agreement chart: not measured yet';
  return (
    <>
      <LineChart
        label={label}
        testId="agreement-chart"
        xLabel="sampling step (noise → image)"
        yLabel="cosine similarity"
        xDomain={[1, Math.max(2, steps)]}
        yDomain={[lo, 1]}
        series={series}
        band={k > 0 ? { from: 0.5, to: k + 0.5, label: 'stitched: small model here' } : undefined}
        formatY={(v) => v.toFixed(2)}
      />
      <Legend series={SERIES} />
      <ValuesTable
        testId="agreement-table"
        summary="Agreement values"
        columns={['step', 't', 'cos ε', 'cos x0']}
        rows={points.map((p) => ({ key: p.index, cells: [String(p.index + 1), String(p.t), p.eps.toFixed(4), p.x0.toFixed(4)] }))}
      />
    </>
  );
}

function AgreementControls() {
  const { runtime } = useServices();
  const runStatus = useAppState((s) => s.status);
  const status = useAppState((s) => s.agreement.status);
  const count = useAppState((s) => s.agreement.points.length);
  const steps = useAppState((s) => s.run?.settings.steps ?? 0);
  const error = useAppState((s) => s.agreement.error);
  // The r strip shares the models, one measurement at a time (src/page/runtime.ts).
  const stripRunning = useAppState((s) => s.strip.status === 'running');
  const text =
    status === 'running'
      ? `Measuring: step ${count} of ${steps}`
      : status === 'done'
        ? `Measured at all ${steps} steps`
        : status === 'cancelled'
          ? 'Measurement cancelled'
          : status === 'error'
            ? `Measurement failed: ${error}`
            : stripRunning
              ? 'The r strip is being made: the measurement can start once it has finished.'
              : runStatus === 'done'
                ? 'Costs one extra small-model call per step, so it runs only when asked.'
                : 'Generate first; the measurement follows the large-only trajectory of that run.';
  return (
    <div className="agreement-controls">
      {status === 'running' ? (
        <button type="button" onClick={runtime.cancelAgreement}>
          Cancel measurement
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={runStatus !== 'done' || stripRunning}
          onClick={() => void runtime.measureAgreement()}
        >
          Measure model agreement
        </button>
      )}
      <output data-testid="agreement-status">{text}</output>
    </div>
  );
}

export function WhyItWorks({ manifest }: { manifest: Manifest }) {
  return (
    <section className="why" aria-labelledby="why-heading">
      <h2 id="why-heading">Why it works</h2>
      <div className="why-grid">
        <div>
          <h3>Do the two models agree?</h3>
          <p>
            At every step of the large-only trajectory, both models look at the same noisy image. A cosine similarity close to 1 means they
            predict nearly the same noise ε. They agree over the early, noisy steps, where only the rough layout is decided, and drift apart
            near the end, where the large model adds detail.
          </p>
          <p className="hint">
            Their guesses of the finished image x0 differ more at first: from almost pure noise every guess is a blur, and a tiny difference
            in ε moves it a lot.
          </p>
          <AgreementControls />
          <div data-lesson="agreement">
            <AgreementChart />
          </div>
        </div>
        <div>
          <h3>Where do the results differ?</h3>
          <p>Stitched minus large-only, pixel by pixel, at the step shown above.</p>
          <DifferenceCanvas image={displayShape(manifest)} />
        </div>
      </div>
    </section>
  );
}
