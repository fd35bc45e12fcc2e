import { describe, expect, it } from 'vitest';
import ref from './__fixtures__/core_reference.json';
import { alphaBars, samplingTimesteps, type ScheduleSpec } from './schedule';

describe('alphaBars', () => {
  for (const [name, { spec, alphaBar }] of Object.entries(ref.schedules)) {
    it(`matches NumPy for the ${name} schedule to 1e-12`, () => {
      const ab = alphaBars(spec as ScheduleSpec);
      expect(ab).toBeInstanceOf(Float64Array);
      expect(ab.length).toBe(alphaBar.length);
      let worst = 0;
      ab.forEach((v, t) => (worst = Math.max(worst, Math.abs(v - alphaBar[t]))));
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('is decreasing and in (0, 1)', () => {
    for (const type of ['linear', 'cosine'] as const) {
      const ab = alphaBars({ type, T: 1000 });
      for (let t = 1; t < ab.length; t++) expect(ab[t]).toBeLessThan(ab[t - 1]);
      expect(ab[0]).toBeLessThan(1);
      expect(ab[999]).toBeGreaterThan(0);
    }
  });

  it('defaults to the DDPM betas', () => {
    expect(alphaBars({ type: 'linear', T: 1000 })).toEqual(alphaBars({ type: 'linear', T: 1000, betaStart: 1e-4, betaEnd: 0.02 }));
  });

  it('rejects bad specs with clear errors', () => {
    expect(() => alphaBars({ type: 'linear', T: 0 })).toThrow(/T must be a positive integer/);
    expect(() => alphaBars({ type: 'linear', T: 10.5 })).toThrow(/T must be a positive integer/);
    expect(() => alphaBars({ type: 'linear', T: 10, betaStart: 0.1, betaEnd: 0.01 })).toThrow(/betaStart <= betaEnd/);
    expect(() => alphaBars({ type: 'sigmoid' as 'linear', T: 10 })).toThrow(/unknown schedule type "sigmoid"/);
  });
});

describe('samplingTimesteps', () => {
  it('matches round(linspace(T-1, 0, steps)) from NumPy, halves to even', () => {
    for (const c of ref.timesteps) expect(samplingTimesteps(c.T, c.steps)).toEqual(c.timesteps);
  });

  it('goes from T-1 down to 0 without repeats', () => {
    for (const steps of [2, 50, 999, 1000]) {
      const ts = samplingTimesteps(1000, steps);
      expect(ts[0]).toBe(999);
      expect(ts[steps - 1]).toBe(0);
      expect(new Set(ts).size).toBe(steps);
    }
    expect(samplingTimesteps(1000, 1)).toEqual([999]);
  });

  it('rejects steps outside [1, T]', () => {
    expect(() => samplingTimesteps(1000, 0)).toThrow('steps must be an integer between 1 and T=1000, got 0');
    expect(() => samplingTimesteps(1000, 1001)).toThrow(/between 1 and T=1000/);
    expect(() => samplingTimesteps(1000, 2.5)).toThrow(/between 1 and T=1000/);
    expect(() => samplingTimesteps(0, 1)).toThrow(/T must be a positive integer/);
  });
});
