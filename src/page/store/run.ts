// The run shown (or in flight) and the shared clock's position over it. Its pixels are the
// recorder's (src/page/recorder.ts); only what the timelines and captions read is here.
import type { ModelRole } from '../../core';
import type { Trajectory } from '../../worker/protocol';
import type { RunInfo } from '../../view/runPlans';
import type { ClockMotion } from '../../view/sharedClock';
import type { JobStatus } from './jobs';
import type { Slice } from './index';

export interface RunSlice {
  status: JobStatus;
  /** The run shown (or in flight), so the timelines match the canvases. */
  run: RunInfo | null;
  /** Last step computed per trajectory, and the time since that trajectory started. */
  progress: Partial<Record<Trajectory, { index: number; elapsedMs: number }>>;
  timings: Partial<Record<Trajectory, number>>;
  calls: Partial<Record<Trajectory, Record<ModelRole, number>>>;
  /** Milliseconds of each trajectory's calls, per model. */
  modelMs: Partial<Record<Trajectory, Record<ModelRole, number>>>;
  /** Calls of each trajectory timed again (far slower than settled: left-over warm-up; core/warmup.ts). */
  retimed: Partial<Record<Trajectory, number>>;
  /** The pair was timed once more, without drawing: its first timing was faster than the FLOPs allow. */
  retaken: boolean;
  runError: string | null;
  /** Runs cancelled and started again because a setting changed. */
  restarts: number;
  /** The decoder calls the run's previews took, per trajectory (a latent set; not in their times). */
  decodeCost: Partial<Record<Trajectory, { calls: number; ms: number }>>;
  setDecodeCost(trajectory: Trajectory, cost: { calls: number; ms: number }): void;
  startRun(run: RunInfo): void;
  setProgress(trajectory: Trajectory, index: number, elapsedMs: number): void;
  setTiming(
    trajectory: Trajectory,
    ms: number,
    calls: Record<ModelRole, number>,
    modelMs: Record<ModelRole, number>,
    retimed?: number,
    retaken?: boolean,
  ): void;
  finishRun(status: Exclude<JobStatus, 'idle' | 'running'>, error?: string): void;
  noteRestart(): void;
  resetRun(): void;
}

export interface ReplaySlice {
  /**
   * The shared clock's position (sharedClock.ts): ms of measured model time, each trajectory shows
   * the step it had done by then. null: no clock (no run, or a cancelled one): each shows its latest step.
   */
  clockMs: number | null;
  /**
   * What moves the clock each animation frame (the driver in Replay.tsx): 'live' follows the run,
   * 'catch-up' runs on to the end when a run is done, 'play' is the replay; null: it stands still.
   */
  clockMotion: ClockMotion | null;
  /** Measured ms per real ms while catching up or playing. */
  clockRate: number;
  /** Put the clock at `ms` (clamped at 0); without `motion` it stops there (a slider, a step button). */
  setClock(ms: number | null, motion?: ClockMotion | null, rate?: number): void;
}

/** What a new run, and a reset, start from: nothing measured yet. */
const NOTHING_MEASURED = { progress: {}, timings: {}, calls: {}, modelMs: {}, retimed: {}, retaken: false, decodeCost: {}, runError: null };

export const runSlice: Slice<RunSlice> = (set) => ({
  status: 'idle',
  run: null,
  ...NOTHING_MEASURED,
  restarts: 0,
  setDecodeCost: (trajectory, cost) => set((s) => ({ decodeCost: { ...s.decodeCost, [trajectory]: cost } })),
  startRun: (run) => set({ status: 'running', run, ...NOTHING_MEASURED, clockMs: null, clockMotion: 'live' }),
  setProgress: (trajectory, index, elapsedMs) => set((s) => ({ progress: { ...s.progress, [trajectory]: { index, elapsedMs } } })),
  setTiming: (trajectory, ms, calls, modelMs, retimed = 0, retaken = false) =>
    set((s) => ({
      retaken,
      retimed: { ...s.retimed, [trajectory]: retimed },
      timings: { ...s.timings, [trajectory]: ms },
      calls: { ...s.calls, [trajectory]: calls },
      modelMs: { ...s.modelMs, [trajectory]: modelMs },
    })),
  finishRun: (status, error) =>
    set((s) => ({
      status,
      runError: error ?? null,
      // A finished run catches up to its end (the last steps) on the shared clock, and the replay
      // takes it from there; a cancelled one shows each trajectory's latest step.
      ...(status === 'done' && s.run ? { clockMotion: 'catch-up' as const, clockRate: 1 } : { clockMs: null, clockMotion: null }),
    })),
  noteRestart: () => set((s) => ({ restarts: s.restarts + 1 })),
  resetRun: () => set({ status: 'idle', run: null, ...NOTHING_MEASURED, clockMs: null, clockMotion: null }),
});

export const replaySlice: Slice<ReplaySlice> = (set) => ({
  clockMs: null,
  clockMotion: null,
  clockRate: 1,
  setClock: (ms, motion = null, rate) =>
    set((s) => ({ clockMs: ms === null ? null : Math.max(0, ms), clockMotion: motion, clockRate: rate ?? s.clockRate })),
});
