import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBench, type BenchConfig, type BenchModelSet } from './bench';
import type { Denoiser } from './sample';

const manifest: BenchModelSet = {
  image: { channels: 1, height: 2, width: 2 },
  classes: ['a', 'b'],
  nullClass: 2,
  schedule: { type: 'linear', T: 100, betaStart: 0.0001, betaEnd: 0.02 },
  denoisers: [
    { role: 'small', gflops: 1 },
    { role: 'large', gflops: 10 },
  ],
};

/** A virtual clock: each call costs `ms` (+ 1 ms per image over 2), nothing else takes time. */
function clocked(ms: number, clock: { now: number }, log: number[]): Denoiser {
  return async (x, _t, _y, n) => {
    log.push(n);
    clock.now += ms + (n - 2);
    return new Float32Array(x.length);
  };
}

afterEach(() => vi.restoreAllMocks());

describe('runBench', () => {
  it('reports speed-up, FLOP limit and efficiency from interleaved timed runs', async () => {
    const clock = { now: 0 };
    vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
    const calls: number[] = [];
    const denoisers = { small: clocked(2, clock, calls), large: clocked(10, clock, calls) };
    const cfg: BenchConfig = { fractions: [0, 0.4, 1], steps: 10, batch: 1, repeats: 3, sampler: 'ddim', eta: 0, guidance: 2, seed: 0 };
    const progress: string[] = [];
    // CPU time runs at half the wall clock: a neighbour holds the core half the time.
    const res = await runBench(
      manifest,
      denoisers,
      cfg,
      (m) => progress.push(m),
      () => clock.now / 2,
    );

    expect(calls.every((n) => n === 2)).toBe(true); // guidance doubles the batch of 1
    expect(res.imagesPerCall).toBe(2);
    expect(res.callMs).toEqual({ small: 2, large: 10 });
    expect(res.flopCostRatio).toBeCloseTo(0.1, 12);
    expect(res.samplerOverheadShare).toBe(0);
    const [r0, r4, r1] = res.rows;
    expect(r0).toMatchObject({
      fraction: 0,
      smallSteps: 0,
      largeSteps: 10,
      msPerImage: 100,
      largeMsPerImage: 100,
      speedup: 1,
      efficiency: 1,
    });
    // r = 0.4: 4 small steps (2 ms) and 6 large (10 ms) = 68 ms against 100.
    expect(r4.msPerImage).toBe(68);
    expect(r4.speedup).toBeCloseTo(100 / 68, 12);
    expect(r4.flopLimitSpeedup).toBeCloseTo(1 / (1 - 0.4 * 0.9), 12);
    expect(r4.callTimeLimitSpeedup).toBeCloseTo(100 / 68, 12);
    expect(r4.efficiency).toBeCloseTo(r4.speedup / r4.flopLimitSpeedup, 12);
    expect(r4.stitchedRuns).toHaveLength(3);
    expect(r4.largeRuns).toHaveLength(3);
    expect(r1.speedup).toBeCloseTo(5, 12);
    expect(r4.cpuMsPerImage).toBe(34);
    expect(r4.cpuSpeedup).toBeCloseTo(r4.speedup, 12);
    expect(r4.cpuEfficiency).toBeCloseTo(r4.efficiency, 12);
    expect(progress.some((m) => m.startsWith('r=0.4: 68.0 ms/image'))).toBe(true);
  });

  it('counts time outside model calls as sampler overhead, and rejects bad configs', async () => {
    const clock = { now: 0 };
    vi.spyOn(performance, 'now').mockImplementation(() => (clock.now += 0.5));
    const denoisers = { small: clocked(2, clock, []), large: clocked(10, clock, []) };
    const cfg: BenchConfig = { fractions: [0.5], steps: 4, batch: 2, repeats: 1, sampler: 'ddim', eta: 0, guidance: 1, seed: 1 };
    const res = await runBench(manifest, denoisers, cfg);
    expect(res.imagesPerCall).toBe(2);
    expect(res.rows[0].samplerOverheadShare).toBeGreaterThan(0);
    expect(res.rows[0].samplerOverheadShare).toBeLessThan(0.5);
    expect(res.rows[0]).toMatchObject({ cpuMsPerImage: null, cpuSpeedup: null, cpuEfficiency: null }); // no CPU clock (browser)
    await expect(runBench(manifest, denoisers, { ...cfg, repeats: 0 })).rejects.toThrow(/repeats must be a positive integer/);
    await expect(runBench(manifest, denoisers, { ...cfg, fractions: [2] })).rejects.toThrow(/fractions must be numbers in \[0, 1\]/);
  });
});
