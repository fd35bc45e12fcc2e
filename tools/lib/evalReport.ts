// The report of an evaluation run (tools/eval.ts, tools/merge-eval.ts): Markdown table and SVG plot.
import { lineChart } from './plot';

export interface Row {
  fraction: number;
  smallSteps: number;
  largeSteps: number;
  /** null when the manifest has no classifier yet. */
  fid: number | null;
  classAccuracy: number | null;
  secondsPerImage: number;
  /** Model calls of one trajectory (one per step; guidance doubles the batch, not the calls). */
  calls: { small: number; large: number };
  /** Calls over the whole run (all batches). */
  totalCalls: { small: number; large: number };
  modelSecondsPerImage: { small: number; large: number };
  /** Share of the sampling time spent outside model calls (the core's loop: guidance batching, sampler math, noise). */
  samplerOverheadShare: number;
  /** secondsPerImage at r = 0 over this row's (when r = 0 was run). */
  speedup: number | null;
  flopLimitSpeedup: number | null;
}

export type Result = {
  config: Record<string, unknown> & { command: string; runtime: string; samples: number; steps: number; sampler: string; guidance: number; seed: number; batch: number };
  reference: { fid: number; classAccuracy: number; samples: number } | null;
  rows: Row[];
};

const f = (v: number | null, digits: number) => (v === null ? 'n/a' : v.toFixed(digits));

export function markdown(r: Result): string {
  const c = r.config;
  const lines = [
    `# Quality and time vs fraction r of steps on the small model`,
    '',
    `Command: \`${c.command}\``,
    ...(Array.isArray(c.parts) ? ['', 'Merged from runs that ran at the same time, one process each:', ...(c.parts as { command: string }[]).map((p) => `- \`${p.command}\``)] : []),
    '',
    `${c.samples} class-balanced samples per fraction, ${c.sampler} ${c.steps} steps, guidance ${c.guidance}, seed ${c.seed}, batch ${c.batch}; ${c.runtime}.` +
      ` FID-FMNIST: Fréchet distance in the evaluation classifier's 128-d feature space against the Fashion-MNIST test split (not comparable to Inception FID).` +
      (r.reference ? ` Real images at the same sample count score FID ${r.reference.fid.toFixed(3)} (class accuracy ${(100 * r.reference.classAccuracy).toFixed(1)}%): the floor for ${r.reference.samples} samples.` : ''),
    '',
    '| r | small / large steps | FID-FMNIST | class accuracy | s / image | speed-up vs r=0 | FLOP-limit speed-up | sampler overhead |',
    '|---|---|---|---|---|---|---|---|',
    ...r.rows.map((row) =>
      `| ${row.fraction} | ${row.smallSteps} / ${row.largeSteps} | ${f(row.fid, 3)} | ${row.classAccuracy === null ? 'n/a' : (100 * row.classAccuracy).toFixed(1) + '%'} | ` +
        `${row.secondsPerImage.toFixed(3)} | ${f(row.speedup, 2)} | ${f(row.flopLimitSpeedup, 2)} | ${(100 * row.samplerOverheadShare).toFixed(1)}% |`),
    '',
  ];
  return lines.join('\n');
}

export function plot(r: Result): string {
  const c = r.config;
  return lineChart({
    title: `FID-FMNIST and time vs r (${c.samples} samples, ${c.sampler} ${c.steps} steps, w=${c.guidance})`,
    xLabel: 'r: fraction of steps on the small model',
    left: {
      label: 'FID-FMNIST',
      series: [
        { name: 'FID-FMNIST', color: '#d62728', points: r.rows.map((row) => [row.fraction, row.fid]) },
        ...(r.reference ? [{ name: 'real images', color: '#999', dashed: true, points: r.rows.map((row): [number, number] => [row.fraction, r.reference!.fid]) }] : []),
      ],
    },
    right: { label: 'seconds per image', series: [{ name: 's / image', color: '#1f77b4', points: r.rows.map((row) => [row.fraction, row.secondsPerImage]) }] },
  });
}

