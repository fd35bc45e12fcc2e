// The trade-off section's cost chart (FID against model GFLOPs per image, every plan measured, the
// three-model allocations' Pareto front) and its findings in sentences: Tradeoff.tsx lays them out.
import { gflopsPerImage, paretoFront, rowFamilies, type Evaluation, type EvaluationRow } from '../../models/evaluation';
import { gflopsByRole, type Manifest } from '../../models/manifest';
import { paddedDomain } from '../../view/chartScale';
import { findings } from '../../view/findings';
import { useAppState } from '../AppContext';
import { Legend, LineChart, type Series } from './LineChart';

/** The rows with an FID measured. */
export const withFid = (rows: readonly EvaluationRow[]) => rows.filter((r) => r.fid !== null);

/** FID against model GFLOPs per image, for every plan measured; the current setting marked. */
export function CostChart({ evaluation, manifest }: { evaluation: Evaluation; manifest: Manifest }) {
  const settings = useAppState((s) => s.settings);
  const fams = rowFamilies(evaluation);
  const series: Series[] = [];
  for (const f of fams) {
    const rows = withFid(f.rows).filter((r) => r.gflopsPerImage !== null);
    if (rows.length === 0) continue;
    const cost = (list: EvaluationRow[]) =>
      [...list].sort((a, b) => a.gflopsPerImage! - b.gflopsPerImage!).map((r) => ({ x: r.gflopsPerImage!, y: r.fid! }));
    const what = `${f.sampler === 'dpmpp2m' ? 'DPM-Solver++' : f.sampler.toUpperCase()} ${f.steps}, ${f.samples} images`;
    if (f.threeModels) {
      series.push({ name: `small / medium / large allocations (${what})`, className: 'series-grid', points: cost(rows), scatter: true });
      series.push({ name: 'their Pareto front', className: 'series-pareto', points: cost(paretoFront(rows)) });
      series.push({
        name: 'two models only, same grid',
        className: 'series-grid-two',
        points: cost(rows.filter((r) => r.plan.fractions.medium === 0)),
      });
    } else if (f.order === 'fewer-steps') {
      series.push({ name: `large only, fewer steps (${what})`, className: 'series-fewer', points: cost(rows) });
    } else if (f.order === 'small-first') {
      series.push({
        name: `T-Stitch, two models (${what})`,
        className: f.sampler === 'dpmpp2m' ? 'series-solver' : 'series-fid',
        points: cost(rows),
      });
    } else {
      series.push({ name: `${f.order} (${what})`, className: `series-${f.order}`, points: cost(rows), scatter: true });
    }
  }
  if (series.length === 0) return null;
  const gflops = gflopsByRole(manifest);
  const counts = {
    small: settings.smallSteps,
    medium: settings.mediumSteps,
    large: settings.steps - settings.smallSteps - settings.mediumSteps,
  };
  const mine = gflopsPerImage(counts, gflops, settings.guidance);
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  return (
    <figure className="cost-chart">
      <LineChart
        label={`FID against cost in GFLOPs per image, ${series.length} series`}
        testId="tradeoff-cost"
        xLabel="model GFLOPs per generated image (both guidance halves)"
        yLabel="FID-FMNIST (lower is better)"
        xDomain={paddedDomain([...xs, ...(mine === null ? [] : [mine])], 0.05, 0)}
        yDomain={paddedDomain(
          series.flatMap((s) => s.points.map((p) => p.y)),
          0.1,
          0,
        )}
        series={series}
        marker={mine === null ? undefined : { x: mine, label: `your plan: ${mine.toFixed(2)} GFLOPs` }}
        formatX={(v) => (v >= 10 ? v.toFixed(0) : v.toFixed(1))}
        formatY={(v) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(1))}
      />
      <Legend series={series} />
      <figcaption>
        Every plan measured, by what it costs: points lower and further left are better. FID depends on the sample count (fewer images read
        higher), so compare points of one series or of series with the same count
        {fams.some((f) => f.threeModels) ? '; the Pareto front links the allocations no cheaper one beats' : ''}.
      </figcaption>
    </figure>
  );
}

/** What the measurements mean, in sentences made from their numbers (view/findings.ts). */
export function Findings({ evaluation, manifest }: { evaluation: Evaluation; manifest: Manifest }) {
  const list = findings(evaluation, manifest.defaults);
  if (list.length === 0) return null;
  return (
    <dl className="findings" data-testid="findings">
      {list.map((f) => (
        <div key={f.question}>
          <dt>{f.question}</dt>
          <dd>{f.answer}</dd>
        </div>
      ))}
    </dl>
  );
}
