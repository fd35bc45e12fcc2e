// Every step of both trajectories of the run shown, kept in memory for the replay scrubber.
// Outside React and the store: canvases subscribe and draw directly (no re-render per step).
import type { Role } from '../runtime/manifest';
import type { Trajectory } from '../runtime/protocol';

export interface StepFrame {
  index: number;
  /** The timestep this step denoised from. */
  t: number;
  role: Role;
  /** x_t after the step, [N, C, H, W]. */
  x: Float32Array;
  /** Predicted clean images at the step, [N, C, H, W]. */
  x0: Float32Array;
}

export interface Recording {
  steps: number;
  batch: number;
  frames: Record<Trajectory, StepFrame[]>;
}

type Listener = (trajectory: Trajectory | null) => void;

let recording: Recording | null = null;
const listeners = new Set<Listener>();

function notify(trajectory: Trajectory | null): void {
  listeners.forEach((l) => l(trajectory));
}

/** Forget the previous run (its frames are garbage once nothing draws them). */
export function resetRecording(steps: number, batch: number): void {
  recording = { steps, batch, frames: { stitched: [], large: [] } };
  notify(null);
}

export function recordFrame(trajectory: Trajectory, frame: StepFrame): void {
  if (!recording) return;
  recording.frames[trajectory][frame.index] = frame;
  notify(trajectory);
}

export function currentRecording(): Recording | null {
  return recording;
}

/** The frame at `index`, or the latest one recorded when index is null (live view). */
export function frameAt(trajectory: Trajectory, index: number | null): StepFrame | undefined {
  const frames = recording?.frames[trajectory];
  if (!frames) return undefined;
  return index === null ? frames[frames.length - 1] : frames[index];
}

/** Called with the trajectory that got a new frame, or null when the recording was reset. */
export function subscribeFrames(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
