// The page runtime's opening half: what is open in the worker. It probes the backend and fetches
// the link's manifest (TanStack Query keeps those pure fetches), reads the link's settings once,
// opens a set's models, and opens them again when the set changes, the medium model is needed, the
// GPU device is lost or Retry is pressed. It decides from its own state (the set asked for, what
// the probe found, whether the device was lost) and tells the running half (running.ts) when the
// models go and when they are open.
import type { ModelRole } from '../core';
import { type Manifest } from '../models/manifest';
import type { BackendChoice, BackendName } from '../worker/protocol';
import type { LocalSet } from './localSet';
import { hasMedium, openModels, type ModelSet, type RuntimeState } from './phase';
import { progressBatch } from './progressBatch';
import type { Running } from './running';
import type { RuntimeDeps } from './runtime';
import { mirrorSettings, settingsForSet, settingsFromLink } from './urlSync';

/** Where a local set's manifest "is": never fetched (the worker reads the files handed to it). */
const LOCAL_MANIFEST = 'local:manifest.json';
const PAIR: ModelRole[] = ['small', 'large'];
const TRIO: ModelRole[] = ['small', 'medium', 'large'];

export type Opening = ReturnType<typeof createOpening>;

export function createOpening(
  deps: RuntimeDeps,
  state: RuntimeState,
  running: Pick<Running, 'drop' | 'forget' | 'interrupt' | 'generate'>,
) {
  const { client, store, queries, link } = deps;
  // The worker fetches and checks the manifest: the page's start-up does not build its schema (zod).
  const readManifest = deps.fetchManifest ?? ((href: string) => client.manifest(href));
  /** The set the user asked for: what start-up and Retry open once the probe and the link's manifest are in. */
  let wanted: ModelSet = { kind: 'served' };
  /** What start-up found: the backend probe and the link's own manifest. */
  let found: { probe: BackendChoice; served: Manifest } | null = null;
  /** The GPU device was lost: wasm from then on, until a reload (the store says why, for the view). */
  let wasmOnly = false;
  /** Increases with every open or start-up: replies of a superseded one are dropped. */
  let loadToken = 0;
  /** Settings re-read for a new set: its own open follows, so the settings watcher stays out of it. */
  let switching = false;
  let stopMirror: (() => void) | null = null;

  const backendNow = (): BackendName => (wasmOnly ? 'wasm' : found!.probe.backend);
  /** The medium model is opened the first time a setting gives it steps, and then kept open for that set. */
  const rolesFor = (m: Manifest): ModelRole[] => (hasMedium(m) && store.getState().settings.mediumSteps > 0 ? TRIO : PAIR);

  function fail(message: string): void {
    state.phase = { name: 'failed', message };
    store.getState().setOpen({ phase: 'failed', error: message, loaded: null });
  }

  /** Probe the backend and fetch the link's manifest (cached), read the link once, then open the wanted set. */
  async function start(startWhenReady: boolean): Promise<void> {
    const mine = ++loadToken;
    state.phase = { name: 'probing', startWhenReady };
    store.getState().setOpen({ phase: 'probing', error: null, loaded: null });
    let probe: BackendChoice;
    let served: Manifest;
    try {
      const href = deps.manifestHref(deps.modelSet);
      [probe, served] = await Promise.all([
        queries.fetchQuery({ queryKey: ['backend'], queryFn: () => client.probe(), staleTime: Infinity }),
        queries.fetchQuery({ queryKey: ['manifest', deps.modelSet], queryFn: () => readManifest(href), staleTime: Infinity }),
      ]);
    } catch (e) {
      if (mine === loadToken) fail((e as Error).message);
      return;
    }
    if (mine !== loadToken) return;
    found = { probe, served };
    store.getState().setOpen({ probe });
    let run = state.phase.name === 'probing' && state.phase.startWhenReady;
    if (!store.getState().settingsReady) {
      run = settingsFromLink(store, served, link) || run;
      stopMirror = mirrorSettings(store, link);
    }
    const manifest = wanted.kind === 'local' ? wanted.local.manifest : served;
    open(wanted, manifest, backendNow(), rolesFor(manifest), run);
  }

  function open(set: ModelSet, manifest: Manifest, backend: BackendName, roles: ModelRole[], startWhenReady: boolean): void {
    const mine = ++loadToken;
    const st = store.getState();
    // What is open now: the worker keeps it open until the new set has passed every check, so a
    // refused set from disk leaves it in use, with where its files came from.
    const inUse = openModels(state);
    const before = inUse ? { models: inUse, open: st.open, downloads: st.downloads } : null;
    running.drop();
    state.models = { set, manifest, backend, roles };
    state.phase = { name: 'opening', set: set.kind, backend, roles, startWhenReady };
    st.resetDownloads();
    st.setOpen({ phase: 'opening', manifest, local: set.kind === 'local', roles, loaded: null, error: null });
    const href = set.kind === 'local' ? LOCAL_MANIFEST : deps.manifestHref(deps.modelSet);
    const files = set.kind === 'local' ? set.local.files : undefined;
    const progress = progressBatch((batch) => mine === loadToken && store.getState().setDownloads(batch));
    client.load(href, manifest, backend, progress.push, roles, files).then(
      (loaded) => {
        if (mine !== loadToken) return progress.drop();
        progress.flush();
        const run = state.phase.name === 'opening' && state.phase.startWhenReady;
        state.models = { set, manifest, backend, roles: loaded.denoisers.map((d) => d.role) };
        state.phase = { name: 'ready' };
        store.getState().setOpen({ phase: 'ready', loaded });
        if (set.kind === 'served') deps.precache?.(loaded);
        if (run) running.generate();
      },
      (e: Error) => {
        progress.drop();
        if (mine !== loadToken) return;
        if (set.kind === 'served') return fail(e.message);
        // A set from disk that fails to open (a model's shape, a kernel): the reason shows under
        // "Your own models", and the models in use before are used again, as the worker kept them.
        store.getState().setLocalError(e.message);
        if (!before) return switchSet(null);
        wanted = before.models.set;
        state.models = before.models;
        state.phase = { name: 'ready' };
        readSettingsFor(before.models.manifest, before.models.set.kind === 'local');
        store.getState().setOpen({ ...before.open, phase: 'ready', error: null });
        store.getState().resetDownloads(before.downloads);
      },
    );
  }

  /** The link's settings read again against another set; the settings watcher stays out of it (that set's open follows). */
  function readSettingsFor(manifest: Manifest, local: boolean): void {
    switching = true;
    try {
      settingsForSet(store, manifest, local, link);
    } finally {
      switching = false;
    }
  }

  /** The set has a medium model, and it is neither open nor being opened. */
  const mediumMissing = (): boolean => state.models !== null && !state.models.roles.includes('medium') && hasMedium(state.models.manifest);

  /**
   * Another model set (the user's own from disk, or null: back to the link's). The shown run goes
   * with the old set (its images have that set's shape); the link's settings are read again
   * against the new set's classes and defaults; its models open in place of the old ones.
   */
  function switchSet(local: LocalSet<File> | null): void {
    wanted = local ? { kind: 'local', local } : { kind: 'served' };
    running.drop();
    running.forget(true);
    const manifest = local ? local.manifest : found?.served;
    if (!found || !manifest) {
      void start(false); // the link's set never opened (failed): start over with the wanted one
      return;
    }
    readSettingsFor(manifest, local !== null);
    open(wanted, manifest, backendNow(), rolesFor(manifest), false);
  }

  return {
    start,
    switchSet,
    /** Settings are being read again for another set (the settings watcher leaves them alone). */
    get readingSettings(): boolean {
      return switching;
    },
    mediumMissing,
    /** Open the medium model beside the others (kept open from now on); `startWhenReady`: a run follows. */
    openMedium(startWhenReady: boolean): void {
      const models = state.models;
      if (!models || !mediumMissing()) return;
      open(models.set, models.manifest, models.backend, TRIO, startWhenReady);
    },
    // A lost GPU device leaves the worker unusable: drop it and open the same models on wasm in a
    // fresh worker (the files come from the Cache API); a run cut short starts again there.
    deviceLost(reason: string): void {
      const rerun = running.interrupt();
      wasmOnly = true;
      store.getState().setBackendSwitch(reason);
      client.terminate(reason);
      const models = state.models;
      if (models) open(models.set, models.manifest, 'wasm', [...models.roles], rerun);
    },
    /** Retry: a fresh worker, the probe and the manifest fetched again, the page's run reset; nothing runs on its own. */
    retry(): void {
      running.drop();
      client.terminate('Restarting after an error.');
      running.forget(false);
      queries.removeQueries({ queryKey: ['backend'] });
      queries.removeQueries({ queryKey: ['manifest'] });
      void start(false);
    },
    dispose(): void {
      stopMirror?.();
    },
  };
}
