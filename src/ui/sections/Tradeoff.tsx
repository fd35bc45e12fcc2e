// The measured speed/quality trade-off from <model set>/evaluation.json: FID and time against r for
// T-Stitch with the baselines measured beside it, FID against cost for every plan (with the Pareto
// front of the three-model allocations), what it means in sentences from the numbers, and where
// each number came from. Without that file the section says so: it never shows unmeasured numbers.
import { compareRows, referenceFor, rowFamilies, type Evaluation, type EvaluationRow, type RowFamily } from '../../models/evaluation';
import { MODEL_SETS, type Manifest, type ModelSetName } from '../../models/manifest';
import { paddedDomain } from '../../view/chartScale';
import { mainFamily } from '../../view/findings';
import { CostChart, Findings, withFid } from './CostChart';
import { Legend, LineChart, type Series } from './LineChart';
import { ValuesTable } from './ValuesTable';
import { useAppState } from '../AppContext';
import { useEvaluation } from './useEvaluation';

/** The folder under public/ a model set is served from, to say where the numbers come from. */
function setDir(name: ModelSetName): string {
  return `public/${MODEL_SETS[name].replace(/\/manifest\.json$/, '')}`;
}

const byR = (rows: readonly EvaluationRow[], x: (r: EvaluationRow) => number = (r) => r.plan.fractions.small) =>
  [...rows].sort((a, b) => x(a) - x(b)).map((r) => ({ x: x(r), y: r.fid! }));

/** "(1000 images per point, DDIM 50 steps, guidance 2, seed 0)" */
export function describeFamily(f: RowFamily): string {
  const seed = f.rows[0]?.seed;
  return `${f.samples} images per point, ${f.sampler.toUpperCase()} ${f.steps} steps, guidance ${f.guidance}${typeof seed === 'number' ? `, seed ${seed}` : ''}`;
}

/** The series drawn against r beside T-Stitch: each baseline measured like the main family. */
function baselineSeries(e: Evaluation, main: RowFamily): Series[] {
  const out: Series[] = [];
  for (const f of rowFamilies(e)) {
    if (f.key === main.key || f.samples !== main.samples || f.guidance !== main.guidance || f.threeModels) continue;
    const rows = withFid(f.rows);
    if (rows.length === 0) continue;
    if (f.order === 'fewer-steps' && f.sampler === main.sampler && f.steps === main.steps) {
      out.push({
        name: 'large only, fewer steps, same cost',
        className: 'series-fewer',
        points: byR(rows, (r) => r.sameCostAs?.fractions.small ?? 0),
      });
    } else if ((f.order === 'large-first' || f.order === 'interleaved') && f.sampler === main.sampler && f.steps === main.steps) {
      out.push({
        name: f.order === 'large-first' ? 'large first, then small' : 'interleaved',
        className: `series-${f.order}`,
        points: byR(rows),
        scatter: rows.length === 1,
      });
    } else if (f.order === 'small-first') {
      out.push({
        name: `T-Stitch with ${f.sampler === 'dpmpp2m' ? 'DPM-Solver++' : f.sampler.toUpperCase()}, ${f.steps} steps`,
        className: 'series-solver',
        points: byR(rows),
      });
    }
  }
  return out;
}

function RCharts({ evaluation, main }: { evaluation: Evaluation; main: RowFamily }) {
  const fraction = useAppState((s) => s.settings.smallSteps / s.settings.steps);
  const rows = [...main.rows].sort((a, b) => a.plan.fractions.small - b.plan.fractions.small);
  const scored = withFid(rows);
  const reference = referenceFor(evaluation, main.samples);
  let near: EvaluationRow | undefined;
  for (const row of rows)
    if (!near || Math.abs(row.plan.fractions.small - fraction) < Math.abs(near.plan.fractions.small - fraction)) near = row;
  const marker = { x: fraction, label: `your r = ${fraction.toFixed(2)}` };
  const fidSeries: Series[] = [
    { name: 'T-Stitch (small first)', className: 'series-fid', points: byR(scored) },
    ...baselineSeries(evaluation, main),
  ];
  if (reference)
    fidSeries.push({
      name: 'real images',
      className: 'series-ref',
      points: [
        { x: 0, y: reference.fid },
        { x: 1, y: reference.fid },
      ],
    });
  return (
    <>
      <p className="tradeoff-current" data-testid="tradeoff-current">
        {near
          ? `Nearest measurement to r = ${fraction.toFixed(2)}: r = ${near.plan.fractions.small.toFixed(2)}, ` +
            `${near.fid === null ? 'no FID' : `FID ${near.fid.toFixed(2)}`}, ${near.secondsPerImage.toFixed(3)} s per image` +
            (near.classAccuracy === null ? '' : `, class accuracy ${(100 * near.classAccuracy).toFixed(1)}%`)
          : ''}
      </p>
      <div className="tradeoff-charts">
        {scored.length > 0 ? (
          <figure data-lesson="quality">
            <LineChart
              label={`FID against small-model fraction r, ${scored.length} measurements`}
              testId="tradeoff-fid"
              xLabel="small-model fraction r"
              yLabel="FID-FMNIST (lower is better)"
              xDomain={[0, 1]}
              yDomain={paddedDomain(
                fidSeries.flatMap((s) => s.points.map((p) => p.y)),
                0.1,
                0,
              )}
              series={fidSeries}
              marker={marker}
              formatX={(v) => v.toFixed(1)}
              formatY={(v) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1))}
            />
            <Legend series={fidSeries} />
            <figcaption>
              Image quality: FID on Fashion-MNIST classifier features
              {reference ? `; dashed grey: ${reference.samples} real images scored the same way, the floor at this sample count` : ''}.
              Baselines at the cost or the steps of T-Stitch at that r.
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
            yDomain={paddedDomain(
              rows.map((r) => r.secondsPerImage),
              0.1,
              0,
            )}
            series={[
              { name: 'time', className: 'series-time', points: rows.map((r) => ({ x: r.plan.fractions.small, y: r.secondsPerImage })) },
            ]}
            marker={marker}
            formatX={(v) => v.toFixed(1)}
            formatY={(v) => (v >= 1 ? v.toFixed(1) : v.toPrecision(2))}
          />
          <figcaption>Cost: time to generate one image</figcaption>
        </figure>
      </div>
    </>
  );
}

function planCell(r: EvaluationRow): string {
  const { small, medium, large } = r.plan.fractions;
  if (r.plan.order === 'fewer-steps') return `large only (same cost as r = ${r.sameCostAs?.fractions.small ?? '?'})`;
  return `${r.plan.order} ${small} / ${medium} / ${large}`;
}

function Charts({ evaluation, dir, manifest }: { evaluation: Evaluation; dir: string; manifest: Manifest }) {
  const main = mainFamily(evaluation, manifest.defaults);
  const runs = evaluation.runs;
  const mainRuns = [...new Set((main?.rows ?? evaluation.rows).map((r) => r.run ?? 0))].map((i) => runs[i]).filter(Boolean);
  const only = mainRuns.length === 1 ? mainRuns[0] : undefined;
  return (
    <>
      {main ? <RCharts evaluation={evaluation} main={main} /> : null}
      <div className="tradeoff-answers">
        <CostChart evaluation={evaluation} manifest={manifest} />
        <Findings evaluation={evaluation} manifest={manifest} />
      </div>
      <ValuesTable
        testId="tradeoff-table"
        summary={`Measured values (${evaluation.rows.length} rows)`}
        columns={['plan (small / medium / large)', 'sampler, steps', 'images', 'FID', 'GFLOPs / image', 's / image', 'class accuracy']}
        rows={[...evaluation.rows].sort(compareRows).map((r, i) => ({
          key: i,
          cells: [
            planCell(r),
            `${r.sampler} ${r.steps}`,
            String(r.samples),
            r.fid === null ? 'n/a' : r.fid.toFixed(2),
            r.gflopsPerImage === null ? '–' : r.gflopsPerImage.toFixed(2),
            r.secondsPerImage.toFixed(4),
            r.classAccuracy === null ? '–' : `${(100 * r.classAccuracy).toFixed(1)}%`,
          ],
        }))}
      />
      <p className="source" data-testid="tradeoff-source">
        Source: <code>{dir}/evaluation.json</code>
        {main ? ` (${describeFamily(main)})` : ''}
        {only ? (
          <>
            , made by <code>{only.command}</code>
          </>
        ) : (
          <>, made by the {runs.length} commands listed with the table in the file</>
        )}
        . Times were measured where the evaluation ran{only?.runtime ? ` (${only.runtime})` : ''}, not in this browser.
      </p>
      {typeof evaluation.note === 'string' ? (
        <p className="notice" role="note" data-testid="tradeoff-note">
          {evaluation.note}
        </p>
      ) : null}
    </>
  );
}

export function Tradeoff({ name, manifest }: { name: ModelSetName; manifest: Manifest }) {
  // The measured trade-off next to the manifest, a query (null when the file does not exist yet):
  // fetched when this section is first opened, so its schema (zod) is not part of start-up.
  const evaluation = useEvaluation(name);
  const dir = setDir(name);
  return (
    <section className="tradeoff" aria-labelledby="tradeoff-heading">
      <h2 id="tradeoff-heading">Speed against quality</h2>
      <p>
        As r grows, more steps run on the cheap model: time falls in a straight line, while quality stays flat up to a knee and then
        degrades toward the small model alone. Beside it, what a sceptic would try instead at the same cost.
      </p>
      {evaluation.isPending ? <p>Loading the measurements…</p> : null}
      {evaluation.error ? (
        <p className="notice" role="note" data-testid="tradeoff-missing">
          The measurements could not be read: {evaluation.error.message}
        </p>
      ) : null}
      {evaluation.data === null ? (
        <p className="notice" role="note" data-testid="tradeoff-missing">
          No measurements yet: <code>{dir}/evaluation.json</code> does not exist, so there are no FID or timing numbers to chart. The
          evaluation tool writes that file; nothing here is estimated or made up.
        </p>
      ) : null}
      {evaluation.data ? <Charts evaluation={evaluation.data} dir={dir} manifest={manifest} /> : null}
    </section>
  );
}
