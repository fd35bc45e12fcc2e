// Every step of both trajectories of the run shown, kept in memory for the replay scrubber.
// Outside React and the store: canvases subscribe and draw directly (no re-render per step).
import type { ModelRole } from '../core';
import type { Trajectory } from '../worker/protocol';
import { clockTimes, frameAtClock, type ClockTrack, type ClockTracks } from '../view/sharedClock';

export interface StepFrame {
  index: number;
  /** The timestep this step denoised from. */
  t: number;
  role: ModelRole;
  /** This trajectory's model time up to and including this step, ms (the worker's `elapsedMs`). */
  elapsedMs: number;
  /** x_t after the step, [N, C, H, W]. */
  x: Float32Array;
  /** Predicted clean images at the step, [N, C, H, W]. */
  x0: Float32Array;
}

export interface Recording {
  /** Steps of each trajectory (a comparison may run fewer than the stitched one). */
  steps: Record<Trajectory, number>;
  batch: number;
  frames: Record<Trajectory, StepFrame[]>;
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

function trackOf(recording: Recording, t: Trajectory, timings: Partial<Record<Trajectory, number>>): ClockTrack {
  return { times: recording.frames[t].map((f) => f.elapsedMs), steps: recording.steps[t], finalMs: timings[t] };
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
  record(trajectory: Trajectory, frame: StepFrame): void;
  current(): Recording | null;
  /**
   * The frame shown at the page's step `index` (of the stitched trajectory's steps; see stepAt),
   * or the latest one recorded when index is null (live view).
   */
  frameAt(trajectory: Trajectory, index: number | null): StepFrame | undefined;
  subscribe(listener: Listener): () => void;
}

/** One per page (main.tsx), one per unit test. */
export function createRecorder(): Recorder {
  let recording: Recording | null = null;
  const listeners = new Set<Listener>();
  const notify = (trajectory: Trajectory | null) => listeners.forEach((l) => l(trajectory));
  return {
    reset(steps, batch) {
      recording = { steps, batch, frames: { stitched: [], baseline: [] } };
      notify(null);
    },
    clear() {
      recording = null;
      notify(null);
    },
    record(trajectory, frame) {
      if (!recording) return;
      recording.frames[trajectory][frame.index] = frame;
      notify(trajectory);
    },
    current: () => recording,
    frameAt(trajectory, index) {
      if (!recording) return undefined;
      const frames = recording.frames[trajectory];
      return index === null ? frames[frames.length - 1] : frames[stepAt(index, recording.steps.stitched, recording.steps[trajectory])];
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
