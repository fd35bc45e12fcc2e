// The measured speed/quality trade-off from <model set>/evaluation.json, with the current r marked.
// Without that file the section says so: it never shows numbers that were not measured.
import { MODEL_SETS, type ModelSetName } from '../models/manifest';
import { describeConfig, nearestRow, type Evaluation } from './evaluation';
import { LineChart, type Series } from './LineChart';
import { paddedDomain } from './chartScale';
import { useEvaluation } from './models';
import { useAppStore } from './store';
import { ValuesTable } from './ValuesTable';

/** The folder under public/ a model set is served from, to say where the numbers come from. */
function setDir(name: ModelSetName): string {
  return `public/${MODEL_SETS[name].replace(/\/manifest\.json$/, '')}`;
}

function Charts({ evaluation, dir }: { evaluation: Evaluation; dir: string }) {
  const fraction = useAppStore((s) => s.settings.smallSteps / s.settings.steps);
  const { rows, config, reference } = evaluation;
  const withFid = rows.filter((r) => r.fid !== null);
  const near = nearestRow(rows, fraction);
  const marker = { x: fraction, label: `your r = ${fraction.toFixed(2)}` };
  const fidSeries: Series[] = [{ name: 'FID', className: 'series-fid', points: withFid.map((r) => ({ x: r.fraction, y: r.fid! })) }];
  if (reference) {
    fidSeries.push({ name: 'real images', className: 'series-ref', points: [{ x: 0, y: reference.fid }, { x: 1, y: reference.fid }] });
  }
  return (
    <>
      <p className="tradeoff-current" data-testid="tradeoff-current">
        {near
          ? `Nearest measurement to r = ${fraction.toFixed(2)}: r = ${near.fraction.toFixed(2)}, ` +
            `${near.fid === null ? 'no FID' : `FID ${near.fid.toFixed(2)}`}, ${near.secondsPerImage.toFixed(3)} s per image` +
            (near.classAccuracy === null ? '' : `, class accuracy ${(100 * near.classAccuracy).toFixed(1)}%`)
          : ''}
      </p>
      <div className="tradeoff-charts">
        {withFid.length > 0 ? (
          <figure>
            <LineChart
              label={`FID against small-model fraction r, ${withFid.length} measurements`}
              testId="tradeoff-fid"
              xLabel="small-model fraction r"
              yLabel="FID-FMNIST (lower is better)"
              xDomain={[0, 1]}
              yDomain={paddedDomain([...withFid.map((r) => r.fid!), ...(reference ? [reference.fid] : [])], 0.1, 0)}
              series={fidSeries}
              marker={marker}
              formatX={(v) => v.toFixed(1)}
              formatY={(v) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1))}
            />
            <figcaption>
              Image quality: FID on Fashion-MNIST classifier features
              {reference ? `; dashed: real images scored the same way${reference.samples ? ` (${reference.samples} images)` : ''}, the floor at this sample count` : ''}
            </figcaption>
          </figure>
        ) : (
          <p className="notice" role="note" data-testid="tradeoff-no-fid">
            This file has no FID values (it was made without the classifier), so only the times are charted.
          </p>
        )}
        <figure>
          <LineChart
            label={`Seconds per image against small-model fraction r, ${rows.length} measurements`}
            testId="tradeoff-time"
            xLabel="small-model fraction r"
            yLabel="seconds per image"
            xDomain={[0, 1]}
            yDomain={paddedDomain(rows.map((r) => r.secondsPerImage), 0.1, 0)}
            series={[{ name: 'time', className: 'series-time', points: rows.map((r) => ({ x: r.fraction, y: r.secondsPerImage })) }]}
            marker={marker}
            formatX={(v) => v.toFixed(1)}
            formatY={(v) => (v >= 1 ? v.toFixed(1) : v.toPrecision(2))}
          />
          <figcaption>Cost: time to generate one image</figcaption>
        </figure>
      </div>
      <ValuesTable
        testId="tradeoff-table"
        summary="Measured values"
        columns={['r', 'FID', 's / image', 'class accuracy']}
        rows={rows.map((r) => ({
          key: r.fraction,
          cells: [
            r.fraction.toFixed(2),
            r.fid === null ? 'n/a' : r.fid.toFixed(2),
            r.secondsPerImage.toFixed(4),
            r.classAccuracy === null ? '–' : `${(100 * r.classAccuracy).toFixed(1)}%`,
          ],
        }))}
      />
      <p className="source" data-testid="tradeoff-source">
        Source: <code>{dir}/evaluation.json</code>
        {describeConfig(config) ? ` (${describeConfig(config)})` : ''}
        {config.command ? (
          <>
            , made by <code>{config.command}</code>
          </>
        ) : null}
        . Times were measured where the evaluation ran{typeof config.runtime === 'string' ? ` (${config.runtime})` : ''}, not in this
        browser.
      </p>
      {config.note ? (
        <p className="notice" role="note" data-testid="tradeoff-note">
          {config.note}
        </p>
      ) : null}
    </>
  );
}

export function Tradeoff({ name }: { name: ModelSetName }) {
  const evaluation = useEvaluation(name);
  const dir = setDir(name);
  return (
    <section className="tradeoff" aria-labelledby="tradeoff-heading">
      <h2 id="tradeoff-heading">Speed against quality</h2>
      <p>
        As r grows, more steps run on the cheap model: time falls in a straight line, while quality stays flat up to a
        knee and then degrades toward the small model alone.
      </p>
      {evaluation.isPending ? <p>Loading the measurements…</p> : null}
      {evaluation.error ? (
        <p className="notice" role="note" data-testid="tradeoff-missing">
          The measurements could not be read: {evaluation.error.message}
        </p>
      ) : null}
      {evaluation.data === null ? (
        <p className="notice" role="note" data-testid="tradeoff-missing">
          No measurements yet: <code>{dir}/evaluation.json</code> does not exist, so there are no FID or timing numbers to
          chart. The evaluation tool writes that file; nothing here is estimated or made up.
        </p>
      ) : null}
      {evaluation.data ? <Charts evaluation={evaluation.data} dir={dir} /> : null}
    </section>
  );
}
