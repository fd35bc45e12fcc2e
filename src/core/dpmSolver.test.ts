import { describe, expect, it } from 'vitest';
import ref from './__fixtures__/core_reference.json';
import { fakeDenoisers, referenceBatch, type FakeCall } from './__fixtures__/fakes';
import { createNoise } from './noise';
import type { ModelRole } from './plan';
import { sample, type SampleOptions, type StepInfo } from './sample';
import { createSampler, ddim, dpmpp2m, SAMPLERS, type Sampler } from './samplers';
import { alphaBars, samplingTimesteps, type ScheduleSpec } from './schedule';

const D = ref.dpmSolver;
const S = D.sampling;
const alphaBar = {
  linear: alphaBars(ref.schedules.linear.spec as ScheduleSpec),
  cosine: alphaBars(ref.schedules.cosine.spec as ScheduleSpec),
};
const T = alphaBar.linear.length;
const [channels, height, width] = S.shape;
const size = S.classes.length * channels * height * width;

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
/** float32 results against a float64 reference: `rel` relative to the value's size (at least 1). */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rel: number) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(Math.abs(got[i] - want[i])).toBeLessThan(rel * Math.max(1, Math.abs(want[i])));
  }
}
const f32 = (v: number[]) => Float32Array.from(v);
const fill = (role: ModelRole, n = S.steps): ModelRole[] => Array(n).fill(role);

const x = f32([0.5, -2, 3, 0.1]);
const eps = f32([0.2, -0.4, 0.1, 0.05]);
const abs = [0.3, 0.6, 0.8, 0.95, 1];

describe('DPM-Solver++(2M) step (Lu et al. 2022, Alg. 2)', () => {
  for (const seq of D.steps) {
    it(`matches the NumPy reference over ${seq.x.length} steps in a row (${seq.schedule}${seq.clipDenoised ? '' : ', unclipped'})`, () => {
      const s = dpmpp2m({ clipDenoised: seq.clipDenoised });
      seq.x.forEach((xk, k) => {
        const r = s.step(f32(xk), f32(seq.eps[k]), seq.alphaBar[k], seq.alphaBar[k + 1]);
        expectClose(r.x, seq.out[k], 1e-6);
        expectClose(r.x0, seq.x0[k], 1e-6);
      });
    });
  }

  it('is deterministic: sigma is 0, also on the last step', () => {
    const s = dpmpp2m();
    for (let k = 0; k + 1 < abs.length; k++) expect(s.sigma(abs[k], abs[k + 1])).toBe(0);
  });

  it('takes a first-order first step, equal to DDIM with eta = 0', () => {
    for (const clipDenoised of [true, false]) {
      for (const [ab, abPrev] of [
        [0.3, 0.6],
        [0.01, 0.2],
        [0.6, 0.8],
      ]) {
        const a = dpmpp2m({ clipDenoised }).step(x, eps, ab, abPrev);
        const b = ddim({ eta: 0, clipDenoised }).step(x, eps, ab, abPrev);
        expectClose(a.x, b.x, 1e-6);
        expect(bits(a.x0)).toEqual(bits(b.x0));
      }
    }
  });

  it('uses its history after the first step: second order, no longer DDIM', () => {
    const s = dpmpp2m();
    s.step(x, eps, abs[0], abs[1]);
    const second = s.step(x, eps, abs[1], abs[2]);
    const firstOrder = ddim().step(x, eps, abs[1], abs[2]);
    expect(Math.max(...second.x.map((v, i) => Math.abs(v - firstOrder.x[i])))).toBeGreaterThan(1e-3);
  });

  it('returns x0 itself on the last step (alphaBar_prev = 1), with or without history', () => {
    const fresh = dpmpp2m().step(x, eps, 0.6, 1);
    expect(bits(fresh.x)).toEqual(bits(fresh.x0));
    const s = dpmpp2m();
    for (let k = 0; k + 2 < abs.length; k++) s.step(x, eps, abs[k], abs[k + 1]);
    const last = s.step(x, eps, abs[abs.length - 2], 1);
    expect(bits(last.x)).toEqual(bits(last.x0));
  });

  it('starts without history in every sampler createSampler makes', () => {
    const used = createSampler('dpmpp2m');
    used.step(x, eps, abs[0], abs[1]);
    const fresh = createSampler('dpmpp2m');
    expect(fresh).not.toBe(used);
    expect(fresh.name).toBe('dpmpp2m');
    const a = fresh.step(x, eps, abs[1], abs[2]); // would throw if it had used's history
    expectClose(a.x, ddim().step(x, eps, abs[1], abs[2]).x, 1e-6);
    expect(SAMPLERS).toEqual(['ddim', 'ddpm', 'dpmpp2m']);
  });

  it('refuses a step that does not continue the previous one, or a reused sampler', () => {
    const s = dpmpp2m();
    s.step(x, eps, 0.3, 0.6);
    expect(() => s.step(x, eps, 0.4, 0.6)).toThrow(
      /this step starts at alphaBar_t = 0.4 with 4 values, but the previous one ended at 0.6 with 4; create a fresh sampler/,
    );
    expect(() => s.step(x.subarray(1), eps.subarray(1), 0.6, 0.8)).toThrow(/with 3 values, but the previous one ended at 0.6 with 4/);
    s.step(x, eps, 0.6, 1);
    expect(() => s.step(x, eps, 0.3, 0.6)).toThrow(/previous one ended at 1 with 4/);
  });

  it('validates its inputs like the other samplers', () => {
    expect(() => dpmpp2m().step(x, eps.subarray(1), 0.3, 0.6)).toThrow('eps has 3 values but x has 4');
    expect(() => dpmpp2m().step(x, eps, 0.9, 0.8)).toThrow(/alphaBar_prev must be in \(alphaBar_t, 1\]/);
    expect(() => dpmpp2m().step(x, eps, 1, 1)).toThrow(/alphaBar_t must be in \(0, 1\)/);
  });
});

/** Options for the DPM-Solver++ reference setup (batch 2, 1x4x4, 20 steps), overridable per test. */
function options(overrides: Partial<SampleOptions> = {}, log: FakeCall[] = []): SampleOptions {
  return {
    alphaBar: alphaBar.linear,
    sampler: 'dpmpp2m',
    steps: S.steps,
    plan: D.sampling.runs[0].plan as ModelRole[],
    guidance: 2,
    ...referenceBatch(S, T, log),
    ...overrides,
  };
}

describe('sample with DPM-Solver++(2M) matches the NumPy reference', () => {
  for (const run of S.runs) {
    const clip = run.clipDenoised ?? true;
    it(`${run.schedule} w=${run.guidance} r=${run.fraction}${clip ? '' : ' unclipped'}`, async () => {
      const log: FakeCall[] = [];
      const steps: StepInfo[] = [];
      const result = await sample(
        options(
          {
            alphaBar: alphaBar[run.schedule as 'linear' | 'cosine'],
            guidance: run.guidance,
            plan: run.plan as ModelRole[],
            clipDenoised: clip,
            onStep: (info) => void steps.push(info),
          },
          log,
        ),
      );
      expectClose(result.x0, run.x0, 1e-5);
      expect(log.map((c) => c.role)).toEqual(run.plan);
      expect(log.map((c) => c.n)).toEqual(run.batchPerCall);
      if (run.trajectory) {
        steps.forEach((s, i) => {
          expectClose(s.x, run.trajectory.x[i], 1e-5);
          expectClose(s.x0, run.trajectory.x0[i], 1e-5);
        });
      }
    });
  }
});

describe('stitched DPM-Solver++(2M) runs', () => {
  it('with every step on the large model are exactly the large-only run (and likewise small)', async () => {
    const fakes = fakeDenoisers(T);
    for (const role of ['large', 'small'] as const) {
      const other = role === 'large' ? 'small' : 'large';
      const stitched = await sample(options({ plan: fill(role) }));
      const alone = await sample(options({ plan: fill(other), denoisers: { [other]: fakes[role] } }));
      expect(bits(stitched.x0)).toEqual(bits(alone.x0));
    }
  });

  it('carry the solver history over the small -> large switch', async () => {
    const plan: ModelRole[] = [...fill('small', 6), ...fill('large', S.steps - 6)];
    const fakes = fakeDenoisers(T);
    const classes = Int32Array.from(S.classes);
    const timesteps = samplingTimesteps(T, S.steps);
    /** The loop by hand at guidance 1, with a new sampler from step `restartAt` on if given. */
    const byHand = async (restartAt?: number) => {
      let sampler: Sampler = createSampler('dpmpp2m');
      let xt = createNoise(S.seed).normal(size);
      for (let i = 0; i < S.steps; i++) {
        const t = timesteps[i];
        const abPrev = i + 1 < S.steps ? alphaBar.linear[timesteps[i + 1]] : 1;
        if (i === restartAt) sampler = createSampler('dpmpp2m');
        const e = await fakes[plan[i]](xt, t, classes, classes.length);
        xt = sampler.step(xt, e, alphaBar.linear[t], abPrev).x;
      }
      return xt;
    };
    const looped = await sample(options({ plan, guidance: 1 }));
    expect(bits(looped.x0)).toEqual(bits(await byHand()));
    const restarted = await byHand(6);
    expect(Math.max(...looped.x0.map((v, i) => Math.abs(v - restarted[i])))).toBeGreaterThan(1e-4);
  });
});
