// Latest pixels of each trajectory, outside React: canvases subscribe and draw directly.
import type { Trajectory } from '../runtime/protocol';

export interface Frame {
  index: number;
  steps: number;
  /** x_t after the step. */
  x: Float32Array;
  /** Predicted clean image at the step. */
  x0: Float32Array;
}

type Listener = (frame: Frame | null) => void;

const latest = new Map<Trajectory, Frame | null>();
const listeners = new Map<Trajectory, Set<Listener>>();

export function publishFrame(trajectory: Trajectory, frame: Frame | null): void {
  latest.set(trajectory, frame);
  listeners.get(trajectory)?.forEach((l) => l(frame));
}

export function latestFrame(trajectory: Trajectory): Frame | null {
  return latest.get(trajectory) ?? null;
}

export function subscribeFrames(trajectory: Trajectory, listener: Listener): () => void {
  let set = listeners.get(trajectory);
  if (!set) listeners.set(trajectory, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
