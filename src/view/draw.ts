// Image tensors ([N, C, H, W] in [-1, 1]) to RGBA pixels: single images, grids, difference maps.
import type { ImageShape } from '../core';

/** RGBA bytes for one image; 1 channel is drawn as grey, 3 as RGB. Values are clipped to [-1, 1]. */
export function toRgba(data: Float32Array, channels: number, height: number, width: number): Uint8ClampedArray<ArrayBuffer> {
  return toRgbaGrid(data, 1, { channels, height, width });
}

export interface GridLayout {
  cols: number;
  rows: number;
  /** Gap between images, pixels. */
  gap: number;
  width: number;
  height: number;
}

export const GRID_GAP = 1;
/** Colour of the gaps between images: dark, so the images stand out on a projector. */
const GAP_GREY = 24;

/** n images in a near-square grid: 1 -> 1x1, 4 -> 2x2, 16 -> 4x4. */
export function gridLayout(n: number, image: { height: number; width: number }, gap = GRID_GAP): GridLayout {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  return { cols, rows, gap, width: cols * image.width + (cols - 1) * gap, height: rows * image.height + (rows - 1) * gap };
}

/** Fills a grid of n images, pixel by pixel, from `pixel(image, p)` -> [r, g, b]. */
function fillGrid(n: number, image: ImageShape, pixel: (k: number, p: number) => [number, number, number]): Uint8ClampedArray<ArrayBuffer> {
  const g = gridLayout(n, image);
  const out = new Uint8ClampedArray(new ArrayBuffer(g.width * g.height * 4));
  for (let i = 0; i < out.length; i += 4) {
    out[i] = out[i + 1] = out[i + 2] = GAP_GREY;
    out[i + 3] = 255;
  }
  for (let k = 0; k < n; k++) {
    const x0 = (k % g.cols) * (image.width + g.gap);
    const y0 = Math.floor(k / g.cols) * (image.height + g.gap);
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const [r, gr, b] = pixel(k, y * image.width + x);
        const o = 4 * ((y0 + y) * g.width + x0 + x);
        out[o] = r;
        out[o + 1] = gr;
        out[o + 2] = b;
      }
    }
  }
  return out;
}

const byte = (v: number) => Math.round((Math.min(1, Math.max(-1, v)) + 1) * 127.5);

/** RGBA bytes of n images laid out by gridLayout; 1 channel is grey, 3 are RGB planes. */
export function toRgbaGrid(data: Float32Array, n: number, image: ImageShape): Uint8ClampedArray<ArrayBuffer> {
  const plane = image.height * image.width;
  const per = image.channels * plane;
  if (data.length < n * per) throw new Error(`images have ${data.length} values, expected ${n * per}`);
  return fillGrid(n, image, (k, p) => {
    const base = k * per + p;
    const r = byte(data[base]);
    return image.channels >= 3 ? [r, byte(data[base + plane]), byte(data[base + 2 * plane])] : [r, r, r];
  });
}

/**
 * |a - b| per pixel (mean over channels) as a heat map: black = equal, white = opposite ends of
 * [-1, 1]. A square root lifts small differences so they are visible from the back of a room.
 */
export function diffRgbaGrid(a: Float32Array, b: Float32Array, n: number, image: ImageShape): Uint8ClampedArray<ArrayBuffer> {
  const plane = image.height * image.width;
  const per = image.channels * plane;
  if (a.length !== b.length || a.length < n * per) throw new Error(`cannot compare ${a.length} and ${b.length} values as ${n} images`);
  return fillGrid(n, image, (k, p) => {
    let d = 0;
    for (let c = 0; c < image.channels; c++) d += Math.abs(a[k * per + c * plane + p] - b[k * per + c * plane + p]);
    const v = Math.sqrt(Math.min(1, d / image.channels / 2));
    return [Math.round(255 * v), Math.round(255 * v * v), Math.round(255 * v * v * v)];
  });
}

/** Mean of |a - b| over all values (images in [-1, 1], so 0..2). */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cannot compare ${a.length} and ${b.length} values`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return a.length ? sum / a.length : 0;
}
