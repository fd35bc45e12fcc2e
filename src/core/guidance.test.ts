import { describe, expect, it } from 'vitest';
import { combineGuidance, guidedBatch } from './guidance';

const x = Float32Array.from([1, 2, 3, 4, 5, 6]); // 2 images of 3 values
const classes = Int32Array.from([3, 7]);

describe('guidedBatch', () => {
  it('doubles the batch as [x; x] with y = [classes; null] when guidance != 1', () => {
    const b = guidedBatch(x, classes, 10, 2.5);
    expect(b.n).toBe(4);
    expect(Array.from(b.x)).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(b.y)).toEqual([3, 7, 10, 10]);
  });

  it('runs only the conditional half when guidance is 1', () => {
    const b = guidedBatch(x, classes, 10, 1);
    expect(b).toEqual({ x, y: classes, n: 2 });
  });
});

describe('combineGuidance', () => {
  it('is eps_null + w (eps_cond - eps_null)', () => {
    const out = Float32Array.from([1, 2, 3, 0.5, 0.5, 0.5]); // cond (3) then null (3)
    expect(Array.from(combineGuidance(out, 3, 3))).toEqual([2, 5, 8]);
    expect(Array.from(combineGuidance(out, 3, 0))).toEqual([0.5, 0.5, 0.5]);
  });

  it('passes the conditional eps through when guidance is 1', () => {
    const eps = Float32Array.from([1, 2, 3]);
    expect(combineGuidance(eps, 3, 1)).toBe(eps);
  });

  it('names the expected size when the denoiser returns the wrong one', () => {
    expect(() => combineGuidance(new Float32Array(3), 3, 2)).toThrow(
      'denoiser returned 3 values, expected 6 (conditional + unconditional halves)',
    );
    expect(() => combineGuidance(new Float32Array(6), 3, 1)).toThrow('denoiser returned 6 values, expected 3');
  });
});
