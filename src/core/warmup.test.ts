import { describe, expect, it } from 'vitest';
import { STEADY, isSteady, median, warmUntilSteady } from './warmup';

/** A call that moves a virtual clock by the next of `costs` (the last one repeats). */
function fakeCalls(costs: number[]) {
  const clock = { t: 0, calls: 0 };
  const call = async () => {
    clock.t += costs[Math.min(clock.calls++, costs.length - 1)];
  };
  return { clock, call, now: () => clock.t };
}

describe('call times that settle', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('needs minCalls calls, the last window within the band of their median, and that median near the fastest', () => {
    const wasm = STEADY.wasm;
    expect(isSteady([270, 270, 270], wasm)).toBe(false); // fewer than minCalls
    expect(isSteady([2200, 2100, 700, 270], wasm)).toBe(false); // still falling
    expect(isSteady([2200, 2100, 700, 270, 270, 270], wasm)).toBe(true);
    expect(isSteady([270, 600, 600, 600], wasm)).toBe(false); // a plateau above a call already seen
    expect(isSteady([300, 270, 300, 310], wasm)).toBe(true); // within 15%
    expect(isSteady([300, 250, 300, 360], wasm)).toBe(false); // 360 is 20% above the median 300
  });

  it('on wasm, the measured tier-up (2.1, 2.2, 2.1, 0.7, then 0.27 s) warms up to the fast calls, not the plateau', async () => {
    const { call, now, clock } = fakeCalls([2100, 2200, 2100, 700, 270]);
    const { first, all } = warmUntilSteady(call, now, STEADY.wasm);
    await first;
    expect(clock.calls).toBe(1); // the load waits for this one only
    const r = await all;
    expect(r).toMatchObject({ firstMs: 2100, steady: true, steadyMs: 270 });
    expect(r.times).toEqual([2200, 2100, 700, 270, 270, 270]);
  });

  it('on WebGPU, a shader compile then two calls that agree', async () => {
    const { call, now } = fakeCalls([900, 40, 41]);
    expect(await warmUntilSteady(call, now, STEADY.webgpu).all).toMatchObject({ times: [40, 41], steady: true, steadyMs: 40.5 });
  });

  it('stops unsettled at the call cap and at the time budget, and says so', async () => {
    const zigzag = fakeCalls([10, 10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 10, 30, 10]);
    const capped = await warmUntilSteady(zigzag.call, zigzag.now, { ...STEADY.wasm, budgetMs: Infinity }).all;
    expect(capped.steady).toBe(false);
    expect(capped.times).toHaveLength(STEADY.wasm.maxCalls);
    const slow = fakeCalls([5000, 9000, 6000]);
    const budget = await warmUntilSteady(slow.call, slow.now, STEADY.wasm).all;
    expect(budget.steady).toBe(false);
    expect(budget.times.length).toBeLessThan(STEADY.wasm.minCalls); // 20 s spent after three calls
  });

  it("its timed calls wait for another model's warm-up (they share one engine queue)", async () => {
    const order: string[] = [];
    let release!: () => void;
    const other = new Promise<void>((r) => (release = r));
    const { now } = fakeCalls([1]);
    const { first, all } = warmUntilSteady(async () => void order.push('call'), now, STEADY.webgpu, other);
    await first;
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['call']);
    release();
    await all;
    expect(order.length).toBeGreaterThan(1);
  });
});
