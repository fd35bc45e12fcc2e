/**
 * Wall time of the stitched sampling loop against the large-only loop, per fraction r
 * (T-Stitch, Pan et al. 2024, Table/Fig. "speed-up vs FLOP limit"). Pure TypeScript on the
 * core's sample(): the same code runs in Node (tools/research/bench.ts) and in the browser
 * (bench.html).
 */
import { fractionToSteps, idealSpeedup, stitchingPlan, type ModelRole } from './plan';
import type { Denoisers } from './sample';
import type { SamplerName } from './samplers';
import { sampleTrajectory, type ModelSetSpec } from './stitch';

/** What the benchmark reads of a model set (the manifest has these fields). */
export interface BenchModelSet extends ModelSetSpec {
  classes: readonly string[];
  /** gflops: cost of one forward pass per image, for the FLOP limit. */
  denoisers: readonly { role: ModelRole; gflops?: number }[];
}

export interface BenchConfig {
  fractions: number[];
  steps: number;
  /** Images per trajectory (the page generates 1). */
  batch: number;
  /** Timed (stitched, large-only) pairs per fraction, interleaved A B B A A B ... */
  repeats: number;
  sampler: SamplerName;
  eta: number;
  guidance: number;
  seed: number;
}

export interface BenchRow {
  fraction: number;
  smallSteps: number;
  largeSteps: number;
  /** Median wall time per image of the stitched loop. */
  msPerImage: number;
  /** Median wall time per image of the large-only loop, run interleaved with this row's stitched runs. */
  largeMsPerImage: number;
  /** Median over repeats of largeRuns[k] / stitchedRuns[k]: each pair ran back to back, so load drift cancels. */
  speedup: number;
  /** 1 / (1 - r (1 - c_small / c_large)) with the manifest's GFLOPs and r = smallSteps / steps. */
  flopLimitSpeedup: number;
  /** speedup / flopLimitSpeedup. */
  efficiency: number;
  /** The same limit from the measured per-call model times (callMs) instead of FLOPs: what the loop would reach with no overhead. */
  callTimeLimitSpeedup: number | null;
  /**
   * The same from process CPU time (Node only; null in the browser). On a machine shared with
   * other work, CPU time does not count the time this process waited for a core, so it is the
   * steadier measure of the work each loop does; wall time is what a user waits.
   */
  cpuMsPerImage: number | null;
  cpuSpeedup: number | null;
  cpuEfficiency: number | null;
  /** Median share of the stitched loop's time spent outside model calls. */
  samplerOverheadShare: number;
  /** Every timed run, ms per image, in the order they ran. */
  stitchedRuns: number[];
  largeRuns: number[];
}

export interface BenchResult {
  rows: BenchRow[];
  /** Mean ms of one denoiser call inside the timed loops (2 x batch images with guidance). */
  callMs: Record<'small' | 'large', number>;
  /** Images per call: batch, doubled with classifier-free guidance. */
  imagesPerCall: number;
  /** c_small / c_large from the manifest's GFLOPs, and the same ratio from callMs (NaN when a model never ran). */
  flopCostRatio: number;
  callTimeCostRatio: number;
  /** Time outside model calls as a share of all timed loops (stitched and large-only). */
  samplerOverheadShare: number;
}

export type BenchProgress = (message: string) => void;

/**
 * The fixed short benchmark the page's "Measure this device" runs (bench.html with
 * ?fractions=0,0.4&steps=10&repeats=3 runs the same): T-Stitch at r = 0.4 against large-only, and
 * r = 0 (the same computation twice: the noise of the measurement), DDIM 10 steps, one image,
 * guidance 2, three interleaved pairs each. Short, so that a slow device (a software GPU runs a
 * call in about half a second) answers in a minute or two.
 */
export const DEVICE_BENCH: BenchConfig = {
  fractions: [0, 0.4],
  steps: 10,
  batch: 1,
  repeats: 3,
  sampler: 'ddim',
  eta: 0,
  guidance: 2,
  seed: 0,
};

/** At least two untimed runs, and more until this much time has passed. */
export const WARM_UP_MS = 3000;

/** Milliseconds of CPU time this process has used (e.g. from process.cpuUsage()). */
export type CpuClock = () => number;

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

function gflops(manifest: BenchModelSet, role: ModelRole): number {
  const g = manifest.denoisers.find((d) => d.role === role)?.gflops;
  if (!(typeof g === 'number' && g > 0))
    throw new Error(`The manifest's ${role} denoiser has no gflops; the FLOP limit needs both models' costs`);
  return g;
}

export function checkBenchConfig(c: BenchConfig): void {
  for (const [name, v] of [
    ['steps', c.steps],
    ['batch', c.batch],
    ['repeats', c.repeats],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  }
  if (c.fractions.length === 0 || c.fractions.some((r) => !(r >= 0 && r <= 1))) {
    throw new Error(`fractions must be numbers in [0, 1], got ${c.fractions.join(', ')}`);
  }
}

/** Runs the benchmark; denoisers are the core's callbacks (onnxruntime sessions in practice). */
export async function runBench(
  manifest: BenchModelSet,
  denoisers: Denoisers,
  cfg: BenchConfig,
  progress: BenchProgress = () => {},
  cpuClock?: CpuClock,
  signal?: AbortSignal,
): Promise<BenchResult> {
  checkBenchConfig(cfg);
  const classes = Int32Array.from({ length: cfg.batch }, (_, k) => k % manifest.classes.length);
  const flopCostRatio = gflops(manifest, 'small') / gflops(manifest, 'large');

  /** One timed trajectory: ms per image and the share outside model calls. */
  const run = async (small: number) => {
    const cpuStart = cpuClock?.() ?? 0;
    const start = performance.now();
    const plan = stitchingPlan(cfg.steps, small);
    const out = await sampleTrajectory(manifest, { ...cfg, plan, classes }, denoisers, { signal });
    const ms = performance.now() - start;
    const cpuMs = cpuClock ? cpuClock() - cpuStart : NaN;
    for (const role of ['small', 'large'] as const) {
      roleMs[role] += out.modelMs[role];
      roleCalls[role] += out.calls[role];
    }
    return { msPerImage: ms / cfg.batch, cpuMsPerImage: cpuMs / cfg.batch, ms, modelMs: out.modelMs.small + out.modelMs.large };
  };
  const roleMs = { small: 0, large: 0 };
  const roleCalls = { small: 0, large: 0 };

  // Warm-up, untimed: first calls allocate buffers, compile shaders (WebGPU), and let V8 tier the
  // wasm kernels up from its baseline compiler, which takes a few seconds of running.
  progress('warming up');
  const warmStart = performance.now();
  for (let i = 0; i < 2 || (performance.now() - warmStart < WARM_UP_MS && i < 50); i++) await run(fractionToSteps(cfg.steps, 0.5));
  roleMs.small = roleMs.large = roleCalls.small = roleCalls.large = 0;
  const n = cfg.batch * (cfg.guidance !== 1 ? 2 : 1);

  let totalMs = 0;
  let totalModelMs = 0;
  const rows: BenchRow[] = [];
  for (const fraction of cfg.fractions) {
    const k = fractionToSteps(cfg.steps, fraction);
    const stitched: number[] = [],
      large: number[] = [],
      overhead: number[] = [],
      ratios: number[] = [];
    const cpuStitched: number[] = [],
      cpuLarge: number[] = [],
      cpuRatios: number[] = [];
    for (let rep = 0; rep < cfg.repeats; rep++) {
      // A B, then B A: neither loop always runs first (caches, clocks, a neighbour's load).
      const order = rep % 2 === 0 ? ['stitched', 'baseline'] : ['large', 'stitched'];
      for (const which of order) {
        const r = await run(which === 'stitched' ? k : 0);
        totalMs += r.ms;
        totalModelMs += r.modelMs;
        if (which === 'stitched') {
          stitched.push(r.msPerImage);
          cpuStitched.push(r.cpuMsPerImage);
          overhead.push(1 - r.modelMs / r.ms);
        } else {
          large.push(r.msPerImage);
          cpuLarge.push(r.cpuMsPerImage);
        }
      }
      ratios.push(large[rep] / stitched[rep]);
      cpuRatios.push(cpuLarge[rep] / cpuStitched[rep]);
    }
    const msPerImage = median(stitched);
    const largeMsPerImage = median(large);
    const speedup = median(ratios);
    const flopLimitSpeedup = idealSpeedup(k / cfg.steps, flopCostRatio, 1);
    const cpuSpeedup = cpuClock ? median(cpuRatios) : null;
    const row: BenchRow = {
      fraction,
      smallSteps: k,
      largeSteps: cfg.steps - k,
      msPerImage,
      largeMsPerImage,
      speedup,
      flopLimitSpeedup,
      efficiency: speedup / flopLimitSpeedup,
      callTimeLimitSpeedup: null, // filled in below, from all loops' call times
      cpuMsPerImage: cpuClock ? median(cpuStitched) : null,
      cpuSpeedup,
      cpuEfficiency: cpuSpeedup === null ? null : cpuSpeedup / flopLimitSpeedup,
      samplerOverheadShare: median(overhead),
      stitchedRuns: stitched,
      largeRuns: large,
    };
    rows.push(row);
    progress(
      `r=${fraction}: ${msPerImage.toFixed(1)} ms/image vs ${largeMsPerImage.toFixed(1)} large-only: speed-up ${speedup.toFixed(3)}, ` +
        `FLOP limit ${flopLimitSpeedup.toFixed(3)}, efficiency ${row.efficiency.toFixed(3)}` +
        (cpuSpeedup === null ? '' : ` (CPU time: speed-up ${cpuSpeedup.toFixed(3)}, efficiency ${row.cpuEfficiency!.toFixed(3)})`) +
        `, overhead ${(100 * row.samplerOverheadShare).toFixed(2)}%`,
    );
  }
  const callMs = {
    small: roleCalls.small ? roleMs.small / roleCalls.small : NaN,
    large: roleCalls.large ? roleMs.large / roleCalls.large : NaN,
  };
  const callTimeCostRatio = callMs.small / callMs.large;
  if (callTimeCostRatio > 0) {
    for (const row of rows) row.callTimeLimitSpeedup = idealSpeedup(row.smallSteps / cfg.steps, callTimeCostRatio, 1);
  }
  progress(
    `one call on ${n} images inside the loops: small ${callMs.small.toFixed(2)} ms, large ${callMs.large.toFixed(2)} ms ` +
      `(time ratio ${callTimeCostRatio.toFixed(3)}, FLOP ratio ${flopCostRatio.toFixed(3)})`,
  );
  return { rows, callMs, imagesPerCall: n, flopCostRatio, callTimeCostRatio, samplerOverheadShare: 1 - totalModelMs / totalMs };
}
