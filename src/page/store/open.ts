// What the page has open (written by the page runtime only), the downloads its loads wait for,
// and what the offline copy kept: the runtime line and its details read them.
import type { LoadResult, ProgressMessage } from '../../client/client';
import type { ModelRole } from '../../core';
import type { Manifest } from '../../models/manifest';
import type { BackendChoice } from '../../worker/protocol';
import { OFFLINE_PENDING, type OfflineReport } from '../../view/offlineReport';
import type { Slice } from './index';

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

export type Downloads = Record<string, ProgressMessage>;

export interface DownloadSlice {
  /** Byte-level progress per file the load waits for: the models, onnxruntime's wasm binary. */
  downloads: Downloads;
  /** Files' progress, several at once (progressBatch.ts). */
  setDownloads(batch: ProgressMessage[]): void;
  /**
   * A new load starts from none; a set the worker refused puts back those of the models still in
   * use (`to`), so the runtime details keep saying where they came from.
   */
  resetDownloads(to?: Downloads): void;
}

export interface OfflineSlice {
  /** What the offline copy kept, for the line under the model cards. */
  offline: OfflineReport;
  setOffline(report: OfflineReport): void;
}

export const OPEN_NOTHING: OpenState = {
  phase: 'probing',
  manifest: null,
  local: false,
  probe: null,
  loaded: null,
  roles: [],
  error: null,
};

export const openSlice: Slice<OpenSlice> = (set) => ({
  open: OPEN_NOTHING,
  backendSwitch: null,
  localError: null,
  setOpen: (patch) => set((s) => ({ open: { ...s.open, ...patch } })),
  setBackendSwitch: (backendSwitch) => set({ backendSwitch }),
  setLocalError: (localError) => set({ localError }),
});

export const downloadSlice: Slice<DownloadSlice> = (set) => ({
  downloads: {},
  setDownloads: (batch) => set((s) => ({ downloads: { ...s.downloads, ...Object.fromEntries(batch.map((p) => [p.file, p])) } })),
  resetDownloads: (to = {}) => set({ downloads: to }),
});

export const offlineSlice: Slice<OfflineSlice> = (set) => ({
  offline: OFFLINE_PENDING,
  setOffline: (offline) => set({ offline }),
});
