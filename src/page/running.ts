// The page runtime's running half: with the models open, it starts, cancels and restarts
// generations (the stitched trajectory and the large-only one, side by side), and runs the
// measurements in the one measurement slot (measurement.ts), one at a time and never during a run.
// It decides from its own state: the phase, the run it shows (`shown`, as it last wrote it to the
// store) and the slot; the store only hears what happened. The opening half (opening.ts) says when
// the models go (`drop`) and asks what a run in flight becomes then (`interrupt`).
import type { RuntimeClient } from '../client/client';
import { rolesOf, runInfo, toParams, type RunInfo } from '../view/runPlans';
import { agreementMeasurement, createMeasurementSlot, deviceMeasurement, stripMeasurement, type MeasurementKind } from './measurement';
import type { Recorder } from './recorder';
import { hasMedium, openModels, type RuntimeState } from './phase';
import type { AppStore, JobStatus } from './store';

export interface RunningDeps {
  client: Pick<RuntimeClient, 'generate' | 'agreement' | 'bench'>;
  store: AppStore;
  recorder: Recorder;
  state: RuntimeState;
  /** The run needs the medium model, which is not open yet: open it, and start the run once it is. */
  openMedium(): void;
}

export type Running = ReturnType<typeof createRunning>;

export function createRunning({ client, store, recorder, state, openMedium }: RunningDeps) {
  /** Increases with every run started or abandoned: replies of older runs are dropped. */
  let token = 0;
  /**
   * The run shown, and its status as this runtime last wrote it: the agreement follows a finished
   * one, a Cancel while the models reopen ends one cut short.
   */
  let shown: { run: RunInfo; status: JobStatus } | null = null;
  const slot = createMeasurementSlot();

  function finish(status: Exclude<JobStatus, 'idle' | 'running'>, error?: string): void {
    if (shown) shown = { run: shown.run, status };
    store.getState().finishRun(status, error);
  }

  function ready(): void {
    state.phase = { name: 'ready' };
  }

  function begin(): void {
    const models = openModels(state)!;
    const st = store.getState();
    let run: RunInfo;
    try {
      run = runInfo(st.settings, models.manifest);
    } catch (e) {
      ready();
      return finish('error', (e as Error).message);
    }
    const missing = rolesOf(run).filter((role) => !models.roles.includes(role));
    if (missing.length > 0) {
      if (missing.every((role) => role === 'medium') && hasMedium(models.manifest)) return openMedium();
      ready();
      return finish('error', `This run needs the ${missing.join(' and ')} model, which this set does not have.`);
    }
    recorder.reset({ stitched: run.plans.stitched.steps, baseline: run.plans.baseline.steps }, run.classes.length);
    st.clearAgreement();
    st.startRun(run);
    shown = { run, status: 'running' };
    const mine = ++token;
    // Not replaced; a run being cancelled for a restart shows nothing more, one cancelled by the user
    // its last steps (the worker stops before its next model call).
    const live = () => mine === token && !(state.phase.name === 'cancelling' && state.phase.then === 'restart');
    const handle = client.generate(
      { ...toParams(run, models.manifest), decodeEveryStep: st.decodeEveryStep },
      {
        onStep: (m) => {
          if (!live()) return;
          recorder.record(m.trajectory, m);
          store.getState().setProgress(m.trajectory, m.index, m.elapsedMs);
        },
        onTrajectory: (m) => {
          if (!live()) return;
          store.getState().setTiming(m.trajectory, m.ms, m.calls, m.modelMs, m.retimed, m.retaken);
          if (m.decode) store.getState().setDecodeCost(m.trajectory, m.decode);
        },
      },
    );
    state.phase = { name: 'running', handle, token: mine };
    handle.done.then(
      (outcome) => ended(mine, outcome),
      (e: Error) => {
        if (mine !== token) return; // abandoned (a new set, Retry, a lost device): the new phase decides
        ready();
        finish('error', e.message);
      },
    );
  }

  function ended(mine: number, outcome: 'done' | 'cancelled'): void {
    const phase = state.phase;
    if (mine !== token || (phase.name !== 'running' && phase.name !== 'cancelling')) return;
    if (phase.name === 'cancelling' && phase.then === 'restart') {
      store.getState().noteRestart();
      return begin();
    }
    ready();
    finish(outcome);
  }

  /** Cancel the run in flight (running or already cancelling); `then` says what follows it. */
  function cancelThen(then: 'restart' | 'stop'): void {
    const phase = state.phase;
    if (phase.name === 'running') {
      state.phase = { ...phase, name: 'cancelling', then };
      phase.handle.cancel();
    } else if (phase.name === 'cancelling') {
      state.phase = { ...phase, then };
    }
  }

  /** Generate with the current settings; a run in flight is cancelled and started over. */
  function generate(): void {
    const phase = state.phase;
    switch (phase.name) {
      case 'probing':
      case 'opening':
        state.phase = { ...phase, startWhenReady: true };
        return;
      case 'failed':
        return; // nothing is open: Retry first
      case 'ready': {
        // A measurement shares the models: let it stop first, so it cannot slow the new run's first call.
        const stopped = slot.stop('run');
        if (!stopped) return begin();
        state.phase = { name: 'starting' };
        void stopped.then(() => state.phase.name === 'starting' && begin());
        return;
      }
      case 'starting':
        return; // it reads the settings when it begins
      default:
        return cancelThen('restart');
    }
  }

  /** Cancel (the button, Esc): the run in flight, a start pending, and a measurement running. */
  function cancel(): void {
    void slot.stop('cancel');
    const phase = state.phase;
    switch (phase.name) {
      case 'probing':
      case 'opening':
        // A run cut short (a lost device, the medium model opening) ends here, as cancelled.
        if (phase.startWhenReady && shown?.status === 'running') finish('cancelled');
        state.phase = { ...phase, startWhenReady: false };
        return;
      case 'starting':
        return ready();
      case 'failed':
      case 'ready':
        return;
      default:
        return cancelThen('stop');
    }
  }

  /**
   * Why a measurement cannot start now (the r strip says it; the others just do not start): the
   * models are not open, a run is in flight, or another measurement holds the slot.
   */
  function refusal(): string | null {
    if (!openModels(state)) return 'The models are not open yet.';
    if (state.phase.name !== 'ready')
      return 'A run is in flight: the strip uses the same models, so it starts once the run has finished or been cancelled.';
    if (slot.busy) return "Another measurement is running (agreement or this device's speed): the strip starts once it has finished.";
    return null;
  }

  const stop = (kind: MeasurementKind) => () => void slot.stop('cancel', kind);

  return {
    generate,
    cancel,
    /** The run in flight (the settings watcher restarts it when the settings differ from its own). */
    get inFlight(): RunInfo | null {
      return state.phase.name === 'running' ? (shown?.run ?? null) : null;
    },
    /**
     * The models go (a load, a fresh worker): what a run in flight becomes. A Cancel already sent
     * ends it here, as cancelled; else it starts again once the models are open (true) if one was
     * in flight, starting, or asked for.
     */
    interrupt(): boolean {
      const phase = state.phase;
      if (phase.name === 'cancelling' && phase.then === 'stop') {
        finish('cancelled');
        return false;
      }
      return (
        phase.name === 'running' ||
        phase.name === 'starting' ||
        phase.name === 'cancelling' ||
        ((phase.name === 'probing' || phase.name === 'opening') && phase.startWhenReady)
      );
    },
    /** Runs and the measurement in flight go (the worker's load or a fresh worker ends them): their replies are dropped. */
    drop(): void {
      token++;
      slot.drop();
    },
    /** The run shown goes (Retry); with `everything`, its frames and what was measured of it too (another set: their images have the old set's shape). */
    forget(everything: boolean): void {
      shown = null;
      const st = store.getState();
      st.resetRun();
      if (!everything) return;
      recorder.clear();
      st.clearAgreement();
      st.clearStrip();
    },
    /** Measure both models' agreement along the shown run's baseline trajectory (once it has finished). */
    async measureAgreement(): Promise<void> {
      const models = openModels(state);
      const run = shown?.status === 'done' ? shown.run : null;
      if (refusal() || !models || !run) return;
      await slot.start(agreementMeasurement(client, store, run, models.manifest, () => shown?.run === run));
    },
    cancelAgreement: stop('agreement'),
    /** "Measure this device": the fixed short benchmark (DEVICE_BENCH). */
    async measureDevice(): Promise<void> {
      if (refusal()) return;
      await slot.start(deviceMeasurement(client, store));
    },
    cancelDevice: stop('device'),
    /**
     * The r strip. A measurement like the others: one at a time, a Generate stops it first. Asked
     * for while a run is in flight, it is refused with the reason (the view disables the button and
     * says why): starting later on its own would surprise more than help.
     */
    async measureStrip(): Promise<void> {
      const why = refusal();
      if (why) return store.getState().refuseStrip(why);
      await slot.start(stripMeasurement(client, store, openModels(state)!.manifest));
    },
    /** Stop the r strip between model calls; the images it has finished stay. */
    cancelStrip: stop('strip'),
  };
}
