// The share preview image (og-image.png) and its words: the page's own default run with four
// images, sampled from a model set with the project's core (src/core), the page's plans
// (src/view/runPlans.ts) and the onnxruntime adapter the tools use (tools/lib), then drawn side by
// side (stitched, large-only) at 1200x630, the size Open Graph and Twitter cards show.
// - Real output, fixed seed and settings: every build draws the same picture from the same models.
// - Only numbers true for that image: r, the steps per model, and the FLOP share from the
//   manifest's gflops; no times (a build machine's times say nothing about a visitor's).
// Drawn by main.ts (npm run share-image, or the build's plugin, plugin.ts, for a set it has no
// picture of: stored.ts).
import { planCost, planSteps, sampleTrajectory, type ModelRole, type PlanSpec } from '../../src/core';
import { denoiserFor, displayShape, type Manifest } from '../../src/models/manifest';
import { gridLayout, toRgbaGrid } from '../../src/view/draw';
import { runInfo, samplingParams } from '../../src/view/runPlans';
import { defaultSettings, fractionOf, type Settings } from '../../src/view/settings';
import { forEachTextPixel, GLYPH_HEIGHT, textWidth } from './bitmapFont';
import { openDenoisers } from '../../tools/lib/models';
import type { LoadedOrt } from '../../tools/lib/ort';
import { encodePng, type Rgb, type RgbImage } from '../png';

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;
/** Images per trajectory: a 2x2 grid reads at card size; the page's own link for it is ?batch=4&class=random. */
export const OG_BATCH = 4;

// Role colours of src/ui/styles.css (Okabe-Ito): bars and frames; the labels use the darker text tones.
const SMALL: Rgb = [0xe6, 0x9f, 0x00];
const LARGE: Rgb = [0x00, 0x72, 0xb2];
const SMALL_TEXT: Rgb = [0x9a, 0x58, 0x00];
const INK: Rgb = [0x1a, 0x1a, 0x1a];
const PAPER: Rgb = [0xff, 0xff, 0xff];

/** The run the image shows and what is true of it. */
export interface Preview {
  settings: Settings;
  classes: number[];
  plans: { stitched: PlanSpec; baseline: PlanSpec };
  /** r: the share of steps on the small model. */
  fraction: number;
  /** The stitched plan's FLOPs over the large-only plan's (the manifest's gflops per forward pass). */
  flopShare: number;
  names: Record<'small' | 'large', string>;
}

const nameOf = (m: Manifest, role: ModelRole): string => {
  const d = denoiserFor(m, role);
  return String(d.architecture?.name ?? d.id);
};

/** The page's defaults (r, steps, sampler, guidance, seed) with OG_BATCH images of seeded classes. */
export function previewOf(manifest: Manifest): Preview {
  if (manifest.decoder)
    throw new Error(`share image: "${manifest.title}" is a latent set with a decoder; the preview draws pixel sets only`);
  const settings: Settings = { ...defaultSettings(manifest.defaults), batch: OG_BATCH, classChoice: 'random' };
  const run = runInfo(settings, manifest);
  if (run.plans.baseline.counts.large !== settings.steps)
    throw new Error("share image: the page's default comparison is no longer large-only; update build/shareImage/preview.ts");
  const gflops = Object.fromEntries(manifest.denoisers.map((d) => [d.role, d.gflops]));
  let flopShare: number;
  try {
    flopShare = planCost(run.plans.stitched.counts, gflops) / planCost(run.plans.baseline.counts, gflops);
  } catch (e) {
    throw new Error(`share image: the FLOP share needs each model's gflops in "${manifest.title}"'s manifest: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return {
    settings,
    classes: run.classes,
    plans: run.plans,
    fraction: fractionOf(settings),
    flopShare,
    names: { small: nameOf(manifest, 'small'), large: nameOf(manifest, 'large') },
  };
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const rText = (p: Preview) => String(Number(p.fraction.toFixed(2)));

/** The words on the image, in the bitmap font's letters (role words, not model names, which may hold any character). */
export function imageLabels(p: Preview): {
  title: string;
  stitched: string;
  baseline: string;
  stitchedSteps: string;
  baselineSteps: string;
} {
  const { small, large } = p.plans.stitched.counts;
  return {
    title: `T-STITCH: R = ${rText(p)}, ${percent(p.flopShare)} OF THE FLOPS`,
    stitched: 'STITCHED',
    baseline: 'LARGE MODEL ONLY',
    stitchedSteps: `${small} SMALL + ${large} LARGE STEPS`,
    baselineSteps: `${p.plans.baseline.counts.large} LARGE STEPS`,
  };
}

/** The sentence og:description adds to the page's description: what the image shows. */
export function descriptionSuffix(p: Preview): string {
  return `At r = ${rText(p)} the stitched run needs ${percent(p.flopShare)} of the large model's FLOPs.`;
}

/** og:image:alt: what the image shows, with the models' names and the classes drawn. */
export function imageAlt(manifest: Manifest, p: Preview): string {
  const { steps, sampler, seed } = p.settings;
  const { small, large } = p.plans.stitched.counts;
  const classes = p.classes.map((c) => manifest.classes[c] ?? `class ${c}`).join(', ');
  return (
    `Side by side, ${p.classes.length} images from the same noise (seed ${seed}; ${classes}) by the ${manifest.title}. ` +
    `Left, stitched: ${small} of ${steps} ${sampler.toUpperCase()} steps on ${p.names.small}, then ${large} on ${p.names.large}, ` +
    `${percent(p.flopShare)} of the FLOPs. Right: ${p.names.large} alone for all ${steps} steps.`
  );
}

/** An RGB canvas with the two drawing operations the image needs. */
class Raster implements RgbImage {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.data = new Uint8Array(width * height * 3);
    this.fill(0, 0, width, height, background);
  }
  fill(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let j = Math.max(0, y); j < Math.min(this.height, y + h); j++) {
      for (let i = Math.max(0, x); i < Math.min(this.width, x + w); i++) this.data.set(c, (j * this.width + i) * 3);
    }
  }
  /** `text` centred on `cx`, its top at `y`, at the largest scale up to `scale` that fits in `maxWidth`. */
  text(text: string, cx: number, y: number, scale: number, maxWidth: number, c: Rgb): void {
    let s = scale;
    while (s > 1 && textWidth(text, s) > maxWidth) s--;
    if (textWidth(text, s) > maxWidth)
      throw new Error(`share image: ${JSON.stringify(text)} is wider than ${maxWidth} px even at the smallest size`);
    const x = Math.round(cx - textWidth(text, s) / 2);
    forEachTextPixel(text, s, (dx, dy) => this.fill(x + dx, y + dy, 1, 1, c));
  }
}

// Layout: two columns of COLUMN px with GAP between, centred; in each a framed image grid, the
// plan as one bar segment per step (small orange, large blue), and the steps in words.
const COLUMN = 500;
const GAP = 50;
const FRAME = 6;
const GRID_BOX = 399;
const BAR_H = 18;
const TITLE = { y: 28, scale: 5 };
const LABEL = { y: 88, scale: 4 };
const STEPS_SCALE = 3;

export interface PreviewLayout {
  /** Image pixels per grid pixel. */
  scale: number;
  /** Top-left corner of each trajectory's image grid (inside its frame), and the grid's size. */
  grids: Record<'stitched' | 'baseline', { x: number; y: number }>;
  gridW: number;
  gridH: number;
  frame: number;
  /** Centre of each column, for its text. */
  centres: Record<'stitched' | 'baseline', number>;
  barY: number;
  barH: number;
  stepsY: number;
}

/** Where everything goes for a grid of gridW x gridH image pixels (pure; the tests read the image with it). */
export function previewLayout(gridW: number, gridH: number): PreviewLayout {
  const scale = Math.floor(GRID_BOX / Math.max(gridW, gridH));
  if (scale < 1) throw new Error(`share image: a ${gridW}x${gridH} grid does not fit in ${GRID_BOX} px`);
  const w = gridW * scale;
  const h = gridH * scale;
  const left = (OG_WIDTH - 2 * COLUMN - GAP) / 2;
  const centres = { stitched: left + COLUMN / 2, baseline: left + COLUMN + GAP + COLUMN / 2 };
  const frameY = LABEL.y + LABEL.scale * GLYPH_HEIGHT + 14;
  const grid = (cx: number) => ({ x: Math.round(cx - w / 2), y: frameY + FRAME });
  const barY = frameY + h + 2 * FRAME + 14;
  const stepsY = barY + BAR_H + 14;
  if (stepsY + STEPS_SCALE * GLYPH_HEIGHT > OG_HEIGHT) throw new Error('share image: the layout is taller than the image');
  return {
    scale,
    grids: { stitched: grid(centres.stitched), baseline: grid(centres.baseline) },
    gridW: w,
    gridH: h,
    frame: FRAME,
    centres,
    barY,
    barH: BAR_H,
    stepsY,
  };
}

/** The preview image from the two trajectories' final images (NCHW in [-1, 1], one per class of `p`). */
export function composePreview(manifest: Manifest, p: Preview, finals: { stitched: Float32Array; baseline: Float32Array }): RgbImage {
  const shape = displayShape(manifest);
  const n = p.classes.length;
  const grid = gridLayout(n, shape);
  const L = previewLayout(grid.width, grid.height);
  const img = new Raster(OG_WIDTH, OG_HEIGHT, PAPER);
  const labels = imageLabels(p);
  img.text(labels.title, OG_WIDTH / 2, TITLE.y, TITLE.scale, OG_WIDTH - 2 * GAP, INK);
  const columns = {
    stitched: { frame: SMALL, label: labels.stitched, labelColour: SMALL_TEXT, steps: labels.stitchedSteps },
    baseline: { frame: LARGE, label: labels.baseline, labelColour: LARGE, steps: labels.baselineSteps },
  };
  for (const t of ['stitched', 'baseline'] as const) {
    const col = columns[t];
    const cx = L.centres[t];
    const { x: gx, y: gy } = L.grids[t];
    img.text(col.label, cx, LABEL.y, LABEL.scale, COLUMN, col.labelColour);
    img.fill(gx - FRAME, gy - FRAME, L.gridW + 2 * FRAME, L.gridH + 2 * FRAME, col.frame);
    const rgba = toRgbaGrid(finals[t], n, shape);
    for (let y = 0; y < L.gridH; y++) {
      for (let x = 0; x < L.gridW; x++) {
        const o = 4 * (Math.floor(y / L.scale) * grid.width + Math.floor(x / L.scale));
        img.data.set(rgba.subarray(o, o + 3), ((gy + y) * OG_WIDTH + gx + x) * 3);
      }
    }
    const plan = p.plans[t];
    const roles = planSteps(plan.counts, plan.order);
    const barX = gx - FRAME;
    const barW = L.gridW + 2 * FRAME;
    roles.forEach((role, i) => {
      const a = barX + Math.round((i * barW) / roles.length);
      const b = barX + Math.round(((i + 1) * barW) / roles.length);
      // A 1 px paper gap between steps where they are wide enough to count.
      img.fill(
        a,
        L.barY,
        Math.max(1, b - a - (barW / roles.length >= 4 ? 1 : 0)),
        BAR_H,
        role === 'small' ? SMALL : role === 'large' ? LARGE : INK,
      );
    });
    img.text(col.steps, cx, L.stepsY, STEPS_SCALE, COLUMN, INK);
  }
  return img;
}

/** Samples both trajectories of `p` with the models in `dir` and returns the PNG. */
export async function renderPreview(manifest: Manifest, dir: string, p: Preview, o: LoadedOrt): Promise<Buffer> {
  const roles = (['small', 'large'] as const).filter((r) => p.plans.stitched.counts[r] > 0 || p.plans.baseline.counts[r] > 0);
  const opened = await openDenoisers(o, manifest, dir, roles);
  try {
    const params = samplingParams({ settings: p.settings, classes: p.classes, plans: p.plans }, manifest);
    const finals: Record<'stitched' | 'baseline', Float32Array> = { stitched: new Float32Array(), baseline: new Float32Array() };
    for (const t of ['stitched', 'baseline'] as const) {
      const plan = p.plans[t];
      const out = await sampleTrajectory(
        manifest,
        { ...params, steps: plan.steps, plan: planSteps(plan.counts, plan.order) },
        opened.denoisers,
      );
      finals[t] = out.x0;
    }
    return encodePng(composePreview(manifest, p, finals));
  } finally {
    await opened.release();
  }
}
