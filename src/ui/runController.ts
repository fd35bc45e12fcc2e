// The page's runs, owned by one object made once at start-up: it starts, cancels and restarts
// generations in the worker, measures agreement or this device's speed, and reruns a run cut short by a lost GPU device
// once the models are open again. Steps go to the recorder (pixels) and the store (progress,
// timings). Its state is explicit (`phase`), and every transition is a method or a reply.
import type { RunHandle, RuntimeClient } from '../client/client';
import { DEVICE_BENCH, MODEL_ROLES, comparisonPlan, type BenchResult, type ModelRole, type PlanSpec } from '../core';
import type { Manifest } from '../models/manifest';
import type { GenerateParams, SamplingParams, Trajectory } from '../worker/protocol';
import type { Recorder } from './recorder';
import { batchClasses, sameSettings, type Settings } from './settings';
import type { AppStore, RunInfo } from './store';

/**
 * - loading: no models are open in the worker (first load, Retry, reload on wasm after a lost
 *   device); `startWhenReady` runs the current settings as soon as they are.
 * - ready: models open, no generation in flight (a measurement may be: agreement, or this device's speed).
 * - starting: a generation waits for a measurement to stop first.
 * - running: a generation is in flight.
 * - cancelling: its cancel was sent; `then` says whether a new run follows (a setting changed).
 */
export type Phase =
  | { name: 'loading'; startWhenReady: boolean }
  | { name: 'ready' }
  | { name: 'starting' }
  | { name: 'running'; handle: RunHandle; token: number }
  | { name: 'cancelling'; handle: RunHandle; token: number; then: 'restart' | 'stop' };

/** What the controller needs of the runtime client (a fake in the unit tests). */
export type RunClient = Pick<RuntimeClient, 'generate' | 'agreement' | 'bench' | 'terminate' | 'onDeviceLost'>;

/** The stitched plan the settings describe (S -> M -> L), and the plan of what it is compared with. */
export function runPlans(settings: Settings, m: Manifest): Record<Trajectory, PlanSpec> {
  const { steps, smallSteps, mediumSteps, compare } = settings;
  const stitched: PlanSpec = { steps, counts: { small: smallSteps, medium: mediumSteps, large: steps - smallSteps - mediumSteps }, order: 'small-first' };
  const gflops = Object.fromEntries(m.denoisers.map((d) => [d.role, d.gflops]));
  try {
    return { stitched, baseline: comparisonPlan(compare, stitched, gflops) };
  } catch (e) {
    throw new Error(`This comparison needs each model's cost (gflops) in the manifest: ${(e as Error).message}`);
  }
}

export function runInfo(settings: Settings, m: Manifest): RunInfo {
  return { settings, classes: batchClasses(settings.classChoice, settings.batch, settings.seed, m.classes.length), plans: runPlans(settings, m) };
}

/** The models a run's plans use. */
export function rolesOf(run: Pick<RunInfo, 'plans'>): ModelRole[] {
  return MODEL_ROLES.filter((role) => run.plans.stitched.counts[role] > 0 || run.plans.baseline.counts[role] > 0);
}

function samplingParams({ settings, classes }: RunInfo, m: Manifest): SamplingParams {
  const { seed, guidance, sampler } = settings;
  return { seed, classes, guidance, sampler, eta: m.defaults.eta };
}

export function toParams(run: RunInfo, m: Manifest): GenerateParams {
  return { ...samplingParams(run, m), plans: run.plans };
}

export type RunController = ReturnType<typeof createRunController>;

export function createRunController({ client, store, recorder }: { client: RunClient; store: AppStore; recorder: Recorder }) {
  let phase: Phase = { name: 'loading', startWhenReady: false };
  let manifest: Manifest | null = null;
  /** The models open in the worker: a run that needs another one waits in loading until App opens it. */
  let loadedRoles: readonly ModelRole[] = [];
  /** Increases with every run started or abandoned: replies of older runs are dropped. */
  let token = 0;
  /** A measurement sharing the models with the runs (agreement, or the device benchmark): one at a time. */
  let measurement: RunHandle | null = null;

  function begin(): void {
    const state = store.getState();
    let run: RunInfo;
    try {
      run = runInfo(state.settings, manifest!);
    } catch (e) {
      phase = { name: 'ready' };
      state.finishRun('error', (e as Error).message);
      return;
    }
    if (rolesOf(run).some((role) => !loadedRoles.includes(role))) {
      phase = { name: 'loading', startWhenReady: true };
      return;
    }
    recorder.reset({ stitched: run.plans.stitched.steps, baseline: run.plans.baseline.steps }, run.classes.length);
    state.clearAgreement();
    state.startRun(run);
    const mine = ++token;
    // Not replaced; a run being cancelled for a restart shows nothing more, one cancelled by the user
    // its last steps (the worker stops before its next model call).
    const live = () => mine === token && !(phase.name === 'cancelling' && phase.then === 'restart');
    store.setState({ decodeCost: {} });
    const handle = client.generate({ ...toParams(run, manifest!), decodeEveryStep: store.getState().decodeEveryStep }, {
      onStep: (m) => {
        if (!live()) return;
        recorder.record(m.trajectory, { index: m.index, t: m.t, role: m.role, x: m.x, x0: m.x0 });
        store.getState().setProgress(m.trajectory, m.index, m.elapsedMs);
      },
      onTrajectory: (m) => {
        if (!live()) return;
        store.getState().setTiming(m.trajectory, m.ms, m.calls, m.modelMs);
        if (m.decode) store.getState().setDecodeCost(m.trajectory, m.decode);
      },
    });
    phase = { name: 'running', handle, token: mine };
    handle.done.then(
      (outcome) => ended(mine, outcome),
      (e: Error) => {
        if (mine !== token) return; // abandoned (Retry, lost device): the new phase decides
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
      case 'loading':
        phase = { name: 'loading', startWhenReady: true };
        return;
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

  function cancel(): void {
    switch (phase.name) {
      case 'loading':
        if (phase.startWhenReady && store.getState().status === 'running') store.getState().finishRun('cancelled');
        phase = { name: 'loading', startWhenReady: false };
        return;
      case 'starting':
        phase = { name: 'ready' };
        return;
      default:
        return cancelThen('stop');
    }
  }

  /** The worker is going away (Retry) or lost its device: nothing runs until modelsReady. */
  function modelsGone(rerun: boolean): void {
    token++;
    measurement = null;
    phase = { name: 'loading', startWhenReady: rerun };
  }

  // A lost GPU device leaves the worker unusable: drop it. The page then asks for wasm sessions
  // (App), which load in a fresh worker from the cached files; a run cut short starts again there.
  client.onDeviceLost = (reason) => {
    const stopping = phase.name === 'cancelling' && phase.then === 'stop';
    const rerun = phase.name === 'running' || phase.name === 'starting' || (phase.name === 'cancelling' && !stopping) || (phase.name === 'loading' && phase.startWhenReady);
    modelsGone(rerun);
    if (stopping) store.getState().finishRun('cancelled'); // the user's cancel: it ends here
    store.getState().setBackendSwitch(reason);
    client.terminate(reason);
  };

  // A setting changed during a run: cancel it cleanly and start again with the new settings.
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.settings === prev.settings || phase.name !== 'running' || !s.run) return;
    if (!sameSettings(s.settings, s.run.settings)) generate();
  });

  return {
    get phase(): Phase {
      return phase;
    },
    /** The worker has the models of `m` in `roles` open: a run waiting for them starts now. */
    modelsReady(m: Manifest, roles: readonly ModelRole[]): void {
      manifest = m;
      loadedRoles = roles;
      if (phase.name !== 'loading') return;
      const start = phase.startWhenReady;
      phase = { name: 'ready' };
      if (start) generate();
    },
    /**
     * Another model set is about to load (the user's own, or back to the link's): the worker's load
     * cancels what runs; the shown run goes with the old set (its images have that set's shape).
     */
    switchModels(): void {
      modelsGone(false);
      recorder.clear();
      store.getState().resetRun();
      store.getState().clearAgreement();
    },
    /** Retry: the worker is replaced; the page state is reset and nothing runs on its own. */
    restart(): void {
      modelsGone(false);
      client.terminate('Restarting after an error.');
      store.getState().resetRun();
    },
    generate,
    /** A shared link: run once the models are open (at once when they already are). */
    generateWhenReady(): void {
      if (phase.name === 'loading') phase = { name: 'loading', startWhenReady: true };
      else generate();
    },
    cancel,
    /** Measure both models' agreement along the shown run's large-only trajectory. */
    async measureAgreement(): Promise<void> {
      const state = store.getState();
      const run = state.run;
      if (!manifest || phase.name !== 'ready' || !run || state.status !== 'done' || measurement) return;
      state.startAgreement();
      // Points and outcome belong to this run only; a new run clears them.
      const forThisRun = (f: () => void) => store.getState().run === run && f();
      const params = { ...samplingParams(run, manifest), steps: run.settings.steps };
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
      if (!manifest || phase.name !== 'ready' || measurement) return;
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
    dispose(): void {
      unsubscribe();
      client.onDeviceLost = null;
    },
  };
}
