import { describe, expect, it } from 'vitest';
import { diffRgbaGrid, gridLayout, meanAbsDiff, toRgba, toRgbaGrid } from './draw';

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
