// App state (zustand): settings the user picks and the status of the current run.
// Pixels never go through here (see frames.ts), nor do sessions (TanStack Query + worker).
import { create } from 'zustand';
import type { Trajectory } from '../runtime/protocol';

export type View = 'x0' | 'x';
export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface SettingsSlice {
  /** Share of the steps on the small model, always a multiple of 1/steps. */
  fraction: number;
  steps: number;
  seed: number;
  classId: number;
  view: View;
  setFraction(fraction: number): void;
  setSteps(steps: number): void;
  setSeed(seed: number): void;
  setClassId(classId: number): void;
  setView(view: View): void;
  /** Adopt a manifest's default step count once, before the user touches it. */
  adoptDefaults(steps: number): void;
}

export interface RunSlice {
  status: RunStatus;
  /** Parameters of the run shown (or in flight), so the plan strip matches the canvases. */
  runSteps: number | null;
  runFraction: number | null;
  /** Trajectory and step index currently being computed. */
  progress: { trajectory: Trajectory; index: number; steps: number } | null;
  timings: Partial<Record<Trajectory, number>>;
  runError: string | null;
  startRun(steps: number, fraction: number): void;
  setProgress(trajectory: Trajectory, index: number, steps: number): void;
  setTiming(trajectory: Trajectory, ms: number): void;
  finishRun(status: Exclude<RunStatus, 'idle' | 'running'>, error?: string): void;
  resetRun(): void;
}

export type AppState = SettingsSlice & RunSlice;

export const MAX_STEPS = 1000;

/** Snap a fraction to the nearest whole number of steps. */
export function snapFraction(fraction: number, steps: number): number {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return Math.round(clamped * steps) / steps;
}

export function clampSteps(steps: number, max = MAX_STEPS): number {
  if (!Number.isFinite(steps)) return 1;
  return Math.min(max, Math.max(1, Math.round(steps)));
}

let defaultsAdopted = false;

export const useAppStore = create<AppState>()((set) => ({
  fraction: 0.4,
  steps: 20,
  seed: 0,
  classId: 0,
  view: 'x0',
  setFraction: (fraction) => set((s) => ({ fraction: snapFraction(fraction, s.steps) })),
  setSteps: (steps) =>
    set((s) => {
      defaultsAdopted = true;
      const n = clampSteps(steps);
      return { steps: n, fraction: snapFraction(s.fraction, n) };
    }),
  setSeed: (seed) => set({ seed: Number.isSafeInteger(seed) ? seed : 0 }),
  setClassId: (classId) => set({ classId }),
  setView: (view) => set({ view }),
  adoptDefaults: (steps) =>
    set((s) => {
      if (defaultsAdopted) return {};
      defaultsAdopted = true;
      const n = clampSteps(steps);
      return { steps: n, fraction: snapFraction(s.fraction, n) };
    }),

  status: 'idle',
  runSteps: null,
  runFraction: null,
  progress: null,
  timings: {},
  runError: null,
  startRun: (steps, fraction) =>
    set({ status: 'running', runSteps: steps, runFraction: fraction, progress: null, timings: {}, runError: null }),
  setProgress: (trajectory, index, steps) => set({ progress: { trajectory, index, steps } }),
  setTiming: (trajectory, ms) => set((s) => ({ timings: { ...s.timings, [trajectory]: ms } })),
  finishRun: (status, error) => set({ status, progress: null, runError: error ?? null }),
  resetRun: () => set({ status: 'idle', progress: null, runError: null }),
}));
