// Warm-up until call times settle, and timing that is immune to what is left of it. A browser's
// wasm engine optimises its code during the first calls at a new batch size (measured with the
// shipped pair at n = 8: 2.1, 2.2, 2.1, 0.7, then 0.27 s per large-model call), and a WebGPU
// backend compiles shaders for each new shape. A trajectory timed while that is going on pays for
// it; the stitched one reaches the large model late and pays less, so a speed-up above the FLOP
// ideal could be shown. These rules keep the one-off costs out of the comparison.

/** When a model's call times count as settled, and how much warm-up that may cost at most. */
export interface SteadyRule {
  /**
   * Never fewer calls after the first (the first is a one-off: it compiles, and it may have waited
   * for another model's first call): the engine can sit on a plateau before it tiers up (the 2.1,
   * 2.2, 2.1 above).
   */
  minCalls: number;
  /** The last `window` calls must lie within `band` of their median... */
  window: number;
  /** ...and that median within `band` of the fastest call seen, so a plateau above it does not count. */
  band: number;
  /** A cap on the calls and on the time per model and batch size; the warm-up then stops unsettled. */
  maxCalls: number;
  budgetMs: number;
}

export const STEADY: Record<'webgpu' | 'wasm', SteadyRule> = {
  // The first call compiles the shaders; two more that agree.
  webgpu: { minCalls: 2, window: 2, band: 0.2, maxCalls: 8, budgetMs: 20_000 },
  // Four calls after the first at least (the plateau above is three long), settled over three.
  wasm: { minCalls: 4, window: 3, band: 0.15, maxCalls: 16, budgetMs: 20_000 },
};

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** True when the call times `times` (in order, the first call's left out) have settled by `rule`. */
export function isSteady(times: readonly number[], rule: SteadyRule): boolean {
  if (times.length < Math.max(rule.minCalls, rule.window)) return false;
  const last = times.slice(-rule.window);
  const m = median(last);
  const fastest = Math.min(...times);
  return last.every((t) => Math.abs(t - m) <= rule.band * m) && m <= (1 + rule.band) * fastest;
}

export interface WarmUpResult {
  /** Each call's milliseconds after the first, in order. */
  times: number[];
  /** The first call's (shader compile, first tier, queue wait). */
  firstMs: number;
  /** False when the cap stopped it first. */
  steady: boolean;
  /** The settled call time: the median of the last window (what a steady call costs here). */
  steadyMs: number;
}

/**
 * Calls `call` until its times settle by `rule` (or the cap). `first` settles after the first
 * call. The calls after the first wait for `after` (another model's warm-up): models that share
 * one engine queue their calls, and a call timed while another model's waits in the queue would
 * be charged for both.
 */
export function warmUntilSteady(
  call: () => Promise<unknown>,
  now: () => number,
  rule: SteadyRule,
  after: Promise<unknown> = Promise.resolve(),
): { first: Promise<void>; all: Promise<WarmUpResult> } {
  const times: number[] = [];
  const t0 = now();
  let firstMs = 0;
  const first = call().then(() => void (firstMs = now() - t0));
  const all = first.then(async () => {
    await after.catch(() => undefined);
    const start = now();
    while (!isSteady(times, rule) && times.length < rule.maxCalls && now() - start < rule.budgetMs) {
      const t = now();
      await call();
      times.push(now() - t);
    }
    return { times, firstMs, steady: isSteady(times, rule), steadyMs: times.length ? median(times.slice(-rule.window)) : firstMs };
  });
  return { first, all };
}

/**
 * A call slower than this many times the settled call time of its model is timed again with the
 * same inputs, and the faster time counts: a late optimisation or a shader compile is not the
 * model's cost. At most `maxShare` of a trajectory's calls are timed again (a machine that is
 * simply slower now should not double the run), and the run says how many were.
 */
export const RETIME = { factor: 1.5, maxShare: 0.2 } as const;
