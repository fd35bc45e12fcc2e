import { describe, expect, it } from 'vitest';
import { createSampler, ddim, ddpm, predictX0 } from './samplers';

const x = Float32Array.from([0.5, -2, 3, 0.1]);
const eps = Float32Array.from([0.2, -0.4, 0.1, 0.05]);
const ab = 0.6;
const abPrev = 0.8;

describe('predictX0', () => {
  it('inverts x_t = sqrt(ab) x0 + sqrt(1 - ab) eps when nothing is clipped', () => {
    const x0 = Float32Array.from([0.3, -0.7, 0.9, 0]);
    const xt = x0.map((v, i) => Math.sqrt(ab) * v + Math.sqrt(1 - ab) * eps[i]);
    const p = predictX0(xt, eps, ab);
    p.x0.forEach((v, i) => expect(v).toBeCloseTo(x0[i], 6));
    p.eps.forEach((v, i) => expect(v).toBeCloseTo(eps[i], 6));
  });

  it('clips x0 to [-1, 1] and re-derives eps from the clipped x0', () => {
    const p = predictX0(x, eps, ab);
    expect(Math.max(...p.x0)).toBeLessThanOrEqual(1);
    expect(Math.min(...p.x0)).toBeGreaterThanOrEqual(-1);
    p.x0.forEach((v, i) => expect(Math.sqrt(ab) * v + Math.sqrt(1 - ab) * p.eps[i]).toBeCloseTo(x[i], 12));
    const raw = predictX0(x, eps, ab, false);
    expect(raw.x0[2]).toBeGreaterThan(1);
    expect(Array.from(raw.eps)).toEqual(Array.from(eps));
  });
});

describe('DDIM step (eq. 12)', () => {
  it('with eta = 0 adds no noise and is x_prev = sqrt(ab_prev) x0 + sqrt(1 - ab_prev) eps', () => {
    const s = ddim();
    expect(s.sigma(ab, abPrev)).toBe(0);
    const { x: out, x0 } = s.step(x, eps, ab, abPrev);
    const p = predictX0(x, eps, ab);
    out.forEach((v, i) => expect(v).toBeCloseTo(Math.sqrt(abPrev) * p.x0[i] + Math.sqrt(1 - abPrev) * p.eps[i], 6));
    expect(Array.from(x0)).toEqual(Array.from(Float32Array.from(p.x0)));
  });

  it('returns x0 itself on the last step (ab_prev = 1)', () => {
    for (const eta of [0, 0.5, 1]) {
      const s = ddim({ eta });
      expect(s.sigma(ab, 1)).toBe(0);
      const r = s.step(x, eps, ab, 1);
      expect(Array.from(r.x)).toEqual(Array.from(r.x0));
    }
  });

  it('with eta = 1 has the DDPM posterior std (eq. 16)', () => {
    expect(ddim({ eta: 1 }).sigma(ab, abPrev)).toBeCloseTo(ddpm().sigma(ab, abPrev), 14);
  });

  it('adds sigma z when eta > 0', () => {
    const s = ddim({ eta: 0.5 });
    const z = Float32Array.from([1, -1, 0.5, 2]);
    const a = s.step(x, eps, ab, abPrev, z);
    const b = ddim({ eta: 0.5 }).step(x, eps, ab, abPrev, new Float32Array(4));
    a.x.forEach((v, i) => expect(v - b.x[i]).toBeCloseTo(s.sigma(ab, abPrev) * z[i], 6));
  });
});

describe('DDPM step (eq. 6/7)', () => {
  it('uses the respaced posterior mean and variance', () => {
    const s = ddpm();
    const beta = 1 - ab / abPrev;
    expect(s.sigma(ab, abPrev)).toBeCloseTo(Math.sqrt((beta * (1 - abPrev)) / (1 - ab)), 14);
    const z = Float32Array.from([0.3, 0.1, -0.2, 1]);
    const { x: out } = s.step(x, eps, ab, abPrev, z);
    const p = predictX0(x, eps, ab);
    out.forEach((v, i) => {
      const mean = ((Math.sqrt(abPrev) * beta) / (1 - ab)) * p.x0[i] + ((Math.sqrt(1 - beta) * (1 - abPrev)) / (1 - ab)) * x[i];
      expect(v).toBeCloseTo(mean + s.sigma(ab, abPrev) * z[i], 6);
    });
  });

  it('adds no noise on the last step and returns x0', () => {
    const s = ddpm();
    expect(s.sigma(ab, 1)).toBe(0);
    const r = s.step(x, eps, ab, 1);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(r.x0[i], 6));
  });
});

describe('sampler errors', () => {
  it('are clear', () => {
    expect(() => ddim({ eta: 1.5 })).toThrow('DDIM eta must be in [0, 1], got 1.5');
    expect(() => createSampler('euler' as 'ddim')).toThrow(`unknown sampler "euler"; use 'ddim', 'ddpm' or 'dpmpp2m'`);
    expect(() => ddpm().step(x, eps, ab, abPrev)).toThrow(/this step adds noise .* pass z with 4 values/);
    expect(() => ddim().step(x, eps.subarray(1), ab, abPrev)).toThrow('eps has 3 values but x has 4');
    expect(() => ddim().step(x, eps, 0.9, 0.8)).toThrow(/alphaBar_prev must be in \(alphaBar_t, 1\]/);
    expect(() => ddim().step(x, eps, 0, 0.8)).toThrow(/alphaBar_t must be in \(0, 1\)/);
  });
});
