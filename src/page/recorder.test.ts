import { describe, expect, it } from 'vitest';
import type { ImageShape, ModelRole } from '../core';
import type { StepMessage, Trajectory } from '../worker/protocol';
import { diffRgbaGrid, diffShape, meanAbsDiff, toRgbaGrid } from '../view/draw';
import { clockTracks, createRecorder, shownStep } from './recorder';

const one: ImageShape = { channels: 1, height: 1, width: 1 };

/** A step message as the worker posts it (protocol.ts). */
function step(
  trajectory: Trajectory,
  index: number,
  elapsedMs: number,
  role: ModelRole = 'large',
  over: Partial<StepMessage> = {},
): StepMessage {
  return {
    type: 'step',
    id: 1,
    trajectory,
    index,
    steps: 2,
    t: 0,
    role,
    elapsedMs,
    image: one,
    x: new Float32Array(1),
    x0: new Float32Array(1),
    ...over,
  };
}

describe('recorder on the shared clock', () => {
  it('gives each trajectory its step times and final time', () => {
    const r = createRecorder();
    r.reset({ stitched: 2, baseline: 2 }, 1);
    r.record('stitched', step('stitched', 0, 10, 'small'));
    r.record('stitched', step('stitched', 1, 110));
    r.record('baseline', step('baseline', 0, 100));
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
    r.record('stitched', step('stitched', 0, 10));
    r.record('stitched', step('stitched', 1, 110));
    r.record('baseline', step('baseline', 0, 100));
    r.record('baseline', step('baseline', 1, 200));
    expect(shownStep(r.current(), 'stitched', null, {})).toBe(1);
    expect(shownStep(r.current(), 'stitched', 50, {})).toBe(0);
    expect(shownStep(r.current(), 'baseline', 150, {})).toBe(0);
    // Final times twice the steps' sum (a retaken pair): the steps land at twice their times.
    expect(shownStep(r.current(), 'stitched', 150, { stitched: 220, baseline: 400 })).toBe(0);
    expect(shownStep(r.current(), 'stitched', 220, { stitched: 220, baseline: 400 })).toBe(1);
  });
});

/** Values in [-1.2, 1.2] (some clipped), and the exact half-way points between two bytes. */
function values(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = i % 7 === 0 ? (Math.floor(s % 255) + 0.5) / 127.5 - 1 : (s / 2 ** 31) * 2.4 - 1.2;
  }
  return out;
}

describe('recorder memory: the bytes drawn, not the floats', () => {
  const image: ImageShape = { channels: 3, height: 4, width: 5 };
  const n = 2;
  const size = n * 3 * 4 * 5;
  const message = (trajectory: Trajectory, index: number, steps: number, seed: number) =>
    step(trajectory, index, index, 'large', { steps, image, x: values(size, seed), x0: values(size, seed + 1) });

  it('keeps x and x0 as one byte a value, drawn as the same pixels as the floats', () => {
    const r = createRecorder();
    r.reset({ stitched: 1, baseline: 1 }, n);
    const m = message('stitched', 0, 1, 5);
    const [x, x0] = [m.x.slice(), m.x0.slice()];
    r.record('stitched', m);
    const frame = r.frameAt('stitched', 0)!;
    expect(frame).toMatchObject({ index: 0, image });
    expect(frame.x).toBeInstanceOf(Uint8Array);
    expect(frame.x0.byteLength).toBe(size);
    expect(toRgbaGrid(frame.x, n, image)).toEqual(toRgbaGrid(x, n, image));
    expect(toRgbaGrid(frame.x0, n, image)).toEqual(toRgbaGrid(x0, n, image));
  });

  it('compares the two predictions at every step once both are in, as diffRgbaGrid and meanAbsDiff on the floats', () => {
    const r = createRecorder();
    r.reset({ stitched: 3, baseline: 3 }, n);
    const sent = {
      stitched: [0, 1, 2].map((i) => message('stitched', i, 3, 10 + i)),
      baseline: [0, 1, 2].map((i) => message('baseline', i, 3, 20 + i)),
    };
    const x0 = { stitched: sent.stitched.map((m) => m.x0.slice()), baseline: sent.baseline.map((m) => m.x0.slice()) };
    // In turns, the other trajectory first at step 1 and last at step 2.
    r.record('stitched', sent.stitched[0]);
    expect(r.differenceAt(0)).toBeUndefined();
    r.record('baseline', sent.baseline[0]);
    r.record('baseline', sent.baseline[1]);
    r.record('stitched', sent.stitched[1]);
    r.record('stitched', sent.stitched[2]);
    r.record('baseline', sent.baseline[2]);
    for (const i of [0, 1, 2]) {
      const d = r.differenceAt(i)!;
      expect(d.image).toEqual(image);
      expect(d.mean).toBe(meanAbsDiff(x0.stitched[i], x0.baseline[i]));
      expect(toRgbaGrid(d.rgb, n, diffShape(image))).toEqual(diffRgbaGrid(x0.stitched[i], x0.baseline[i], n, image));
    }
  });

  it('pairs a comparison of fewer steps by the share of the way (stepAt), whichever comes first', () => {
    const r = createRecorder();
    r.reset({ stitched: 4, baseline: 2 }, n);
    const sent = {
      stitched: [0, 1, 2, 3].map((i) => message('stitched', i, 4, 30 + i)),
      baseline: [0, 1].map((i) => message('baseline', i, 2, 40 + i)),
    };
    const x0 = { stitched: sent.stitched.map((m) => m.x0.slice()), baseline: sent.baseline.map((m) => m.x0.slice()) };
    r.record('stitched', sent.stitched[0]);
    r.record('baseline', sent.baseline[0]);
    r.record('stitched', sent.stitched[1]);
    r.record('baseline', sent.baseline[1]); // waits for stitched steps 2 and 3
    r.record('stitched', sent.stitched[2]);
    r.record('stitched', sent.stitched[3]);
    const partner = [0, 0, 1, 1];
    for (const i of [0, 1, 2, 3]) {
      expect(r.differenceAt(i)!.mean).toBe(meanAbsDiff(x0.stitched[i], x0.baseline[partner[i]]));
      expect(r.frameAt('baseline', i)!.index).toBe(partner[i]);
    }
  });

  it('forgets what waits for a partner when the run is reset', () => {
    const r = createRecorder();
    r.reset({ stitched: 2, baseline: 2 }, n);
    r.record('stitched', message('stitched', 0, 2, 1));
    r.reset({ stitched: 2, baseline: 2 }, n);
    r.record('baseline', message('baseline', 0, 2, 2));
    expect(r.differenceAt(0)).toBeUndefined();
    expect(r.current()!.frames.stitched).toEqual([]);
  });
});
