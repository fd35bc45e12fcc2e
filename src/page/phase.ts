// The page runtime's state, shared by its two halves (opening.ts, running.ts): the phase, and the
// models being opened or open. Both decide from it; the store only hears what happened.
import type { RunHandle } from '../client/client';
import type { ModelRole } from '../core';
import type { Manifest } from '../models/manifest';
import type { BackendName } from '../worker/protocol';
import type { LocalSet } from './localSet';

/**
 * - probing: the backend probe and the link's manifest are being fetched (start-up, Retry).
 * - opening: the worker opens `roles` of a set on `backend` (first load, a set changed, the medium
 *   model needed, wasm after a lost device).
 * - failed: nothing is open (the probe, the manifest or the models failed); Retry starts over.
 * - ready: models open, no generation in flight (a measurement may be: measurement.ts).
 * - starting: a generation waits for a measurement to stop first.
 * - running: a generation is in flight.
 * - cancelling: its cancel was sent; `then` says whether a new run follows (a setting changed).
 * `startWhenReady` (probing, opening): the current settings run as soon as the models are open
 * (a shared link, Generate pressed early, a run cut short by a lost device or waiting for a model).
 */
export type Phase =
  | { name: 'probing'; startWhenReady: boolean }
  | { name: 'opening'; set: ModelSet['kind']; backend: BackendName; roles: readonly ModelRole[]; startWhenReady: boolean }
  | { name: 'failed'; message: string }
  | { name: 'ready' }
  | { name: 'starting' }
  | { name: 'running'; handle: RunHandle; token: number }
  | { name: 'cancelling'; handle: RunHandle; token: number; then: 'restart' | 'stop' };

/** The link's set (served from the app's origin), or one opened from the user's disk with its files. */
export type ModelSet = { kind: 'served' } | { kind: 'local'; local: LocalSet<File> };

/** A set's models: asked for on `backend` while opening, those the worker opened once it has. */
export interface Models {
  set: ModelSet;
  manifest: Manifest;
  backend: BackendName;
  roles: readonly ModelRole[];
}

export interface RuntimeState {
  phase: Phase;
  /** The models being opened or open (null before the first manifest is in). */
  models: Models | null;
}

/** The models open in the worker now: `models`, once the phase says they are open (null while opening or failed). */
export function openModels(state: RuntimeState): Models | null {
  const { name } = state.phase;
  return name === 'ready' || name === 'starting' || name === 'running' || name === 'cancelling' ? state.models : null;
}

export const hasMedium = (m: Manifest) => m.denoisers.some((d) => d.role === 'medium');
