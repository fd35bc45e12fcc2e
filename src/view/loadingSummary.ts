// What the page is waiting for while the models load, in words: the file being fetched, and how
// many bytes are left of everything the load needs (onnxruntime's wasm binary and each model).
// Pure, so the wording is unit-tested; LoadingProgress.tsx shows it.
import type { ProgressMessage } from '../client/client';
import type { DownloadRole } from '../worker/protocol';
import { formatBytes } from './format';

export interface PendingFile {
  file: string;
  role: DownloadRole;
  loaded: number;
  /** 0 when not known yet (no progress yet, or no Content-Length and no size in the manifest). */
  total: number;
  /** False until the worker reported its first bytes (or its cached copy). */
  started: boolean;
}

/** onnxruntime's binary (once the worker reports it: only the first load fetches it), then the models in load order. */
export function pendingFiles(
  downloads: Record<string, ProgressMessage>,
  models: readonly { file: string; role: DownloadRole; bytes?: number }[],
): PendingFile[] {
  const runtime = Object.values(downloads).filter((d) => d.role === 'runtime');
  return [
    ...runtime.map((d) => ({ file: d.file, role: d.role, loaded: d.loaded, total: d.total, started: true })),
    ...models.map((m) => {
      const d = downloads[m.file];
      return { file: m.file, role: m.role, loaded: d?.loaded ?? 0, total: d?.total || m.bytes || 0, started: d !== undefined };
    }),
  ];
}

const what = (f: PendingFile) =>
  f.role === 'runtime' ? `onnxruntime's WebAssembly runtime (${f.file})` : `the ${f.role} model (${f.file})`;
const done = (f: PendingFile) => f.started && f.total > 0 && f.loaded >= f.total;

export interface LoadingSummary {
  /** What is happening now. */
  now: string;
  /** How much is left of what is known. */
  left: string;
  loaded: number;
  total: number;
}

export function loadingSummary(files: readonly PendingFile[]): LoadingSummary {
  const total = files.reduce((s, f) => s + f.total, 0);
  const loaded = files.reduce((s, f) => s + (f.total ? Math.min(f.loaded, f.total) : 0), 0);
  const active = files.find((f) => f.started && !done(f));
  const next = files.find((f) => !f.started);
  const now = active
    ? `Fetching ${what(active)}: ${formatBytes(active.loaded)}${active.total ? ` of ${formatBytes(active.total)}` : ' so far'}`
    : !files.some((f) => f.started)
      ? 'Starting the runtime worker…'
      : next
        ? `Fetching ${what(next)}…`
        : 'All files are here; opening the models and making a first test run…';
  const unknown = files.some((f) => f.total === 0) ? ' (the size of one file is not known yet)' : '';
  return { now, left: `${formatBytes(Math.max(0, total - loaded))} left of ${formatBytes(total)}${unknown}`, loaded, total };
}
