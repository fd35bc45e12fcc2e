import { describe, expect, it } from 'vitest';
import { diffBytes, diffRgbaGrid, diffShape, gridLayout, meanAbsDiff, toBytes, toRgba, toRgbaGrid } from './draw';

describe('toRgba', () => {
  it('maps [-1, 1] to 0..255 grey, clipping', () => {
    expect(Array.from(toRgba(Float32Array.of(-1, 0, 1, 3), 1, 2, 2))).toEqual([
      0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ]);
  });
  it('reads 3 channels as planes', () => {
    expect(Array.from(toRgba(Float32Array.of(1, -1, -1), 3, 1, 1))).toEqual([255, 0, 0, 255]);
  });
});

describe('grids', () => {
  const image = { channels: 1, height: 1, width: 1 };
  it('lays 1, 4 and 16 images out as squares with 1-pixel gaps', () => {
    expect(gridLayout(1, { height: 28, width: 28 })).toMatchObject({ cols: 1, rows: 1, width: 28, height: 28 });
    expect(gridLayout(4, { height: 28, width: 28 })).toMatchObject({ cols: 2, rows: 2, width: 57, height: 57 });
    expect(gridLayout(16, { height: 28, width: 28 })).toMatchObject({ cols: 4, rows: 4, width: 115, height: 115 });
  });
  it('places image k at row k / cols, column k % cols, with dark opaque gaps', () => {
    const rgba = toRgbaGrid(Float32Array.of(-1, 1, 1, -1), 4, image); // 3x3 pixels
    const red = Array.from(rgba.filter((_, i) => i % 4 === 0));
    expect(red).toEqual([0, 24, 255, 24, 24, 24, 255, 24, 0]);
    expect(rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });
  it('draws equal images as black differences, opposite ones as white', () => {
    expect(Array.from(diffRgbaGrid(Float32Array.of(0.5), Float32Array.of(0.5), 1, image))).toEqual([0, 0, 0, 255]);
    expect(Array.from(diffRgbaGrid(Float32Array.of(-1), Float32Array.of(1), 1, image))).toEqual([255, 255, 255, 255]);
    expect(meanAbsDiff([1, -1], [0, 1])).toBe(1.5);
  });
});

describe('the bytes drawn', () => {
  // Values across [-1.5, 1.5], the half-way points between two bytes, and what cannot be drawn.
  const values = Float32Array.from({ length: 3 * 2 * 3 * 3 }, (_, i) =>
    i % 5 === 0 ? (i + 0.5) / 127.5 - 1 : Math.sin(i * 12.9898) * 1.5,
  );
  values.set([NaN, Infinity, -Infinity, -0], 0);
  const image = { channels: 3, height: 3, width: 3 };

  it('keeps one byte a value, and draws them as the same pixels as the floats', () => {
    const bytes = toBytes(values);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(values.length);
    expect(Array.from(toBytes(Float32Array.of(-1, 0, 1, 3, -3)))).toEqual([0, 128, 255, 255, 0]);
    expect(toRgbaGrid(bytes, 2, image)).toEqual(toRgbaGrid(values, 2, image));
    expect(toRgbaGrid(bytes, 6, { ...image, channels: 1 })).toEqual(toRgbaGrid(values, 6, { ...image, channels: 1 }));
  });

  it('keeps a difference map as its colours, drawn as an RGB image of the same size', () => {
    const other = values.map((v, i) => (i % 3 === 0 ? v : -v * 0.3));
    const rgb = diffBytes(values, other, 2, image);
    expect(rgb.length).toBe(2 * 3 * 9);
    expect(toRgbaGrid(rgb, 2, diffShape(image))).toEqual(diffRgbaGrid(values, other, 2, image));
    expect(Array.from(diffBytes(Float32Array.of(-1), Float32Array.of(1), 1, { channels: 1, height: 1, width: 1 }))).toEqual([
      255, 255, 255,
    ]);
  });
});
