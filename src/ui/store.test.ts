import { describe, expect, it } from 'vitest';
import { toRgba } from './draw';
import { clampSteps, snapFraction, useAppStore } from './store';

describe('settings', () => {
  it('snaps the fraction to whole steps', () => {
    expect(snapFraction(0.33, 10)).toBe(0.3);
    expect(snapFraction(2, 10)).toBe(1);
    expect(snapFraction(Number.NaN, 10)).toBe(0);
    expect(clampSteps(0)).toBe(1);
    expect(clampSteps(7.6)).toBe(8);
  });
  it('re-snaps the fraction when the step count changes', () => {
    const s = useAppStore.getState();
    s.setSteps(10);
    s.setFraction(0.4);
    s.setSteps(4);
    expect(useAppStore.getState().fraction).toBe(0.5);
  });
});

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
