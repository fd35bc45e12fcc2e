// App state (zustand), one store made of slices: settings, the run shown, replay position, the
// agreement measurement, and model loading. Pixels never go through here (see recorder.ts),
// nor do sessions (TanStack Query + worker). Components select single values.
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand';
import type { BenchResult, ModelRole, PlanSpec } from '../core';
import type { ProgressMessage } from '../client/client';
import type { AgreementPoint, Trajectory } from '../worker/protocol';
import type { LocalSet } from './localSet';
import { OFFLINE_PENDING, type OfflineReport } from './offlineReport';
import { clampSteps, defaultSettings, rescaleSmallSteps, type ParsedSettings, type Settings } from './settings';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface SettingsSlice {
  settings: Settings;
  /** False until the manifest's defaults and the URL have been read. */
  settingsReady: boolean;
  /** One sentence per URL parameter that was ignored, for the notice. */
  urlProblems: string[];
  initSettings(parsed: ParsedSettings): void;
  /** Change some settings; a new step count keeps the share of small-model steps unless smallSteps is given. */
  update(patch: Partial<Settings>): void;
}

export interface RunInfo {
  settings: Settings;
  /** Class id of each image. */
  classes: number[];
  /** The plan of each trajectory: the stitched one from the settings, and its comparison's. */
  plans: Record<Trajectory, PlanSpec>;
}

export interface RunSlice {
  status: RunStatus;
  /** The run shown (or in flight), so the timelines match the canvases. */
  run: RunInfo | null;
  /** Last step computed per trajectory, and the time since that trajectory started. */
  progress: Partial<Record<Trajectory, { index: number; elapsedMs: number }>>;
  timings: Partial<Record<Trajectory, number>>;
  calls: Partial<Record<Trajectory, Record<ModelRole, number>>>;
  /** Milliseconds of each trajectory's calls, per model. */
  modelMs: Partial<Record<Trajectory, Record<ModelRole, number>>>;
  runError: string | null;
  /** Runs cancelled and started again because a setting changed. */
  restarts: number;
  startRun(run: RunInfo): void;
  setProgress(trajectory: Trajectory, index: number, elapsedMs: number): void;
  setTiming(trajectory: Trajectory, ms: number, calls: Record<ModelRole, number>, modelMs: Record<ModelRole, number>): void;
  finishRun(status: Exclude<RunStatus, 'idle' | 'running'>, error?: string): void;
  noteRestart(): void;
  resetRun(): void;
}

export interface ReplaySlice {
  /** Step shown after a run (0-based); null shows the latest step, live. */
  scrubIndex: number | null;
  setScrub(index: number | null): void;
}

export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface AgreementSlice {
  agreementStatus: JobStatus;
  agreement: AgreementPoint[];
  agreementError: string | null;
  startAgreement(): void;
  addAgreementPoint(point: AgreementPoint): void;
  finishAgreement(status: Exclude<JobStatus, 'idle' | 'running'>, error?: string): void;
  clearAgreement(): void;
}

export interface LoadingSlice {
  /** Byte-level progress per file the load waits for: the models, onnxruntime's wasm binary. */
  downloads: Record<string, ProgressMessage>;
  /** What the offline copy kept, for the line under the model cards. */
  offline: OfflineReport;
  /** Why the page moved to wasm after loading (the GPU device was lost); wasm it stays until a reload. */
  backendSwitch: string | null;
  /** A model set opened from the user's disk ("Open your own models"); null: the link's set. */
  localSet: LocalSet<File> | null;
  setLocalSet(set: LocalSet<File> | null): void;
  /** Why the last local set could not be opened (by the page's checks or the worker's). */
  localError: string | null;
  setLocalError(message: string | null): void;
  /** A latent set: decode the previews at every step (else the last step only; decode.ts). */
  decodeEveryStep: boolean;
  setDecodeEveryStep(on: boolean): void;
  /** The decoder calls the last run's previews took, per trajectory (not in their times). */
  decodeCost: Partial<Record<Trajectory, { calls: number; ms: number }>>;
  setDecodeCost(trajectory: Trajectory, cost: { calls: number; ms: number }): void;
  setDownload(progress: ProgressMessage): void;
  setBackendSwitch(reason: string | null): void;
  resetDownloads(): void;
  setOffline(report: OfflineReport): void;
}

/** "Measure this device": the fixed short benchmark in this browser's worker (core/bench.ts DEVICE_BENCH). */
export interface DeviceSlice {
  device: { status: JobStatus; message: string; result: BenchResult | null; error: string | null };
  startDevice(): void;
  setDeviceProgress(message: string): void;
  finishDevice(status: Exclude<JobStatus, 'idle' | 'running'>, result?: BenchResult, error?: string): void;
}

export type AppState = SettingsSlice & RunSlice & ReplaySlice & AgreementSlice & LoadingSlice & DeviceSlice;
type Slice<T> = StateCreator<AppState, [], [], T>;

const settingsSlice: Slice<SettingsSlice> = (set) => ({
  settings: defaultSettings(),
  settingsReady: false,
  urlProblems: [],
  initSettings: ({ settings, problems }) => set({ settings, urlProblems: problems, settingsReady: true }),
  update: (patch) =>
    set((s) => {
      const next = { ...s.settings, ...patch };
      next.steps = clampSteps(next.steps);
      const steps = (key: 'smallSteps' | 'mediumSteps', room: number) =>
        Math.min(room, Math.max(0, patch[key] === undefined ? rescaleSmallSteps(s.settings[key], s.settings.steps, next.steps) : Math.round(next[key])));
      next.smallSteps = steps('smallSteps', next.steps);
      // The medium model gets what the small one leaves: moving r up can take steps from it.
      next.mediumSteps = steps('mediumSteps', next.steps - next.smallSteps);
      return { settings: next };
    }),
});

const runSlice: Slice<RunSlice> = (set) => ({
  status: 'idle',
  run: null,
  progress: {},
  timings: {},
  calls: {},
  modelMs: {},
  runError: null,
  restarts: 0,
  startRun: (run) => set({ status: 'running', run, progress: {}, timings: {}, calls: {}, modelMs: {}, runError: null, scrubIndex: null }),
  setProgress: (trajectory, index, elapsedMs) => set((s) => ({ progress: { ...s.progress, [trajectory]: { index, elapsedMs } } })),
  setTiming: (trajectory, ms, calls, modelMs) =>
    set((s) => ({
      timings: { ...s.timings, [trajectory]: ms },
      calls: { ...s.calls, [trajectory]: calls },
      modelMs: { ...s.modelMs, [trajectory]: modelMs },
    })),
  finishRun: (status, error) =>
    set((s) => ({
      status,
      runError: error ?? null,
      // A finished run opens on its last step; the replay scrubber takes it from there.
      scrubIndex: status === 'done' && s.run ? s.run.settings.steps - 1 : null,
    })),
  noteRestart: () => set((s) => ({ restarts: s.restarts + 1 })),
  resetRun: () => set({ status: 'idle', run: null, progress: {}, timings: {}, calls: {}, modelMs: {}, runError: null, scrubIndex: null }),
});

const replaySlice: Slice<ReplaySlice> = (set) => ({
  scrubIndex: null,
  setScrub: (index) =>
    set((s) => {
      if (index === null || !s.run) return { scrubIndex: null };
      return { scrubIndex: Math.min(s.run.settings.steps - 1, Math.max(0, Math.round(index))) };
    }),
});

const agreementSlice: Slice<AgreementSlice> = (set) => ({
  agreementStatus: 'idle',
  agreement: [],
  agreementError: null,
  startAgreement: () => set({ agreementStatus: 'running', agreement: [], agreementError: null }),
  addAgreementPoint: (point) => set((s) => ({ agreement: [...s.agreement, point] })),
  finishAgreement: (status, error) => set({ agreementStatus: status, agreementError: error ?? null }),
  clearAgreement: () => set({ agreementStatus: 'idle', agreement: [], agreementError: null }),
});

const loadingSlice: Slice<LoadingSlice> = (set) => ({
  downloads: {},
  offline: OFFLINE_PENDING,
  setDownload: (p) => set((s) => ({ downloads: { ...s.downloads, [p.file]: p } })),
  resetDownloads: () => set({ downloads: {} }),
  backendSwitch: null,
  setBackendSwitch: (backendSwitch) => set({ backendSwitch }),
  localSet: null,
  setLocalSet: (localSet) => set({ localSet }),
  localError: null,
  setLocalError: (localError) => set({ localError }),
  decodeEveryStep: false,
  setDecodeEveryStep: (decodeEveryStep) => set({ decodeEveryStep }),
  decodeCost: {},
  setDecodeCost: (trajectory, cost) => set((s) => ({ decodeCost: { ...s.decodeCost, [trajectory]: cost } })),
  setOffline: (offline) => set({ offline }),
});

const deviceSlice: Slice<DeviceSlice> = (set) => ({
  device: { status: 'idle', message: '', result: null, error: null },
  startDevice: () => set({ device: { status: 'running', message: 'starting', result: null, error: null } }),
  setDeviceProgress: (message) => set((s) => ({ device: { ...s.device, message } })),
  finishDevice: (status, result, error) => set((s) => ({ device: { ...s.device, status, result: result ?? null, error: error ?? null } })),
});

export type AppStore = UseBoundStore<StoreApi<AppState>>;

/** A fresh store: the page makes one at start-up (main.tsx), each unit test its own. */
export function createAppStore(): AppStore {
  return create<AppState>()((...a) => ({
    ...settingsSlice(...a),
    ...runSlice(...a),
    ...replaySlice(...a),
    ...agreementSlice(...a),
    ...loadingSlice(...a),
    ...deviceSlice(...a),
  }));
}

/** The page's one store, read by the components; code outside React gets it passed in. */
export const useAppStore = createAppStore();
