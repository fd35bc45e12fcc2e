// The side-by-side comparison as one PNG: both trajectories' predicted images at the step shown,
// scaled up without smoothing, with the settings and timings written underneath.
import { displayShape, type Manifest } from '../models/manifest';
import type { Trajectory } from '../worker/protocol';
import { gridLayout, toRgbaGrid } from '../view/draw';
import { formatSeconds, formatSpeedup, speedup } from '../view/format';
import type { Recorder } from './recorder';
import { fractionOf } from '../view/settings';
import { COMPARISON_TEXT } from '../view/comparisons';
import type { RunInfo } from './store';
export interface ExportLayout {
  width: number;
  height: number;
  /** Canvas pixels per image pixel. */
  scale: number;
  /** Top-left corner of each panel's image grid. */
  panels: Record<Trajectory, { x: number; y: number }>;
  titleY: number;
  labelY: number;
  footerY: number;
}

const PAD = 24;
const HEADER = 64;
const LABEL = 40;
const FOOTER = 56;
const BETWEEN = 32;
/** Target size of one panel's image grid on the longer side. */
const TARGET = 360;

/** Where everything goes for a grid of gridW x gridH image pixels (pure; the e2e test reads the PNG with it). */
export function exportLayout(gridW: number, gridH: number): ExportLayout {
  const scale = Math.max(1, Math.floor(TARGET / Math.max(gridW, gridH)));
  const w = gridW * scale;
  const h = gridH * scale;
  const top = PAD + HEADER + LABEL;
  return {
    width: Math.max(2 * PAD + 2 * w + BETWEEN, 640),
    height: top + h + FOOTER + PAD,
    scale,
    panels: { stitched: { x: PAD, y: top }, baseline: { x: PAD + w + BETWEEN, y: top } },
    titleY: PAD + 26,
    labelY: top - 12,
    footerY: top + h + 34,
  };
}

export function exportFileName(run: Pick<RunInfo, 'settings'>): string {
  const { steps, seed, sampler } = run.settings;
  return `tstitch-r${fractionOf(run.settings).toFixed(2)}-${sampler}${steps}-seed${seed}.png`;
}

/** Draws the comparison for the step shown (scrubIndex, or the latest) and encodes it as PNG. */
export async function comparisonPng(
  manifest: Manifest,
  recorder: Recorder,
  run: RunInfo,
  index: number | null,
  timings: Partial<Record<Trajectory, number>>,
): Promise<Blob> {
  const n = run.classes.length;
  const grid = gridLayout(n, displayShape(manifest));
  const L = exportLayout(grid.width, grid.height);
  const canvas = document.createElement('canvas');
  canvas.width = L.width;
  canvas.height = L.height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, L.width, L.height);
  ctx.imageSmoothingEnabled = false;

  const { smallSteps, mediumSteps, steps, seed, sampler, guidance, compare } = run.settings;
  const nameOf = (role: string) => {
    const d = manifest.denoisers.find((e) => e.role === role);
    return String(d?.architecture?.name ?? d?.id ?? role);
  };
  const medium = mediumSteps > 0 ? `, then ${mediumSteps} on ${nameOf('medium')}` : '';
  const stepText = index === null || index === steps - 1 ? '' : `, step ${index + 1} of ${steps}`;
  ctx.fillStyle = '#111111';
  ctx.font = 'bold 22px system-ui, sans-serif';
  ctx.fillText(
    `T-Stitch, r = ${fractionOf(run.settings).toFixed(2)}: ${smallSteps} of ${steps} steps on ${nameOf('small')}${medium}`,
    PAD,
    L.titleY,
  );
  ctx.font = '16px system-ui, sans-serif';
  ctx.fillText(
    `${sampler.toUpperCase()}, guidance ${guidance}, seed ${seed}, ${n} image${n > 1 ? 's' : ''}${stepText}`,
    PAD,
    L.titleY + 24,
  );

  const labels: Record<Trajectory, string> = {
    stitched: mediumSteps > 0 ? 'Stitched (small, medium, large)' : 'Stitched (small, then large)',
    baseline: compare === 'large-only' ? 'Large model only' : COMPARISON_TEXT[compare].title,
  };
  for (const trajectory of ['stitched', 'baseline'] as const) {
    const { x, y } = L.panels[trajectory];
    ctx.font = 'bold 18px system-ui, sans-serif';
    ctx.fillText(labels[trajectory], x, L.labelY);
    const frame = recorder.frameAt(trajectory, index);
    if (!frame) continue;
    const pixels = new ImageData(toRgbaGrid(frame.x0, n, displayShape(manifest)), grid.width, grid.height);
    const bitmap = await createImageBitmap(pixels);
    ctx.drawImage(bitmap, x, y, grid.width * L.scale, grid.height * L.scale);
    bitmap.close();
    ctx.font = '16px system-ui, sans-serif';
    ctx.fillText(`Time: ${formatSeconds(timings[trajectory])}`, x, L.footerY);
  }
  const x = speedup(timings.stitched ?? NaN, timings.baseline ?? NaN);
  ctx.fillText(`Speed-up of stitched over ${COMPARISON_TEXT[compare].name}: ${formatSpeedup(x)}`, PAD, L.footerY + 22);

  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the PNG.'))), 'image/png'),
  );
}

/** Save a blob under a file name (a temporary link; nothing leaves the browser). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
