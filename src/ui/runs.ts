// Start, cancel and restart runs in the worker. Steps go to trajectories.ts (pixels) and the store
// (progress, timings). A setting changed during a run cancels it and starts it again.
import type { Manifest } from '../runtime/manifest';
import type { GenerateParams } from '../runtime/protocol';
import { DEVICE_LOST, type RunHandle } from '../runtime/client';
import { runtime } from './models';
import { batchClasses, sameSettings, type Settings } from './settings';
import { useAppStore, type RunInfo } from './store';
import { recordFrame, resetRecording } from './trajectories';

let manifest: Manifest | null = null;
let current: RunHandle | null = null;
/** True while a new run waits for a cancelled agreement measurement to stop. */
let starting = false;
let restartPending = false;
/** Increases with every run started, so messages of a replaced run are recognised and dropped. */
let runToken = 0;
let agreementRun: RunHandle | null = null;
/** A run cut short by a lost GPU device, to start again once the models are open on wasm (App). */
let rerunOnLoad = false;

/** True once after a run was cut short by a lost GPU device: the caller starts it again. */
export function takeRerun(): boolean {
  const rerun = rerunOnLoad;
  rerunOnLoad = false;
  return rerun;
}

export function runInfo(settings: Settings, m: Manifest): RunInfo {
  return { settings, classes: batchClasses(settings.classChoice, settings.batch, settings.seed, m.classes.length) };
}

export function toParams({ settings, classes }: RunInfo, m: Manifest): GenerateParams {
  const { steps, fraction, seed, guidance, sampler } = settings;
  return { steps, fraction, seed, classes, guidance, sampler, eta: m.defaults.eta };
}

/** Generate with the current settings; if a run is in flight, cancel it and start over. */
export function startGeneration(m: Manifest): void {
  manifest = m;
  if (rerunOnLoad) return; // the rerun on wasm reads the settings when it starts
  if (current || starting) {
    restartPending = true;
    current?.cancel();
    return;
  }
  // An agreement measurement shares the models: let it stop first, so it cannot slow the new run's first call.
  const agreement = agreementRun;
  agreement?.cancel();
  starting = true;
  void (async () => {
    await agreement?.done.catch(() => undefined);
    starting = false;
    await runLoop();
  })();
}

export function cancelGeneration(): void {
  restartPending = false;
  if (rerunOnLoad) {
    rerunOnLoad = false;
    useAppStore.getState().finishRun('cancelled');
  }
  current?.cancel();
}

async function runLoop(): Promise<void> {
  for (;;) {
    restartPending = false;
    const store = useAppStore.getState();
    const run = runInfo(store.settings, manifest!);
    resetRecording(run.settings.steps, run.classes.length);
    store.clearAgreement();
    store.startRun(run);
    const token = ++runToken;
    const live = () => token === runToken && !restartPending; // not being replaced
    const handle = runtime.generate(toParams(run, manifest!), {
      onStep: (m) => {
        if (!live()) return;
        recordFrame(m.trajectory, { index: m.index, t: m.t, role: m.role, x: m.x, x0: m.x0 });
        useAppStore.getState().setProgress(m.trajectory, m.index, m.elapsedMs);
      },
      onTrajectory: (m) => live() && useAppStore.getState().setTiming(m.trajectory, m.ms, m.calls),
    });
    current = handle;
    let outcome;
    try {
      outcome = await handle.done;
    } catch (e) {
      current = null;
      if ((e as Error).name === DEVICE_LOST) {
        rerunOnLoad = true; // still 'running': App starts it again once wasm is loaded
        return;
      }
      useAppStore.getState().finishRun('error', (e as Error).message);
      return;
    }
    current = null;
    if (!restartPending) {
      useAppStore.getState().finishRun(outcome);
      return;
    }
    useAppStore.getState().noteRestart();
  }
}

// A setting changed during a run: cancel it cleanly and start again with the new settings.
useAppStore.subscribe((s, prev) => {
  if (s.settings === prev.settings || s.status !== 'running' || !manifest || !s.run) return;
  if (!sameSettings(s.settings, s.run.settings)) startGeneration(manifest);
});

/** Measure both models' agreement along the shown run's large-only trajectory. */
export async function startAgreement(): Promise<void> {
  const store = useAppStore.getState();
  const run = store.run;
  if (!manifest || !run || store.status !== 'done' || agreementRun) return;
  store.startAgreement();
  // Points and outcome belong to this run only; a new run clears them.
  const forThisRun = (f: () => void) => useAppStore.getState().run === run && f();
  const handle = runtime.agreement(toParams(run, manifest), (p) => forThisRun(() => useAppStore.getState().addAgreementPoint(p)));
  agreementRun = handle;
  try {
    const outcome = await handle.done;
    forThisRun(() => useAppStore.getState().finishAgreement(outcome));
  } catch (e) {
    forThisRun(() => useAppStore.getState().finishAgreement('error', (e as Error).message));
  } finally {
    agreementRun = null;
  }
}

export function cancelAgreement(): void {
  agreementRun?.cancel();
}
