// What the panels say about the step shown (pure): where one model hands over to the next, and
// captions that are true at that step (x_t is noisy until the last step, which leaves the final image).
import type { ModelRole, PlanOrder } from '../core';

export interface HandOff {
  /** The first step (0-based) of the model taking over. */
  index: number;
  from: ModelRole;
  to: ModelRole;
}

/** Every step where the model changes, in order. */
export function handOffs(roles: readonly ModelRole[]): HandOff[] {
  const out: HandOff[] = [];
  for (let i = 1; i < roles.length; i++) if (roles[i] !== roles[i - 1]) out.push({ index: i, from: roles[i - 1], to: roles[i] });
  return out;
}

/**
 * The hand-offs worth marking: a plan in blocks (small, then medium, then large; or large first)
 * has one per model after the first. Interleaved the models take turns step by step: no single
 * step hands over, so none is marked (the cue says they take turns).
 */
export function markedHandOffs(roles: readonly ModelRole[], order: PlanOrder): HandOff[] {
  return order === 'interleaved' ? [] : handOffs(roles);
}

/** "large model from step 21" (steps 1-based, as the page counts them). */
export function handOffLabel(h: HandOff): string {
  return `${h.to} model from step ${h.index + 1}`;
}

/** For how many steps after a hand-off the panel says so (a room watching the replay has time to read it). */
export function cueSteps(steps: number): number {
  return Math.max(2, Math.round(steps / 8));
}

/**
 * The cue on a panel at step `shown` (0-based; -1 before the first step is done): "hand-off: large
 * model takes over" for the first cueSteps steps of a model that took over; null elsewhere, for a
 * one-model plan, and interleaved (no step hands over: the timeline shows the turns).
 */
export function handOffCue(roles: readonly ModelRole[], order: PlanOrder, shown: number): string | null {
  const window = cueSteps(roles.length);
  const h = markedHandOffs(roles, order)
    .filter((m) => m.index <= shown)
    .pop();
  return h && shown < h.index + window ? `hand-off: ${h.to} model takes over` : null;
}

export interface Captions {
  x: string;
  x0: string;
}

/**
 * The two images' captions at step `shown` of `timesteps` (samplingTimesteps: step i denoises
 * from timesteps[i]). After step i the image is x_t at the next timestep; after the last one it
 * is the final image, and so is the prediction.
 */
export function captionsAt(timesteps: readonly number[], shown: number): Captions {
  const last = timesteps.length - 1;
  // Short enough for one line under an image on a laptop's first screen (the step is in the step label).
  if (shown < 0) return { x: 'x_t: step 1 not done yet', x0: 'x̂₀: not predicted yet' };
  if (shown >= last) return { x: 'final image', x0: 'x̂₀ = the final image' };
  return { x: `x_t at t = ${timesteps[shown + 1]} (noisy)`, x0: 'predicted clean image x̂₀' };
}
