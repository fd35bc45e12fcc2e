// Every step of both trajectories of the run shown, kept in memory for the replay scrubber, as
// the bytes the canvases draw (view/draw.ts toBytes: a quarter of the worker's float32). What
// needs the floats, the difference of the two predictions at a step (the difference image and its
// mean), is computed once that step of both is in and kept as its drawn bytes and its mean; a
// float waits only for the other trajectory's step it is compared with.
// Outside React and the store: canvases subscribe and draw directly (no re-render per step).
import type { ImageShape } from '../core';
import type { StepMessage, Trajectory } from '../worker/protocol';
import { diffBytes, meanAbsDiff, toBytes } from '../view/draw';
import { clockTimes, frameAtClock, type ClockTrack, type ClockTracks } from '../view/sharedClock';

/**
 * A recorded step (the worker's StepMessage, its pixels as drawn): `x` (x_t after the step) and
 * `x0` (the predicted clean images) are [N, C, H, W] bytes of `image`'s shape, drawn by
 * toRgbaGrid as the floats were.
 */
export interface Frame extends Pick<StepMessage, 'index' | 't' | 'role' | 'elapsedMs' | 'image'> {
  x: Uint8Array;
  x0: Uint8Array;
}

/** The two trajectories' predicted images at one step of the page, compared (the difference image). */
export interface Difference {
  /** |stitched - other| as diffRgbaGrid draws it: [N, 3, H, W] bytes, drawn by toRgbaGrid at diffShape(image). */
  rgb: Uint8Array;
  /** The shape of the images compared. */
  image: ImageShape;
  /** The mean absolute difference of their values (draw.ts meanAbsDiff, on the floats). */
  mean: number;
}

export interface Recording {
  /** Steps of each trajectory (a comparison may run fewer than the stitched one). */
  steps: Record<Trajectory, number>;
  batch: number;
  frames: Record<Trajectory, Frame[]>;
  /** By the stitched trajectory's step: its x0 against the other's at the same share of the way (stepAt). */
  differences: Difference[];
}

/**
 * The step of a trajectory of `own` steps shown when the page shows step `index` of `page` steps
 * (0-based): the same step when they have as many, else the one at the same share of the way, so
 * both end together.
 */
export function stepAt(index: number, page: number, own: number): number {
  if (own === page) return index;
  return Math.min(own - 1, Math.max(0, Math.round(((index + 1) * own) / page) - 1));
}

/**
 * The shared clock's view of a recording (sharedClock.ts): each trajectory's step times, its
 * steps, and its final measured time once the run reported it (store.timings).
 */
export function clockTracks(recording: Recording, timings: Partial<Record<Trajectory, number>>): ClockTracks {
  return { stitched: trackOf(recording, 'stitched', timings), baseline: trackOf(recording, 'baseline', timings) };
}

/**
 * The last track made of each trajectory's frames. The replay, the clock's driver and every canvas
 * ask for it at each change of the store or the recorder (each animation frame of the clock): the
 * same object while nothing changed, so its clock times (sharedClock.ts clockTimes) are worked out
 * once, not per caller and per frame.
 */
const tracks = new WeakMap<object, { length: number; finalMs: number | undefined; steps: number; track: ClockTrack }>();

function trackOf(recording: Recording, t: Trajectory, timings: Partial<Record<Trajectory, number>>): ClockTrack {
  const frames = recording.frames[t];
  const kept = tracks.get(frames);
  if (kept && kept.length === frames.length && kept.finalMs === timings[t] && kept.steps === recording.steps[t]) return kept.track;
  const track = { times: frames.map((f) => f.elapsedMs), steps: recording.steps[t], finalMs: timings[t] };
  tracks.set(frames, { length: frames.length, finalMs: timings[t], steps: recording.steps[t], track });
  return track;
}

/**
 * The step a trajectory shows (0-based): the last one done by `clockMs` on the shared clock (-1
 * before its first is done), or its latest recorded one when there is no clock (null). Null
 * when nothing of it is recorded and there is no clock.
 */
export function shownStep(
  recording: Recording | null,
  trajectory: Trajectory,
  clockMs: number | null,
  timings: Partial<Record<Trajectory, number>>,
): number | null {
  if (!recording) return null;
  const frames = recording.frames[trajectory];
  if (clockMs === null) return frames.length > 0 ? frames.length - 1 : null;
  return frameAtClock(clockTimes(trackOf(recording, trajectory, timings)), clockMs);
}

/** Called with the trajectory that got a new frame, or null when the recording was reset. */
type Listener = (trajectory: Trajectory | null) => void;

export interface Recorder {
  /** Forget the previous run (its frames are garbage once nothing draws them). */
  reset(steps: Record<Trajectory, number>, batch: number): void;
  /** No run at all (another model set: its frames would not fit the new set's images). */
  clear(): void;
  /** Keeps a step of the run as it is drawn (the message's floats are not kept). */
  record(trajectory: Trajectory, step: StepMessage): void;
  current(): Recording | null;
  /**
   * The frame shown at the page's step `index` (of the stitched trajectory's steps; see stepAt),
   * or the latest one recorded when index is null (live view).
   */
  frameAt(trajectory: Trajectory, index: number | null): Frame | undefined;
  /** The difference of the two trajectories' predictions at the page's step `index`, once both are recorded. */
  differenceAt(index: number): Difference | undefined;
  subscribe(listener: Listener): () => void;
}

/** One per page (main.tsx), one per unit test. */
export function createRecorder(): Recorder {
  let recording: Recording | null = null;
  /** x0 floats waiting for the other trajectory's step they are compared with, by step. */
  let waiting: Record<Trajectory, Map<number, Float32Array>> = { stitched: new Map(), baseline: new Map() };
  const listeners = new Set<Listener>();
  const notify = (trajectory: Trajectory | null) => listeners.forEach((l) => l(trajectory));
  const start = (next: Recording | null) => {
    recording = next;
    waiting = { stitched: new Map(), baseline: new Map() };
    notify(null);
  };
  return {
    reset(steps, batch) {
      start({ steps, batch, frames: { stitched: [], baseline: [] }, differences: [] });
    },
    clear() {
      start(null);
    },
    record(trajectory, step) {
      if (!recording) return;
      const { index, t, role, elapsedMs, image } = step;
      recording.frames[trajectory][index] = { index, t, role, elapsedMs, image, x: toBytes(step.x), x0: toBytes(step.x0) };
      compareStep(recording, waiting, trajectory, index, step.x0);
      notify(trajectory);
    },
    current: () => recording,
    frameAt(trajectory, index) {
      if (!recording) return undefined;
      const frames = recording.frames[trajectory];
      return index === null ? frames[frames.length - 1] : frames[stepAt(index, recording.steps.stitched, recording.steps[trajectory])];
    },
    differenceAt: (index) => recording?.differences[index],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The differences a step just recorded completes: stitched step i is compared with the other's
 * step stepAt(i) (as the page shows them side by side). A float waits in `waiting` until its
 * partner comes; the other's step waits for every stitched step it is the partner of.
 */
function compareStep(
  recording: Recording,
  waiting: Record<Trajectory, Map<number, Float32Array>>,
  trajectory: Trajectory,
  index: number,
  x0: Float32Array,
): void {
  const { stitched: steps, baseline: own } = recording.steps;
  const partners = (j: number) => Array.from({ length: steps }, (_, i) => i).filter((i) => stepAt(i, steps, own) === j);
  const compare = (i: number, a: Float32Array, b: Float32Array) => {
    const image = recording.frames.stitched[i].image;
    const n = recording.batch;
    if (a.length !== b.length || a.length !== n * image.channels * image.height * image.width) return;
    recording.differences[i] = { rgb: diffBytes(a, b, n, image), image, mean: meanAbsDiff(a, b) };
  };
  if (trajectory === 'stitched') {
    const j = stepAt(index, steps, own);
    const other = waiting.baseline.get(j);
    if (!other) return void waiting.stitched.set(index, x0);
    compare(index, x0, other);
    if (partners(j).every((i) => recording.frames.stitched[i])) waiting.baseline.delete(j);
    return;
  }
  const mine = partners(index);
  for (const i of mine) {
    const a = waiting.stitched.get(i);
    if (!a) continue;
    compare(i, a, x0);
    waiting.stitched.delete(i);
  }
  if (mine.some((i) => !recording.frames.stitched[i])) waiting.baseline.set(index, x0);
}
