// App state (zustand), one store made of slices, each one concern: settings, the run shown, replay
// position, the agreement measurement, what is open (written by the page runtime), downloads, the
// offline copy, this device's benchmark. Pixels never go through here (recorder.ts), nor do
// sessions (the worker) or the files of a set opened from disk (the page runtime holds them).
// Components select single values through useAppState (src/ui/AppContext.tsx), from the store in context.
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { BenchResult, ModelRole } from '../core';
import type { LoadResult, ProgressMessage } from '../client/client';
import type { Manifest } from '../models/manifest';
import type { AgreementPoint, BackendChoice, Trajectory } from '../worker/protocol';
import { OFFLINE_PENDING, type OfflineReport } from '../view/offlineReport';
import type { ClockMotion } from '../view/sharedClock';
import type { RunInfo } from '../view/runPlans';
import { clampSteps, defaultSettings, rescaleSmallSteps, type ParsedSettings, type Settings } from '../view/settings';
import type { StripPlan, StripSettings } from '../view/strip';

export type { RunInfo };
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
  /** A latent set: decode the previews at every step (else the last step only; decode.ts). Not in the link. */
  decodeEveryStep: boolean;
  setDecodeEveryStep(on: boolean): void;
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
  setTiming(trajectory: Trajectory, ms: number, calls: Record<ModelRole, number>, modelMs: Record<ModelRole, number>, retimed?: number, retaken?: boolean): void;
  finishRun(status: Exclude<RunStatus, 'idle' | 'running'>, error?: string): void;
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

/**
 * What the page has open, as the page runtime (src/page/runtime.ts) reports it: the view reads it, only
 * the runtime writes it. `phase` is the opening side of the runtime's phase: probing (backend probe
 * and the link's manifest), opening (the worker loads the models), ready, failed (nothing open:
 * Retry).
 */
export interface OpenState {
  phase: 'probing' | 'opening' | 'ready' | 'failed';
  /** The set in use: the link's (served) or one opened from the user's disk (local). */
  manifest: Manifest | null;
  local: boolean;
  /** What the backend probe found (before anything is open). */
  probe: BackendChoice | null;
  /** The worker's report once the models are open: backend used, the models, the wasm binary. */
  loaded: LoadResult | null;
  /** The models open (or being opened). */
  roles: ModelRole[];
  /** Why nothing is open (phase failed). */
  error: string | null;
}

export interface OpenSlice {
  open: OpenState;
  /** Why the page moved to wasm after loading (the GPU device was lost); wasm it stays until a reload. */
  backendSwitch: string | null;
  /** Why the last set from the user's disk could not be opened (by the page's checks or the worker's). */
  localError: string | null;
  setOpen(patch: Partial<OpenState>): void;
  setBackendSwitch(reason: string | null): void;
  setLocalError(message: string | null): void;
}

export interface DownloadSlice {
  /** Byte-level progress per file the load waits for: the models, onnxruntime's wasm binary. */
  downloads: Record<string, ProgressMessage>;
  setDownload(progress: ProgressMessage): void;
  resetDownloads(): void;
}

export interface OfflineSlice {
  /** What the offline copy kept, for the line under the model cards. */
  offline: OfflineReport;
  setOffline(report: OfflineReport): void;
}

/** "Measure this device": the fixed short benchmark in this browser's worker (core/bench.ts DEVICE_BENCH). */
export interface DeviceSlice {
  device: { status: JobStatus; message: string; result: BenchResult | null; error: string | null };
  startDevice(): void;
  setDeviceProgress(message: string): void;
  finishDevice(status: Exclude<JobStatus, 'idle' | 'running'>, result?: BenchResult, error?: string): void;
}

/**
 * "How far can you push r?" (strip.ts, RStrip.tsx): final images at r = 0, 0.2, ..., 1 from the
 * same noise, written by the page runtime. Its few final images (one per distinct k) are kept here,
 * not in the recorder, which holds the shown run's every step for the two panels.
 */
export interface StripState {
  status: JobStatus;
  /** Increases with every strip started or cleared: replies for an older one are dropped. */
  id: number;
  plan: StripPlan | null;
  /** The settings it was made with (the page's may have changed since). */
  made: StripSettings | null;
  /** Final predicted images [N, C, H, W] per strip run (plan.runs), as each finishes. */
  images: Record<number, Float32Array>;
  /** Each strip run's model time in this browser, milliseconds (the worker's own timing of it). */
  ms: Record<number, number>;
  /** Why it stopped (cancelled) or failed (error). */
  note: string | null;
  /** Why the last request to make one was refused (a run in flight, nothing open); cleared by the next start. */
  refused: string | null;
}

export interface StripSlice {
  strip: StripState;
  startStrip(plan: StripPlan, made: StripSettings): number;
  setStripImage(id: number, run: number, image: Float32Array): void;
  setStripTime(id: number, run: number, ms: number): void;
  finishStrip(id: number, status: Exclude<JobStatus, 'idle' | 'running'>, note?: string): void;
  refuseStrip(reason: string): void;
  clearStrip(): void;
}

export type AppState = SettingsSlice & RunSlice & ReplaySlice & AgreementSlice & OpenSlice & DownloadSlice & OfflineSlice & DeviceSlice & StripSlice;
type Slice<T> = StateCreator<AppState, [], [], T>;

const settingsSlice: Slice<SettingsSlice> = (set) => ({
  settings: defaultSettings(),
  settingsReady: false,
  urlProblems: [],
  decodeEveryStep: false,
  setDecodeEveryStep: (decodeEveryStep) => set({ decodeEveryStep }),
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
  retimed: {},
  retaken: false,
  runError: null,
  restarts: 0,
  decodeCost: {},
  setDecodeCost: (trajectory, cost) => set((s) => ({ decodeCost: { ...s.decodeCost, [trajectory]: cost } })),
  startRun: (run) => set({ status: 'running', run, progress: {}, timings: {}, calls: {}, modelMs: {}, retimed: {}, retaken: false, decodeCost: {}, runError: null, clockMs: null, clockMotion: 'live' }),
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
  resetRun: () => set({ status: 'idle', run: null, progress: {}, timings: {}, calls: {}, modelMs: {}, retimed: {}, retaken: false, decodeCost: {}, runError: null, clockMs: null, clockMotion: null }),
});

const replaySlice: Slice<ReplaySlice> = (set) => ({
  clockMs: null,
  clockMotion: null,
  clockRate: 1,
  setClock: (ms, motion = null, rate) =>
    set((s) => ({ clockMs: ms === null ? null : Math.max(0, ms), clockMotion: motion, clockRate: rate ?? s.clockRate })),
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

export const OPEN_NOTHING: OpenState = { phase: 'probing', manifest: null, local: false, probe: null, loaded: null, roles: [], error: null };

const openSlice: Slice<OpenSlice> = (set) => ({
  open: OPEN_NOTHING,
  backendSwitch: null,
  localError: null,
  setOpen: (patch) => set((s) => ({ open: { ...s.open, ...patch } })),
  setBackendSwitch: (backendSwitch) => set({ backendSwitch }),
  setLocalError: (localError) => set({ localError }),
});

const downloadSlice: Slice<DownloadSlice> = (set) => ({
  downloads: {},
  setDownload: (p) => set((s) => ({ downloads: { ...s.downloads, [p.file]: p } })),
  resetDownloads: () => set({ downloads: {} }),
});

const offlineSlice: Slice<OfflineSlice> = (set) => ({
  offline: OFFLINE_PENDING,
  setOffline: (offline) => set({ offline }),
});

const deviceSlice: Slice<DeviceSlice> = (set) => ({
  device: { status: 'idle', message: '', result: null, error: null },
  startDevice: () => set({ device: { status: 'running', message: 'starting', result: null, error: null } }),
  setDeviceProgress: (message) => set((s) => ({ device: { ...s.device, message } })),
  finishDevice: (status, result, error) => set((s) => ({ device: { ...s.device, status, result: result ?? null, error: error ?? null } })),
});

const STRIP_NONE: StripState = { status: 'idle', id: 0, plan: null, made: null, images: {}, ms: {}, note: null, refused: null };

const stripSlice: Slice<StripSlice> = (set, get) => {
  /** A change to the strip `id` only: a cleared or newer strip ignores an older one's replies. */
  const forStrip = (id: number, patch: (s: StripState) => Partial<StripState>) =>
    set((st) => (st.strip.id === id ? { strip: { ...st.strip, ...patch(st.strip) } } : {}));
  return {
    strip: STRIP_NONE,
    startStrip: (plan, made) => {
      const id = get().strip.id + 1;
      set({ strip: { ...STRIP_NONE, id, status: 'running', plan, made } });
      return id;
    },
    setStripImage: (id, run, image) => forStrip(id, (s) => ({ images: { ...s.images, [run]: image } })),
    setStripTime: (id, run, ms) => forStrip(id, (s) => ({ ms: { ...s.ms, [run]: ms } })),
    finishStrip: (id, status, note) => forStrip(id, () => ({ status, note: note ?? null })),
    refuseStrip: (refused) => set((st) => ({ strip: { ...st.strip, refused } })),
    clearStrip: () => set((st) => ({ strip: { ...STRIP_NONE, id: st.strip.id + 1 } })),
  };
};

export type AppStore = StoreApi<AppState>;

/**
 * A fresh store (zustand's vanilla createStore): the page makes one at start-up (main.tsx), each
 * test its own; `initial` overrides parts of the starting state (what a server render shows).
 */
export function createAppStore(initial: Partial<AppState> = {}): AppStore {
  return createStore<AppState>()((...a) => ({
    ...settingsSlice(...a),
    ...runSlice(...a),
    ...replaySlice(...a),
    ...agreementSlice(...a),
    ...openSlice(...a),
    ...downloadSlice(...a),
    ...offlineSlice(...a),
    ...deviceSlice(...a),
    ...stripSlice(...a),
    ...initial,
  }));
}
