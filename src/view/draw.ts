// Image tensors ([N, C, H, W] in [-1, 1]) to RGBA pixels: single images, grids, difference maps.
// Every value is drawn as one byte (`toBytes`); an image kept as those bytes (the recorder's
// frames) draws as the same pixels as its floats.
import type { ImageShape } from '../core';

/** Values as drawn, [N, C, H, W] floats in [-1, 1] or their bytes from `toBytes`. */
export type Drawable = Float32Array | Uint8Array;

/** RGBA bytes for one image; 1 channel is drawn as grey, 3 as RGB. Values are clipped to [-1, 1]. */
export function toRgba(data: Drawable, channels: number, height: number, width: number): Uint8ClampedArray<ArrayBuffer> {
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

/** The byte a value is drawn as: [-1, 1] to 0..255, clipped (NaN as 0). */
const byte = (v: number) => Math.round((Math.min(1, Math.max(-1, v)) + 1) * 127.5);

/** Each value as the byte it is drawn as: a quarter of the floats' memory, the same pixels. */
export function toBytes(data: Float32Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = byte(data[i]);
  return out;
}

/** RGBA bytes of n images laid out by gridLayout; 1 channel is grey, 3 are RGB planes. */
export function toRgbaGrid(data: Drawable, n: number, image: ImageShape): Uint8ClampedArray<ArrayBuffer> {
  const plane = image.height * image.width;
  const per = image.channels * plane;
  if (data.length < n * per) throw new Error(`images have ${data.length} values, expected ${n * per}`);
  const at: (i: number) => number = data instanceof Uint8Array ? (i) => data[i] : (i) => byte(data[i]);
  return fillGrid(n, image, (k, p) => {
    const base = k * per + p;
    const r = at(base);
    return image.channels >= 3 ? [r, at(base + plane), at(base + 2 * plane)] : [r, r, r];
  });
}

/**
 * |a - b| per pixel (mean over channels) as a heat map: black = equal, white = opposite ends of
 * [-1, 1]. A square root lifts small differences so they are visible from the back of a room.
 */
export function diffRgbaGrid(a: Float32Array, b: Float32Array, n: number, image: ImageShape): Uint8ClampedArray<ArrayBuffer> {
  return toRgbaGrid(diffBytes(a, b, n, image), n, diffShape(image));
}

/** The shape of a difference map of images of `image`'s shape: an RGB image of the same size. */
export const diffShape = (image: ImageShape): ImageShape => ({ channels: 3, height: image.height, width: image.width });

/** The difference map of diffRgbaGrid as bytes, [N, 3, H, W] (drawn by toRgbaGrid at diffShape): what the recorder keeps. */
export function diffBytes(a: Float32Array, b: Float32Array, n: number, image: ImageShape): Uint8Array<ArrayBuffer> {
  const plane = image.height * image.width;
  const per = image.channels * plane;
  if (a.length !== b.length || a.length < n * per) throw new Error(`cannot compare ${a.length} and ${b.length} values as ${n} images`);
  const out = new Uint8Array(n * 3 * plane);
  for (let k = 0; k < n; k++) {
    for (let p = 0; p < plane; p++) {
      let d = 0;
      for (let c = 0; c < image.channels; c++) d += Math.abs(a[k * per + c * plane + p] - b[k * per + c * plane + p]);
      const v = Math.sqrt(Math.min(1, d / image.channels / 2));
      const o = 3 * k * plane + p;
      out[o] = Math.round(255 * v);
      out[o + plane] = Math.round(255 * v * v);
      out[o + 2 * plane] = Math.round(255 * v * v * v);
    }
  }
  return out;
}

/** Mean of |a - b| over all values (images in [-1, 1], so 0..2). */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cannot compare ${a.length} and ${b.length} values`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return a.length ? sum / a.length : 0;
}
