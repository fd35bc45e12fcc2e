import { afterEach, describe, expect, it, vi } from 'vitest';
import ref from './__fixtures__/core_reference.json';
import { fakeDenoisers, referenceBatch, type FakeCall } from './__fixtures__/fakes';
import { createNoise } from './noise';
import { fractionToSteps, planCounts, stitchingPlan, type ModelRole } from './plan';
import { isAbortError, sample, type SampleOptions, type StepInfo } from './sample';
import type { SamplerName } from './samplers';
import { alphaBars, samplingTimesteps, type ScheduleSpec } from './schedule';

const S = ref.sampling;
const alphaBar = {
  linear: alphaBars(ref.schedules.linear.spec as ScheduleSpec),
  cosine: alphaBars(ref.schedules.cosine.spec as ScheduleSpec),
};
const T = alphaBar.linear.length;
/** The plan for a share r of the steps on the small model, as the reference states it. */
const planAt = (steps: number, fraction: number) => stitchingPlan(steps, fractionToSteps(steps, fraction));
afterEach(() => vi.restoreAllMocks());

/** Options for the reference setup (batch 2, 1x4x4, 10 steps), overridable per test. */
function options(overrides: Partial<SampleOptions> = {}, log: FakeCall[] = []): SampleOptions {
  return {
    alphaBar: alphaBar.linear,
    sampler: 'ddim',
    eta: 0,
    steps: S.steps,
    plan: planAt(S.steps, 0.3),
    guidance: 3,
    ...referenceBatch(S, T, log),
    ...overrides,
  };
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

describe('sample matches the NumPy reference', () => {
  for (const run of S.runs) {
    const clip = run.clipDenoised ?? true;
    const name = `${run.schedule} ${run.sampler}${run.eta ? ` eta=${run.eta}` : ''} w=${run.guidance} r=${run.fraction}${clip ? '' : ' unclipped'}`;
    it(name, async () => {
      const log: FakeCall[] = [];
      const plan = planAt(S.steps, run.fraction);
      expect(plan).toEqual(run.plan);
      const steps: StepInfo[] = [];
      const result = await sample(
        options(
          {
            alphaBar: alphaBar[run.schedule as 'linear' | 'cosine'],
            sampler: run.sampler as SamplerName,
            eta: run.eta ?? undefined,
            guidance: run.guidance,
            plan,
            clipDenoised: clip,
            onStep: (info) => void steps.push(info),
          },
          log,
        ),
      );
      // float32 images against a float64 reference: 1e-5 relative to the value's size
      result.x0.forEach((v, i) => expect(Math.abs(v - run.x0[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(run.x0[i]))));
      expect(log.map((c) => c.role)).toEqual(run.plan);
      expect(log.map((c) => c.n)).toEqual(run.batchPerCall);
      expect(result.calls).toEqual(planCounts(plan));
      if (run.trajectory) {
        steps.forEach((s, i) => {
          expect(maxDiff(s.x, run.trajectory.x[i])).toBeLessThan(1e-5);
          expect(maxDiff(s.x0, run.trajectory.x0[i])).toBeLessThan(1e-5);
        });
      }
    });
  }
});

describe('sample', () => {
  it('with fraction 0 is exactly the large-only run, and with fraction 1 the small-only run', async () => {
    for (const sampler of ['ddim', 'ddpm'] as const) {
      const fakes = fakeDenoisers(T);
      const stitched0 = await sample(options({ sampler, plan: planAt(S.steps, 0) }));
      const largeOnly = await sample(options({ sampler, plan: Array(S.steps).fill('small'), denoisers: { small: fakes.large } }));
      expect(bits(stitched0.x0)).toEqual(bits(largeOnly.x0));

      const stitched1 = await sample(options({ sampler, plan: planAt(S.steps, 1) }));
      const smallOnly = await sample(options({ sampler, plan: Array(S.steps).fill('large'), denoisers: { large: fakes.small } }));
      expect(bits(stitched1.x0)).toEqual(bits(smallOnly.x0));
    }
  });

  it('follows the small-only trajectory exactly until the switch (same noise)', async () => {
    const record = (fraction: number) => {
      const xs: Float32Array[] = [];
      return sample(options({ sampler: 'ddpm', plan: planAt(S.steps, fraction), onStep: (s) => void xs.push(s.x) })).then(() => xs);
    };
    const [stitched, small, large] = await Promise.all([record(0.3), record(1), record(0)]);
    for (let i = 0; i < 3; i++) expect(bits(stitched[i])).toEqual(bits(small[i]));
    expect(maxDiff(stitched[3], small[3])).toBeGreaterThan(0);
    expect(maxDiff(stitched[0], large[0])).toBeGreaterThan(0);
  });

  it('reproduces with the same seed and differs with another', async () => {
    for (const sampler of ['ddim', 'ddpm'] as const) {
      const a = await sample(options({ sampler, seed: 1 }));
      const b = await sample(options({ sampler, seed: 1 }));
      const c = await sample(options({ sampler, seed: 2 }));
      expect(bits(a.x0)).toEqual(bits(b.x0));
      expect(maxDiff(a.x0, c.x0)).toBeGreaterThan(1e-3);
    }
  });

  it('accepts a noise source instead of a seed', async () => {
    const a = await sample(options({ sampler: 'ddpm' }));
    const b = await sample(options({ sampler: 'ddpm', seed: undefined, noise: createNoise(S.seed) }));
    expect(bits(a.x0)).toEqual(bits(b.x0));
  });

  it('reports every step in order with its role and timestep', async () => {
    const plan = planAt(S.steps, 0.3);
    const seen: StepInfo[] = [];
    const result = await sample(
      options({
        plan,
        onStep: async (info) => {
          await new Promise((r) => setTimeout(r, 1)); // the loop waits for async callbacks
          seen.push(info);
        },
      }),
    );
    expect(seen.map((s) => s.index)).toEqual([...Array(S.steps).keys()]);
    expect(seen.map((s) => s.role)).toEqual(plan);
    expect(seen.map((s) => s.t)).toEqual(samplingTimesteps(T, S.steps));
    expect(seen.every((s) => s.steps === S.steps && s.x.length === 32 && s.x0.length === 32)).toBe(true);
    expect(bits(seen[S.steps - 1].x)).toEqual(bits(result.x0));
  });

  it('calls each denoiser once per step, with n = batch at guidance 1 and 2 * batch otherwise', async () => {
    for (const guidance of [1, 0, 4]) {
      const log: FakeCall[] = [];
      const plan = planAt(S.steps, 0.4);
      const result = await sample(options({ guidance, plan }, log));
      const batch = S.classes.length;
      expect(log.every((c) => c.n === (guidance === 1 ? batch : 2 * batch))).toBe(true);
      expect(log[0].y).toEqual(guidance === 1 ? S.classes : [...S.classes, S.nullClass, S.nullClass]);
      expect(result.calls).toEqual({ small: 4, medium: 0, large: 6 });
    }
  });

  it('times each role by its own denoiser calls', async () => {
    // A virtual clock: a small call takes 2 ms, a large one 7 ms, the step maths nothing.
    const clock = { now: 0 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const fakes = fakeDenoisers(T);
    const costly = (ms: number, d: typeof fakes.small) => async (x: Float32Array, t: number, y: Int32Array, n: number) => {
      clock.now += ms;
      return d(x, t, y, n);
    };
    const result = await sample(
      options({ plan: planAt(S.steps, 0.4), denoisers: { small: costly(2, fakes.small), large: costly(7, fakes.large) } }),
    );
    expect(result.modelMs).toEqual({ small: 4 * 2, medium: 0, large: 6 * 7 });
  });

  it('stops calling the denoiser and rejects with AbortError when aborted', async () => {
    const controller = new AbortController();
    const log: FakeCall[] = [];
    const fakes = fakeDenoisers(T, log);
    const abortAtThirdCall = async (x: Float32Array, t: number, y: Int32Array, n: number) => {
      if (log.length === 2) controller.abort();
      return fakes.small(x, t, y, n);
    };
    const run = sample(options({ signal: controller.signal, plan: planAt(S.steps, 1), denoisers: { small: abortAtThirdCall } }));
    await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'Sampling cancelled' });
    await run.catch((e) => expect(isAbortError(e)).toBe(true));
    expect(log.length).toBe(3);

    const before = new AbortController();
    before.abort();
    const none: FakeCall[] = [];
    await expect(sample(options({ signal: before.signal }, none))).rejects.toMatchObject({ name: 'AbortError' });
    expect(none.length).toBe(0);
  });

  it('rejects invalid options with clear errors', async () => {
    const bad = (o: Partial<SampleOptions>) => sample(options(o));
    await expect(bad({ plan: planAt(9, 0.3) })).rejects.toThrow('plan has 9 entries but steps is 10');
    await expect(bad({ steps: 0, plan: [] })).rejects.toThrow(/steps must be an integer between 1 and T=1000/);
    await expect(bad({ plan: [...planAt(9, 0), 'huge' as ModelRole] })).rejects.toThrow(
      `plan[9] is "huge"; use 'small', 'medium', 'large'`,
    );
    const { small, large } = fakeDenoisers(T);
    await expect(bad({ plan: [...planAt(9, 0), 'medium'], denoisers: { small, large } })).rejects.toThrow(
      'plan runs the medium model at step 9 but no medium denoiser was given',
    );
    await expect(bad({ plan: planAt(10, 0.3), denoisers: { large: fakeDenoisers(T).large } })).rejects.toThrow(
      'plan runs the small model at step 0 but no small denoiser was given',
    );
    await expect(bad({ seed: undefined })).rejects.toThrow('give exactly one of seed or noise');
    await expect(bad({ noise: createNoise(1) })).rejects.toThrow('give exactly one of seed or noise');
    await expect(bad({ shape: { channels: 1, height: 0, width: 4 } })).rejects.toThrow('shape.height must be a positive integer, got 0');
    await expect(bad({ classes: [1, 2] as unknown as Int32Array })).rejects.toThrow(/classes must be a non-empty Int32Array/);
    await expect(bad({ alphaBar: new Float64Array(0) })).rejects.toThrow(/alphaBar must be a non-empty Float64Array/);
    await expect(bad({ guidance: NaN })).rejects.toThrow('guidance must be a finite number, got NaN');
    await expect(bad({ sampler: 'ddim', eta: 2 })).rejects.toThrow('DDIM eta must be in [0, 1], got 2');
    const wrongSize = async () => new Float32Array(5);
    await expect(bad({ denoisers: { small: wrongSize, large: wrongSize } })).rejects.toThrow(
      'denoiser returned 5 values, expected 64 (conditional + unconditional halves)',
    );
  });
});
