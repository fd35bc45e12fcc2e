import { describe, expect, it } from 'vitest';
import type { ModelRole } from '../core';
import { clockTracks, createRecorder, shownStep } from './recorder';

const frame = (index: number, elapsedMs: number, role: ModelRole = 'large') => ({
  index,
  t: 0,
  role,
  elapsedMs,
  x: new Float32Array(1),
  x0: new Float32Array(1),
});

describe('recorder on the shared clock', () => {
  it('gives each trajectory its step times and final time', () => {
    const r = createRecorder();
    r.reset({ stitched: 2, baseline: 2 }, 1);
    r.record('stitched', frame(0, 10, 'small'));
    r.record('stitched', frame(1, 110));
    r.record('baseline', frame(0, 100));
    expect(clockTracks(r.current()!, { stitched: 220 })).toEqual({
      stitched: { times: [10, 110], steps: 2, finalMs: 220 },
      baseline: { times: [100], steps: 2, finalMs: undefined },
    });
  });

  it('shows the step done by the clock, or the latest without a clock', () => {
    const r = createRecorder();
    expect(shownStep(r.current(), 'stitched', 5, {})).toBeNull();
    r.reset({ stitched: 2, baseline: 2 }, 1);
    expect(shownStep(r.current(), 'stitched', null, {})).toBeNull();
    expect(shownStep(r.current(), 'stitched', 0, {})).toBe(-1);
    r.record('stitched', frame(0, 10));
    r.record('stitched', frame(1, 110));
    r.record('baseline', frame(0, 100));
    r.record('baseline', frame(1, 200));
    expect(shownStep(r.current(), 'stitched', null, {})).toBe(1);
    expect(shownStep(r.current(), 'stitched', 50, {})).toBe(0);
    expect(shownStep(r.current(), 'baseline', 150, {})).toBe(0);
    // Final times twice the steps' sum (a retaken pair): the steps land at twice their times.
    expect(shownStep(r.current(), 'stitched', 150, { stitched: 220, baseline: 400 })).toBe(0);
    expect(shownStep(r.current(), 'stitched', 220, { stitched: 220, baseline: 400 })).toBe(1);
  });
});
