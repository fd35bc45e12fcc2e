// The page runtime: the one owner of what the page has open and what runs on it, made once at
// start-up (services.tsx). It probes the backend and fetches the link's manifest (TanStack Query
// keeps those pure fetches), reads the link's settings, opens the models in the worker, and then
// starts, cancels and restarts generations, measures agreement or this device's speed. A lost GPU
// device, a change of model set, the medium model being needed and Retry are each one method.
// Its state is explicit (`phase`); the view reads what is open from the store (`open`), never
// from here. Steps go to the recorder (pixels) and the store (progress, timings).
import type { QueryClient } from '@tanstack/react-query';
import type { LoadResult, RunHandle, RuntimeClient } from '../client/client';
import { DEVICE_BENCH, type BenchResult, type ModelRole } from '../core';
import { fetchManifest, type Manifest, type ModelSetName } from '../models/manifest';
import type { BackendChoice, BackendName } from '../worker/protocol';
import type { LocalSet } from './localSet';
import type { Recorder } from './recorder';
import { rolesOf, runInfo, samplingParams, toParams } from '../view/runPlans';
import { sameSettings } from '../view/settings';
import { requestParams, stripPlan, stripRequests, stripSettings } from '../view/strip';
import type { AppStore, RunInfo } from './store';
import { mirrorSettings, settingsForSet, settingsFromLink, type Link } from './urlSync';

/**
 * - probing: the backend probe and the link's manifest are being fetched (start-up, Retry).
 * - opening: the worker opens `roles` of a set on `backend` (first load, a set changed, the medium
 *   model needed, wasm after a lost device).
 * - failed: nothing is open (the probe, the manifest or the models failed); Retry starts over.
 * - ready: models open, no generation in flight (a measurement may be: agreement, this device's speed).
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

/** What the runtime needs of the worker client (a fake in the unit tests). */
export type RuntimePort = Pick<RuntimeClient, 'probe' | 'load' | 'generate' | 'agreement' | 'bench' | 'terminate' | 'onDeviceLost'>;

export interface RuntimeDeps {
  client: RuntimePort;
  store: AppStore;
  recorder: Recorder;
  /** Caches the pure fetches (probe, manifest) the view may read too. */
  queries: QueryClient;
  /** The link's model set (`?models=`) and where its manifest is. */
  modelSet: ModelSetName;
  manifestHref(name: ModelSetName): string;
  link: Link;
  fetchManifest?: (href: string) => Promise<Manifest>;
  /** A served set is open: keep the app for offline visits (offline.ts). */
  precache?: (loaded: LoadResult) => void;
}

/** Where a local set's manifest "is": never fetched (the worker reads the files handed to it). */
const LOCAL_MANIFEST = 'local:manifest.json';
const PAIR: ModelRole[] = ['small', 'large'];
const TRIO: ModelRole[] = ['small', 'medium', 'large'];
const hasMedium = (m: Manifest) => m.denoisers.some((d) => d.role === 'medium');

export type PageRuntime = ReturnType<typeof createPageRuntime>;

export function createPageRuntime(deps: RuntimeDeps) {
  const { client, store, recorder, queries, link } = deps;
  const readManifest = deps.fetchManifest ?? ((href: string) => fetchManifest(href));
  let phase: Phase = { name: 'probing', startWhenReady: false };
  /** The set the user wants open; what is being opened or is open (set, manifest, backend, roles). */
  let wanted: ModelSet = { kind: 'served' };
  let current: { set: ModelSet; manifest: Manifest; backend: BackendName; roles: ModelRole[] } | null = null;
  /** The models open in the worker now; null while opening. */
  let opened: { manifest: Manifest; roles: readonly ModelRole[] } | null = null;
  let probe: BackendChoice | null = null;
  let served: Manifest | null = null;
  /** Increases with every open or start-up: replies of a superseded one are dropped. */
  let loadToken = 0;
  /** Increases with every run started or abandoned: replies of older runs are dropped. */
  let token = 0;
  /** A measurement sharing the models with the runs (agreement, the device benchmark, the r strip): one at a time. */
  let measurement: RunHandle | null = null;
  /** The r strip while it runs (its handle is then the measurement), and how to stop it saying why. */
  let strip: { handle: RunHandle; stop(reason: string): void } | null = null;
  /** Settings re-read for a new set: the set's own open follows, the settings watcher stays out of it. */
  let switching = false;
  let stopMirror: (() => void) | null = null;

  const pendingStart = () => (phase.name === 'probing' || phase.name === 'opening') && phase.startWhenReady;
  const backendNow = (): BackendName => (store.getState().backendSwitch ? 'wasm' : probe!.backend);
  /** The medium model is opened the first time a setting gives it steps, and then kept open for that set. */
  const rolesFor = (m: Manifest, keepMedium: boolean): ModelRole[] =>
    hasMedium(m) && (keepMedium || store.getState().settings.mediumSteps > 0) ? TRIO : PAIR;

  function fail(message: string): void {
    phase = { name: 'failed', message };
    store.getState().setOpen({ phase: 'failed', error: message, loaded: null });
  }

  /** Runs in flight go (the worker's load cancels them); their replies are dropped from now on. */
  function dropRuns(): void {
    token++;
    measurement = null;
  }

  /** Probe the backend and fetch the link's manifest (cached), read the link once, then open the wanted set. */
  async function start(startWhenReady: boolean): Promise<void> {
    const mine = ++loadToken;
    phase = { name: 'probing', startWhenReady };
    store.getState().setOpen({ phase: 'probing', error: null, loaded: null });
    let m: Manifest;
    try {
      const href = deps.manifestHref(deps.modelSet);
      [probe, m] = await Promise.all([
        queries.fetchQuery({ queryKey: ['backend'], queryFn: () => client.probe(), staleTime: Infinity }),
        queries.fetchQuery({ queryKey: ['manifest', deps.modelSet], queryFn: () => readManifest(href), staleTime: Infinity }),
      ]);
    } catch (e) {
      if (mine === loadToken) fail((e as Error).message);
      return;
    }
    if (mine !== loadToken) return;
    served = m;
    store.getState().setOpen({ probe });
    let run = pendingStart();
    if (!store.getState().settingsReady) {
      run = settingsFromLink(store, m, link) || run;
      stopMirror = mirrorSettings(store, link);
    }
    const manifest = wanted.kind === 'local' ? wanted.local.manifest : m;
    open(wanted, manifest, backendNow(), rolesFor(manifest, false), run);
  }

  function open(set: ModelSet, manifest: Manifest, backend: BackendName, roles: ModelRole[], startWhenReady: boolean): void {
    const mine = ++loadToken;
    // What is open now: the worker keeps it open until the new set has passed every check.
    const before = opened && current ? { current, opened, open: store.getState().open } : null;
    dropRuns();
    opened = null;
    current = { set, manifest, backend, roles };
    phase = { name: 'opening', set: set.kind, backend, roles, startWhenReady };
    const state = store.getState();
    state.resetDownloads();
    state.setOpen({ phase: 'opening', manifest, local: set.kind === 'local', roles, loaded: null, error: null });
    const href = set.kind === 'local' ? LOCAL_MANIFEST : deps.manifestHref(deps.modelSet);
    const files = set.kind === 'local' ? set.local.files : undefined;
    client.load(href, manifest, backend, (p) => mine === loadToken && store.getState().setDownload(p), roles, files).then(
      (loaded) => {
        if (mine !== loadToken) return;
        opened = { manifest, roles: loaded.denoisers.map((d) => d.role) };
        store.getState().setOpen({ phase: 'ready', loaded });
        if (set.kind === 'served') deps.precache?.(loaded);
        const run = pendingStart();
        phase = { name: 'ready' };
        if (run) generate();
      },
      (e: Error) => {
        if (mine !== loadToken) return;
        if (set.kind === 'served') return fail(e.message);
        // A set from disk that fails to open (a model's shape, a kernel): the reason shows under
        // "Your own models", and the models in use before are used again, as the worker kept them.
        store.getState().setLocalError(e.message);
        if (!before) return switchSet(null);
        wanted = before.current.set;
        current = before.current;
        opened = before.opened;
        phase = { name: 'ready' };
        readSettingsFor(before.current.manifest, before.current.set.kind === 'local');
        store.getState().setOpen({ ...before.open, phase: 'ready', error: null });
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

  /** Open the medium model beside the others (kept open from now on); a run waiting for it follows. */
  function needMedium(startWhenReady: boolean): void {
    if (!current || current.roles.includes('medium') || !hasMedium(current.manifest)) return;
    open(current.set, current.manifest, current.backend, TRIO, startWhenReady || pendingStart());
  }

  /**
   * Another model set (the user's own from disk, or null: back to the link's). The shown run goes
   * with the old set (its images have that set's shape); the link's settings are read again
   * against the new set's classes and defaults; its models open in place of the old ones.
   */
  function switchSet(local: LocalSet<File> | null): void {
    wanted = local ? { kind: 'local', local } : { kind: 'served' };
    dropRuns();
    recorder.clear();
    const state = store.getState();
    state.resetRun();
    state.clearAgreement();
    state.clearStrip(); // its images have the old set's shape
    const manifest = local ? local.manifest : served;
    if (!probe || !manifest) {
      void start(false); // the link's set never opened (failed): start over with the wanted one
      return;
    }
    readSettingsFor(manifest, local !== null);
    open(wanted, manifest, backendNow(), rolesFor(manifest, false), false);
  }

  // A lost GPU device leaves the worker unusable: drop it and open the same models on wasm in a
  // fresh worker (the files come from the Cache API); a run cut short starts again there.
  function deviceLost(reason: string): void {
    const stopping = phase.name === 'cancelling' && phase.then === 'stop';
    const rerun =
      phase.name === 'running' || phase.name === 'starting' || (phase.name === 'cancelling' && !stopping) || pendingStart();
    if (stopping) store.getState().finishRun('cancelled'); // the user's cancel: it ends here
    store.getState().setBackendSwitch(reason);
    client.terminate(reason);
    if (current) open(current.set, current.manifest, 'wasm', current.roles, rerun);
  }
  client.onDeviceLost = deviceLost;

  function begin(): void {
    const state = store.getState();
    let run: RunInfo;
    try {
      run = runInfo(state.settings, opened!.manifest);
    } catch (e) {
      phase = { name: 'ready' };
      state.finishRun('error', (e as Error).message);
      return;
    }
    const missing = rolesOf(run).filter((role) => !opened!.roles.includes(role));
    if (missing.length > 0) {
      if (missing.every((role) => role === 'medium') && hasMedium(opened!.manifest)) return needMedium(true);
      phase = { name: 'ready' };
      state.finishRun('error', `This run needs the ${missing.join(' and ')} model, which this set does not have.`);
      return;
    }
    const manifest = opened!.manifest;
    recorder.reset({ stitched: run.plans.stitched.steps, baseline: run.plans.baseline.steps }, run.classes.length);
    state.clearAgreement();
    state.startRun(run);
    const mine = ++token;
    // Not replaced; a run being cancelled for a restart shows nothing more, one cancelled by the user
    // its last steps (the worker stops before its next model call).
    const live = () => mine === token && !(phase.name === 'cancelling' && phase.then === 'restart');
    const handle = client.generate({ ...toParams(run, manifest), decodeEveryStep: state.decodeEveryStep }, {
      onStep: (m) => {
        if (!live()) return;
        recorder.record(m.trajectory, { index: m.index, t: m.t, role: m.role, elapsedMs: m.elapsedMs, x: m.x, x0: m.x0 });
        store.getState().setProgress(m.trajectory, m.index, m.elapsedMs);
      },
      onTrajectory: (m) => {
        if (!live()) return;
        store.getState().setTiming(m.trajectory, m.ms, m.calls, m.modelMs, m.retimed, m.retaken);
        if (m.decode) store.getState().setDecodeCost(m.trajectory, m.decode);
      },
    });
    phase = { name: 'running', handle, token: mine };
    handle.done.then(
      (outcome) => ended(mine, outcome),
      (e: Error) => {
        if (mine !== token) return; // abandoned (a new set, Retry, a lost device): the new phase decides
        phase = { name: 'ready' };
        store.getState().finishRun('error', e.message);
      },
    );
  }

  function ended(mine: number, outcome: 'done' | 'cancelled'): void {
    if (mine !== token || (phase.name !== 'running' && phase.name !== 'cancelling')) return;
    if (phase.name === 'cancelling' && phase.then === 'restart') {
      store.getState().noteRestart();
      begin();
      return;
    }
    phase = { name: 'ready' };
    store.getState().finishRun(outcome);
  }

  /** Cancel the run in flight (running or already cancelling); `then` says what follows it. */
  function cancelThen(then: 'restart' | 'stop'): void {
    if (phase.name === 'running') {
      phase = { ...phase, name: 'cancelling', then };
      phase.handle.cancel();
    } else if (phase.name === 'cancelling') {
      phase = { ...phase, then };
    }
  }

  /** Generate with the current settings; a run in flight is cancelled and started over. */
  function generate(): void {
    switch (phase.name) {
      case 'probing':
      case 'opening':
        phase = { ...phase, startWhenReady: true };
        return;
      case 'failed':
        return; // nothing is open: Retry first
      case 'ready': {
        // A measurement shares the models: let it stop first, so it cannot slow the new run's first call.
        const measuring = measurement;
        if (!measuring) return begin();
        phase = { name: 'starting' };
        measuring.cancel();
        void measuring.done.catch(() => undefined).then(() => {
          if (phase.name === 'starting') begin();
        });
        return;
      }
      case 'starting':
        return; // it reads the settings when it begins
      default:
        return cancelThen('restart');
    }
  }

  /**
   * "How far can you push r?": the final images at r = 0, 0.2, ..., 1 from the current settings'
   * noise, classes, sampler, steps and guidance (strip.ts), two strip runs per `generate` (its two
   * trajectories), one request after the other. A measurement like the others: one at a time, a
   * Generate stops it first. Asked for while a run is in flight, it is refused with the reason (the
   * view disables the button and says why): starting later on its own would surprise more than help.
   * Nothing goes to the recorder: the two panels keep showing their run.
   */
  async function measureStrip(): Promise<void> {
    const state = store.getState();
    const refusal = !opened
      ? 'The models are not open yet.'
      : phase.name !== 'ready'
        ? 'A run is in flight: the strip uses the same models, so it starts once the run has finished or been cancelled.'
        : measurement
          ? 'Another measurement is running (agreement or this device\'s speed): the strip starts once it has finished.'
          : null;
    if (refusal) return state.refuseStrip(refusal);
    const manifest = opened!.manifest;
    const made = stripSettings(state.settings);
    const plan = stripPlan(made.steps, manifest);
    const requests = stripRequests(plan);
    const id = state.startStrip(plan, made);
    const own = { stopped: null as string | null, current: null as RunHandle | null };
    const stop = (reason: string) => {
      own.stopped ??= reason;
      own.current?.cancel();
    };
    // generate() stops a measurement through its handle: that is a run starting.
    const handle: RunHandle = { done: Promise.resolve('done'), cancel: () => stop('A run started, and the strip stopped so as not to slow it down.') };
    const sequence = async (): Promise<'done' | 'cancelled'> => {
      for (const request of requests) {
        // Stopped, or dropped by a load or Retry (whose worker cancelled the request in flight).
        if (own.stopped !== null || measurement !== handle) return 'cancelled';
        const trajectoryRun = (t: 'stitched' | 'baseline') => request.runs[t];
        own.current = client.generate(requestParams(made, request, manifest), {
          onStep: (m) => {
            const run = trajectoryRun(m.trajectory);
            if (run !== null && m.index === m.steps - 1) store.getState().setStripImage(id, run, m.x0);
          },
          onTrajectory: (m) => {
            const run = trajectoryRun(m.trajectory);
            if (run !== null) store.getState().setStripTime(id, run, m.ms);
          },
        });
        if ((await own.current.done) === 'cancelled') return 'cancelled';
      }
      return 'done';
    };
    measurement = handle;
    strip = { handle, stop };
    handle.done = sequence();
    try {
      const outcome = await handle.done;
      const why = outcome === 'done' ? undefined : (own.stopped ?? 'The models were opened again, which stopped the strip.');
      store.getState().finishStrip(id, outcome, why);
    } catch (e) {
      store.getState().finishStrip(id, 'error', (e as Error).message);
    } finally {
      if (measurement === handle) measurement = null;
      if (strip?.handle === handle) strip = null;
    }
  }

  function cancel(): void {
    switch (phase.name) {
      case 'probing':
      case 'opening':
        if (phase.startWhenReady && store.getState().status === 'running') store.getState().finishRun('cancelled');
        phase = { ...phase, startWhenReady: false };
        return;
      case 'starting':
        phase = { name: 'ready' };
        return;
      case 'failed':
      case 'ready':
        return;
      default:
        return cancelThen('stop');
    }
  }

  // A setting changed: the medium model opens the first time it is given steps; a run in flight is
  // cancelled cleanly and started again with the new settings.
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.settings === prev.settings || switching) return;
    const rerun = phase.name === 'running' || phase.name === 'starting' || (phase.name === 'cancelling' && phase.then === 'restart');
    if (s.settings.mediumSteps > 0 && current && !current.roles.includes('medium') && hasMedium(current.manifest)) return needMedium(rerun);
    if (phase.name !== 'running' || !s.run) return;
    if (!sameSettings(s.settings, s.run.settings)) generate();
  });

  return {
    get phase(): Phase {
      return phase;
    },
    /** Start-up: probe, manifest, the link's settings, then the models (once, from main.tsx). */
    start(): Promise<void> {
      return start(false);
    },
    switchSet,
    needMedium(): void {
      needMedium(false);
    },
    deviceLost,
    /** Retry: a fresh worker, the probe and the manifest fetched again, the page's run reset; nothing runs on its own. */
    retry(): void {
      dropRuns();
      loadToken++;
      opened = null;
      client.terminate('Restarting after an error.');
      store.getState().resetRun();
      queries.removeQueries({ queryKey: ['backend'] });
      queries.removeQueries({ queryKey: ['manifest'] });
      void start(false);
    },
    generate,
    cancel,
    /** Measure both models' agreement along the shown run's baseline trajectory. */
    async measureAgreement(): Promise<void> {
      const state = store.getState();
      const run = state.run;
      if (!opened || phase.name !== 'ready' || !run || state.status !== 'done' || measurement) return;
      state.startAgreement();
      // Points and outcome belong to this run only; a new run clears them.
      const forThisRun = (f: () => void) => store.getState().run === run && f();
      const params = { ...samplingParams(run, opened.manifest), steps: run.settings.steps };
      const handle = client.agreement(params, (p) => forThisRun(() => store.getState().addAgreementPoint(p)));
      measurement = handle;
      try {
        const outcome = await handle.done;
        forThisRun(() => store.getState().finishAgreement(outcome));
      } catch (e) {
        forThisRun(() => store.getState().finishAgreement('error', (e as Error).message));
      } finally {
        if (measurement === handle) measurement = null;
      }
    },
    cancelAgreement(): void {
      if (store.getState().agreementStatus === 'running') measurement?.cancel();
    },
    /**
     * Time stitched against large-only sampling in this browser's worker, with the fixed short
     * benchmark (DEVICE_BENCH), for a report a user can copy and send.
     */
    async measureDevice(): Promise<void> {
      if (!opened || phase.name !== 'ready' || measurement) return;
      const { startDevice, setDeviceProgress, finishDevice } = store.getState();
      startDevice();
      const got: { result?: BenchResult } = {};
      const handle = client.bench(DEVICE_BENCH, setDeviceProgress, (r) => (got.result = r));
      measurement = handle;
      try {
        const outcome = await handle.done;
        finishDevice(outcome, outcome === 'done' ? got.result : undefined);
      } catch (e) {
        finishDevice('error', undefined, (e as Error).message);
      } finally {
        if (measurement === handle) measurement = null;
      }
    },
    cancelDevice(): void {
      if (store.getState().device.status === 'running') measurement?.cancel();
    },
    measureStrip,
    /** Stop the r strip between model calls; the images it has finished stay. */
    cancelStrip(): void {
      strip?.stop('Cancelled.');
    },
    dispose(): void {
      unsubscribe();
      stopMirror?.();
      client.onDeviceLost = null;
    },
  };
}
