import { describe, expect, it } from 'vitest';
import { createNoise } from '../../../src/core';
import { batchNoise, imageSeed } from './noise';

describe('batchNoise', () => {
  it('gives image k the stream of its own seed, whatever the batch it is in', () => {
    const per = 5;
    const whole = batchNoise(7, [0, 1, 2, 3], per);
    const a = [whole.normal(4 * per), whole.normal(4 * per)];
    const left = batchNoise(7, [0, 1], per);
    const right = batchNoise(7, [2, 3], per);
    const b = [0, 1].map(() => [...left.normal(2 * per), ...right.normal(2 * per)]);
    expect(Array.from(a[0])).toEqual(b[0]);
    expect(Array.from(a[1])).toEqual(b[1]);
    const own = createNoise(imageSeed(7, 2));
    expect(Array.from(a[0].subarray(2 * per, 3 * per))).toEqual(Array.from(own.normal(per)));
  });

  it('differs between images and seeds, and refuses partial batches', () => {
    expect(imageSeed(0, 1)).not.toBe(imageSeed(1, 1));
    expect(imageSeed(2 ** 32 - 1, 999)).toBeLessThan(2 ** 32);
    const n = batchNoise(0, [0, 1], 3).normal(6);
    expect(Array.from(n.subarray(0, 3))).not.toEqual(Array.from(n.subarray(3)));
    expect(() => batchNoise(0, [0, 1], 3).normal(3)).toThrow(/whole batch of 2 x 3/);
  });
});
