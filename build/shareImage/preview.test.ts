import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../tools/lib/models';
import { loadOrt } from '../../tools/lib/ort';
import { decodePng, type RgbImage } from '../png';
import { forEachTextPixel, textWidth } from './bitmapFont';
import {
  OG_HEIGHT,
  OG_WIDTH,
  composePreview,
  descriptionSuffix,
  imageAlt,
  imageLabels,
  previewLayout,
  previewOf,
  renderPreview,
} from './preview';

const SHIPPED = loadManifest();
const FIXTURES_DIR = resolve(import.meta.dirname, '../../public/fixtures');
const FIXTURES = loadManifest(FIXTURES_DIR);

const pixel = (img: RgbImage, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('the share preview of the shipped set', () => {
  const p = previewOf(SHIPPED);

  it("is the page's default run with four images: r = 0.4 of the default steps, seeded classes, large-only on the right", () => {
    expect(p.settings.steps).toBe(SHIPPED.defaults.steps);
    expect(p.fraction).toBeCloseTo(0.4, 12);
    expect(p.plans.stitched.counts).toEqual({ small: 20, medium: 0, large: 30 });
    expect(p.plans.baseline.counts).toEqual({ small: 0, medium: 0, large: 50 });
    expect(p.classes).toHaveLength(4);
    expect(previewOf(SHIPPED).classes).toEqual(p.classes); // seeded
  });

  it("states the FLOP share of the stitched plan from the manifest's gflops", () => {
    const g = (role: string) => SHIPPED.denoisers.find((d) => d.role === role)!.gflops!;
    expect(p.flopShare).toBeCloseTo((20 * g('small') + 30 * g('large')) / (50 * g('large')), 12);
    expect(imageLabels(p).title).toBe(`T-STITCH: R = 0.4, ${Math.round(p.flopShare * 100)}% OF THE FLOPS`);
    expect(imageLabels(p).stitchedSteps).toBe('20 SMALL + 30 LARGE STEPS');
    expect(descriptionSuffix(p)).toBe(`At r = 0.4 the stitched run needs ${Math.round(p.flopShare * 100)}% of the large model's FLOPs.`);
    const alt = imageAlt(SHIPPED, p);
    expect(alt).toContain('20 of 50 DDIM steps on DiT-S/4, then 30 on DiT-L/4');
    expect(alt).toContain(p.classes.map((c) => SHIPPED.classes[c]).join(', '));
  });

  it('refuses a set without model costs, saying what is missing', () => {
    const noCost = { ...SHIPPED, denoisers: SHIPPED.denoisers.map((d) => ({ ...d, gflops: undefined })) };
    expect(() => previewOf(noCost)).toThrow(/needs each model's gflops/);
  });
});

describe('composePreview', () => {
  const p = previewOf(SHIPPED);
  const n = p.classes.length * 28 * 28;
  // Stitched all white, large-only all black: where each lands is plain to see.
  const img = composePreview(SHIPPED, p, { stitched: new Float32Array(n).fill(1), baseline: new Float32Array(n).fill(-1) });

  const L = previewLayout(57, 57);

  it('is 1200x630 with each grid inside its role-coloured frame, the images at 7x', () => {
    expect([img.width, img.height]).toEqual([OG_WIDTH, OG_HEIGHT]);
    expect([L.scale, L.gridW, L.gridH]).toEqual([7, 399, 399]); // a 2x2 grid of 28 px images and a 1 px gap
    const { stitched: s, baseline: b } = L.grids;
    expect(b.x - s.x).toBe(550); // one column and the gap apart
    expect(pixel(img, s.x, s.y)).toEqual([255, 255, 255]);
    expect(pixel(img, s.x + 398, s.y + 398)).toEqual([255, 255, 255]);
    expect(pixel(img, s.x + 28 * 7, s.y + 10)).toEqual([24, 24, 24]); // the gap between images (src/view/draw.ts)
    expect(pixel(img, s.x - 1, s.y)).toEqual([0xe6, 0x9f, 0x00]);
    expect(pixel(img, s.x + 399, s.y + 399)).toEqual([0xe6, 0x9f, 0x00]);
    expect(pixel(img, b.x, b.y)).toEqual([0, 0, 0]);
    expect(pixel(img, b.x - L.frame, b.y - L.frame)).toEqual([0x00, 0x72, 0xb2]);
    expect(pixel(img, b.x - L.frame - 1, b.y)).toEqual([255, 255, 255]);
  });

  it('draws the plan as one bar segment per step: 20 orange then 30 blue, and 50 blue', () => {
    const barY = L.barY + L.barH / 2;
    const runs = (x0: number, x1: number) => {
      const out: string[] = [];
      let last = '';
      for (let x = x0; x < x1; x++) {
        const c = pixel(img, x, barY).join(',');
        if (c !== last && c !== '255,255,255') out.push(c);
        last = c;
      }
      return out;
    };
    const left = runs(0, OG_WIDTH / 2);
    expect(left.filter((c) => c === '230,159,0')).toHaveLength(20);
    expect(left.filter((c) => c === '0,114,178')).toHaveLength(30);
    expect(left.indexOf('0,114,178')).toBe(20); // small first
    expect(runs(OG_WIDTH / 2, OG_WIDTH)).toEqual(Array(50).fill('0,114,178'));
  });
});

describe('bitmap font', () => {
  it('measures and draws text, and names a letter it lacks', () => {
    expect(textWidth('AB', 2)).toBe(22);
    let lit = 0;
    forEachTextPixel('-', 1, () => lit++);
    expect(lit).toBe(5);
    expect(() => forEachTextPixel('DiT_L', 1, () => {})).toThrow(/no glyph for "_"/);
  });
});

describe('renderPreview', () => {
  it('samples both trajectories with the models and encodes the same PNG every time', async () => {
    const o = await loadOrt('node', { threads: 1 });
    const p = previewOf(FIXTURES);
    const a = await renderPreview(FIXTURES, FIXTURES_DIR, p, o);
    const b = await renderPreview(FIXTURES, FIXTURES_DIR, p, o);
    expect(a.equals(b)).toBe(true);
    const img = decodePng(a);
    expect([img.width, img.height]).toEqual([OG_WIDTH, OG_HEIGHT]);
    // The two grids hold sampled images (many grey levels), and they differ: different plans.
    const L = previewLayout(57, 57);
    const grid = ({ x: x0, y: y0 }: { x: number; y: number }) => {
      const values: number[] = [];
      for (let y = y0; y < y0 + L.gridH; y += 3) for (let x = x0; x < x0 + L.gridW; x += 3) values.push(pixel(img, x, y)[0]);
      return values;
    };
    const left = grid(L.grids.stitched);
    const right = grid(L.grids.baseline);
    expect(new Set(left).size).toBeGreaterThan(50);
    expect(left).not.toEqual(right);
  }, 60_000);
});
