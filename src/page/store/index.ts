// App state (zustand), one store made of slices, each one concern, each in its own file: settings
// (settings.ts), the run shown and the replay's clock (run.ts), the measurements and the one status
// every job has (jobs.ts), what is open, its downloads and the offline copy (open.ts), and the
// lesson's page (lesson.ts). Pixels never go through here (recorder.ts), nor do sessions (the
// worker) or the files of a set opened from disk (the page runtime holds them). Components select
// single values through useAppState (src/ui/AppContext.tsx), from the store in context.
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { agreementSlice, deviceSlice, stripSlice, type AgreementSlice, type DeviceSlice, type StripSlice } from './jobs';
import { lessonSlice, type LessonSlice } from './lesson';
import { downloadSlice, offlineSlice, openSlice, type DownloadSlice, type OfflineSlice, type OpenSlice } from './open';
import { replaySlice, runSlice, type ReplaySlice, type RunSlice } from './run';
import { settingsSlice, type SettingsSlice } from './settings';

export type { RunInfo } from '../../view/runPlans';
export type { AgreementSlice, DeviceSlice, Job, JobEnd, JobStatus, StripSlice, StripState } from './jobs';
export type { DownloadSlice, Downloads, OfflineSlice, OpenSlice, OpenState } from './open';
export type { ReplaySlice, RunSlice } from './run';
export type { SettingsSlice } from './settings';
export type { LessonSlice } from './lesson';
export { OPEN_NOTHING } from './open';
export { measuring } from './jobs';

export type AppState = SettingsSlice &
  RunSlice &
  ReplaySlice &
  AgreementSlice &
  OpenSlice &
  DownloadSlice &
  OfflineSlice &
  DeviceSlice &
  StripSlice &
  LessonSlice;
/** A slice: its part of the state, made with the whole store's set and get. */
export type Slice<T> = StateCreator<AppState, [], [], T>;
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
    ...lessonSlice(...a),
    ...initial,
  }));
}
