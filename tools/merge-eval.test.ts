import { describe, expect, it } from 'vitest';
import type { Result, Row } from './lib/evalReport';
import { mergeResults } from './merge-eval';

const row = (fraction: number, sec: number): Row => ({
  fraction, smallSteps: 0, largeSteps: 0, fid: 1, classAccuracy: 0.9, secondsPerImage: sec,
  calls: { small: 0, large: 0 }, totalCalls: { small: 0, large: 0 }, modelSecondsPerImage: { small: 0, large: 0 },
  samplerOverheadShare: 0, speedup: null, flopLimitSpeedup: null,
});
const run = (rows: Row[], over: Record<string, unknown> = {}): Result => ({
  config: { command: 'x', runtime: 'r', samples: 1000, steps: 50, sampler: 'ddim', guidance: 2, seed: 0, batch: 50, ...over },
  reference: null,
  rows,
});

describe('mergeResults', () => {
  it('sorts rows and recomputes speed-up against r = 0', () => {
    const m = mergeResults([run([row(0.5, 1)]), run([row(0, 2), row(1, 0.5)])], 'cmd');
    expect(m.rows.map((r) => r.fraction)).toEqual([0, 0.5, 1]);
    expect(m.rows.map((r) => r.speedup)).toEqual([1, 2, 4]);
    expect(m.config.command).toBe('cmd');
  });
  it('refuses runs with different settings or repeated fractions', () => {
    expect(() => mergeResults([run([row(0, 1)]), run([row(1, 1)], { guidance: 3 })], 'c')).toThrow(/guidance/);
    expect(() => mergeResults([run([row(0, 1)]), run([row(0, 1)])], 'c')).toThrow(/twice/);
  });
});
