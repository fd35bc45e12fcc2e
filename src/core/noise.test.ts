import { describe, expect, it } from 'vitest';
import ref from './__fixtures__/core_reference.json';
import { createNoise, xoshiro128ss } from './noise';

describe('createNoise', () => {
  it('reproduces the Python xoshiro128** words bit for bit', () => {
    for (const c of ref.noise) {
      const next = xoshiro128ss(c.seed);
      expect(Array.from({ length: c.uint32.length }, next)).toEqual(c.uint32);
    }
  });

  it('reproduces the Python normals (float32)', () => {
    for (const c of ref.noise) {
      const z = createNoise(c.seed).normal(c.normal.length);
      c.normal.forEach((v, i) => expect(Math.abs(z[i] - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -23));
    }
  });

  it('is a stream: chunk sizes do not change the values', () => {
    const whole = createNoise(7).normal(11);
    const g = createNoise(7);
    const parts = [...g.normal(3), ...g.normal(1), ...g.normal(0), ...g.normal(7)];
    expect(parts).toEqual(Array.from(whole));
  });

  it('same seed reproduces, different seed differs', () => {
    expect(createNoise(5).normal(64)).toEqual(createNoise(5).normal(64));
    expect(createNoise(5).normal(64)).not.toEqual(createNoise(6).normal(64));
  });

  it('looks standard normal', () => {
    const z = createNoise(123).normal(200_000);
    let mean = 0;
    let sq = 0;
    for (const v of z) {
      mean += v;
      sq += v * v;
    }
    mean /= z.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sq / z.length - 1)).toBeLessThan(0.02);
    expect(z.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad seeds and counts', () => {
    expect(() => createNoise(1.5)).toThrow('noise seed must be an integer, got 1.5');
    expect(() => createNoise(NaN)).toThrow(/must be an integer/);
    expect(() => createNoise(1).normal(-1)).toThrow(/non-negative integer/);
  });
});
