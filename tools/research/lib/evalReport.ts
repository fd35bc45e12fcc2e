// The report of an evaluation (eval.ts, merge-eval.ts): a Markdown table of every row
// and an SVG plot of FID against cost, one series per family of rows measured the same way.
import { paretoFront, rowFamilies, type Evaluation, type EvaluationRow, type RowFamily } from '../../../src/models/evaluation';
import { lineChart, type Series } from './plot';

const f = (v: number | null | undefined, digits: number) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);

/** The plan in words: "small-first 0.4 / 0 / 0.6", or the baseline and what it matches. */
export function planText(row: EvaluationRow): string {
  const { small, medium, large } = row.plan.fractions;
  if (row.plan.order === 'fewer-steps' && row.sameCostAs) {
    return `large only, ${row.steps} steps: the cost of T-Stitch r = ${row.sameCostAs.fractions.small} of ${row.sameCostAs.steps}`;
  }
  return `${row.plan.order} ${small} / ${medium} / ${large}`;
}

export function familyText(fam: RowFamily): string {
  const what =
    fam.order === 'fewer-steps'
      ? 'large only, fewer steps at equal cost'
      : fam.threeModels
        ? `${fam.order} S/M/L grid`
        : `${fam.order} S/L`;
  return `${what}, ${fam.sampler} ${fam.steps}, ${fam.samples} samples`;
}

export function markdown(e: Evaluation): string {
  const refs = e.references.map(
    (r) =>
      `${r.samples} samples: FID ${r.fid.toFixed(3)}${r.classAccuracy === undefined ? '' : `, class accuracy ${pct(r.classAccuracy)}`}`,
  );
  return [
    '# Quality and time of sampling plans',
    '',
    "FID-FMNIST: Fréchet distance in the evaluation classifier's 128-d feature space against the Fashion-MNIST test split (not comparable to Inception FID).",
    "Plans give each model's share of the steps (small / medium / large). GFLOPs per image count every model call, both halves of classifier-free guidance.",
    '',
    'Commands:',
    ...e.runs.map((r, i) => `${i}. \`${r.command}\`${r.runtime ? ` (${r.runtime})` : ''}`),
    '',
    `Real images scored the same way (the floor at each sample count): ${refs.length ? refs.join('; ') : 'not measured'}.`,
    '',
    '| plan (order small / medium / large) | sampler | steps | samples | FID-FMNIST | class accuracy | GFLOPs / image | s / image | run |',
    '|---|---|---|---|---|---|---|---|---|',
    ...e.rows.map(
      (r) =>
        `| ${planText(r)} | ${r.sampler} | ${r.steps} | ${r.samples} | ${f(r.fid, 3)} | ${pct(r.classAccuracy)} | ${f(r.gflopsPerImage, 3)} | ${r.secondsPerImage.toFixed(3)} | ${r.run ?? ''} |`,
    ),
    '',
  ].join('\n');
}

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2'];

export function plot(e: Evaluation): string {
  const series: Series[] = [];
  rowFamilies(e).forEach((fam, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = (rows: EvaluationRow[]) =>
      rows
        .filter((r) => r.gflopsPerImage !== null)
        .sort((a, b) => a.gflopsPerImage! - b.gflopsPerImage!)
        .map((r): [number, number | null] => [r.gflopsPerImage!, r.fid]);
    if (fam.threeModels) {
      series.push({ name: `${familyText(fam)}: all`, color, points: pts(fam.rows), noLine: true });
      series.push({ name: 'its Pareto front', color, points: pts(paretoFront(fam.rows)) });
    } else {
      series.push({ name: familyText(fam), color, points: pts(fam.rows), dashed: fam.order === 'fewer-steps' });
    }
  });
  return lineChart({
    title: 'FID-FMNIST against model cost per image',
    xLabel: 'GFLOPs per generated image',
    left: { label: 'FID-FMNIST', series },
    width: 760,
    height: 480,
  });
}
