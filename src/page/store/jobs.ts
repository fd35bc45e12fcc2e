// Jobs: one status for all of them (the run, and each measurement), and the three measurements
// that share the models with the runs, one at a time (the page runtime's measurement slot,
// src/page/measurement.ts): the two models' agreement along the run shown, this device's speed,
// and the r strip. Each measurement has the same shape, `Job`, beside what it measured.
import type { BenchResult } from '../../core';
import type { AgreementPoint } from '../../worker/protocol';
import type { StripPlan, StripSettings } from '../../view/strip';
import type { Slice } from './index';

/** Where a job is: a run (RunSlice.status) and every measurement. */
export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** A measurement's lifecycle, the same for the three. */
export interface Job {
  status: JobStatus;
  /** Why it failed (error). */
  error: string | null;
  /** Why it stopped (cancelled), where the view says so (the r strip). */
  note: string | null;
}

/** How a job ended. */
export interface JobEnd {
  status: Exclude<JobStatus, 'idle' | 'running'>;
  error?: string;
  note?: string;
}

const IDLE: Job = { status: 'idle', error: null, note: null };
const RUNNING: Job = { status: 'running', error: null, note: null };
const ended = ({ status, error, note }: JobEnd): Job => ({ status, error: error ?? null, note: note ?? null });

/** The cosine similarity of the two models' eps and x0 at each step of the run shown's large-only trajectory. */
export interface AgreementSlice {
  agreement: Job & { points: AgreementPoint[] };
  startAgreement(): void;
  addAgreementPoint(point: AgreementPoint): void;
  finishAgreement(end: JobEnd): void;
  clearAgreement(): void;
}

/** "Measure this device": the fixed short benchmark in this browser's worker (core/bench.ts DEVICE_BENCH). */
export interface DeviceSlice {
  device: Job & { message: string; result: BenchResult | null };
  startDevice(): void;
  setDeviceProgress(message: string): void;
  finishDevice(end: JobEnd, result?: BenchResult): void;
}

/**
 * "How far can you push r?" (strip.ts, RStrip.tsx): final images at r = 0, 0.2, ..., 1 from the
 * same noise, written by the page runtime. Its few final images (one per distinct k) are kept here,
 * not in the recorder, which holds the shown run's every step for the two panels.
 */
export interface StripState extends Job {
  /** Increases with every strip started or cleared: replies for an older one are dropped. */
  id: number;
  plan: StripPlan | null;
  /** The settings it was made with (the page's may have changed since). */
  made: StripSettings | null;
  /** Final predicted images [N, C, H, W] per strip run (plan.runs), as each finishes. */
  images: Record<number, Float32Array>;
  /** Each strip run's model time in this browser, milliseconds (the worker's own timing of it). */
  ms: Record<number, number>;
  /** Why the last request to make one was refused (a run in flight, nothing open); cleared by the next start. */
  refused: string | null;
}

export interface StripSlice {
  strip: StripState;
  startStrip(plan: StripPlan, made: StripSettings): number;
  setStripImage(id: number, run: number, image: Float32Array): void;
  setStripTime(id: number, run: number, ms: number): void;
  finishStrip(id: number, end: JobEnd): void;
  refuseStrip(reason: string): void;
  clearStrip(): void;
}

export const agreementSlice: Slice<AgreementSlice> = (set) => ({
  agreement: { ...IDLE, points: [] },
  startAgreement: () => set({ agreement: { ...RUNNING, points: [] } }),
  addAgreementPoint: (point) => set((s) => ({ agreement: { ...s.agreement, points: [...s.agreement.points, point] } })),
  finishAgreement: (end) => set((s) => ({ agreement: { ...s.agreement, ...ended(end) } })),
  clearAgreement: () => set({ agreement: { ...IDLE, points: [] } }),
});

export const deviceSlice: Slice<DeviceSlice> = (set) => ({
  device: { ...IDLE, message: '', result: null },
  startDevice: () => set({ device: { ...RUNNING, message: 'starting', result: null } }),
  setDeviceProgress: (message) => set((s) => ({ device: { ...s.device, message } })),
  finishDevice: (end, result) => set((s) => ({ device: { ...s.device, ...ended(end), result: result ?? null } })),
});

const STRIP_NONE: StripState = { ...IDLE, id: 0, plan: null, made: null, images: {}, ms: {}, refused: null };

export const stripSlice: Slice<StripSlice> = (set, get) => {
  /** A change to the strip `id` only: a cleared or newer strip ignores an older one's replies. */
  const forStrip = (id: number, patch: (s: StripState) => Partial<StripState>) =>
    set((st) => (st.strip.id === id ? { strip: { ...st.strip, ...patch(st.strip) } } : {}));
  return {
    strip: STRIP_NONE,
    startStrip: (plan, made) => {
      const id = get().strip.id + 1;
      set({ strip: { ...STRIP_NONE, ...RUNNING, id, plan, made } });
      return id;
    },
    setStripImage: (id, run, image) => forStrip(id, (s) => ({ images: { ...s.images, [run]: image } })),
    setStripTime: (id, run, ms) => forStrip(id, (s) => ({ ms: { ...s.ms, [run]: ms } })),
    finishStrip: (id, end) => forStrip(id, () => ended(end)),
    refuseStrip: (refused) => set((st) => ({ strip: { ...st.strip, refused } })),
    clearStrip: () => set((st) => ({ strip: { ...STRIP_NONE, id: st.strip.id + 1 } })),
  };
};

/** A measurement shares the models with the runs: while one runs, Cancel and Esc stop it. */
export function measuring(s: Pick<AgreementSlice & DeviceSlice & StripSlice, 'agreement' | 'device' | 'strip'>): boolean {
  return s.agreement.status === 'running' || s.device.status === 'running' || s.strip.status === 'running';
}
