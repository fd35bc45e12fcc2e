// The measurement slot: the one place a measurement that shares the models with the runs lives
// (the two models' agreement along the run shown, this device's speed, the r strip). The worker
// runs whatever it is sent, so the page keeps them apart: one measurement at a time, none during a
// run. Each way one ends has one path: it finishes, it is stopped (`stop`: Cancel, or a Generate
// that waits for it), or it is dropped (`drop`: a load or a fresh worker cancels its request, and
// its replies go). How it ended is said once, by the measurement's own `end`, to the store.
import type { RunHandle, RuntimeClient } from '../client/client';
import { DEVICE_BENCH, type BenchResult } from '../core';
import type { Manifest } from '../models/manifest';
import { samplingParams, type RunInfo } from '../view/runPlans';
import { requestParams, stripPlan, stripRequests, stripSettings } from '../view/strip';
import type { AppStore } from './store';

export type MeasurementKind = 'agreement' | 'device' | 'strip';

/** What stopped a measurement before its end: Cancel, a run starting, or the models opened again (dropped). */
export type StopReason = 'cancel' | 'run' | 'reopened';

/** How a measurement ended, as its `end` hears it. */
export type Ended = { status: 'done' } | { status: 'cancelled'; why: StopReason } | { status: 'error'; error: string };

/** A measurement's hold on the slot: its requests go through `send`, so a stop reaches the one in flight. */
export interface Measuring {
  /** Send the next request, unless the measurement was stopped or dropped: then nothing is sent (null). */
  send(request: () => RunHandle): RunHandle | null;
}

export interface Measurement {
  kind: MeasurementKind;
  /**
   * Once it holds the slot: says so in the store, then sends its requests one after the other:
   * 'done', or 'cancelled' (stopped, or by the worker's load).
   */
  run(measuring: Measuring): Promise<'done' | 'cancelled'>;
  /** How it ended, once. */
  end(ended: Ended): void;
}

interface Held {
  kind: MeasurementKind;
  stopped: StopReason | null;
  current: RunHandle | null;
  /** Settles once `end` has been told (never rejects). */
  ended: Promise<void>;
}

export type MeasurementSlot = ReturnType<typeof createMeasurementSlot>;

export function createMeasurementSlot() {
  let held: Held | null = null;

  return {
    /** The measurement running, if any. */
    get busy(): MeasurementKind | null {
      return held?.kind ?? null;
    },
    /** Run `measurement`; null (and nothing runs) while another holds the slot. Settles when it has ended. */
    start(measurement: Measurement): Promise<void> | null {
      if (held) return null;
      const own: Held = { kind: measurement.kind, stopped: null, current: null, ended: Promise.resolve() };
      held = own;
      const measuring: Measuring = {
        send: (request) => {
          // Stopped, or dropped (a load or Retry, whose worker cancelled the request in flight).
          if (own.stopped !== null || held !== own) return null;
          own.current = request();
          return own.current;
        },
      };
      own.ended = (async () => {
        let ended: Ended;
        try {
          const outcome = await measurement.run(measuring);
          ended = outcome === 'done' ? { status: 'done' } : { status: 'cancelled', why: own.stopped ?? 'reopened' };
        } catch (e) {
          ended = { status: 'error', error: (e as Error).message };
        }
        if (held === own) held = null;
        measurement.end(ended);
      })();
      return own.ended;
    },
    /**
     * Stop the measurement running (only if it is of `kind`, when given) between model calls; what
     * it measured so far stays. Settles once it has ended; null when there was none to stop.
     */
    stop(why: 'cancel' | 'run', kind?: MeasurementKind): Promise<void> | null {
      if (!held || (kind && held.kind !== kind)) return null;
      held.stopped ??= why;
      held.current?.cancel();
      return held.ended;
    },
    /** The models go (a load, a fresh worker): the worker ends the request in flight; no other follows. */
    drop(): void {
      held = null;
    },
  };
}

/**
 * Both models' agreement along the run shown's large-only trajectory (extra small-model calls,
 * so only on request). Its points and outcome belong to that run only: `shown` says whether it
 * still is the run shown (a new run or set clears them).
 */
export function agreementMeasurement(
  client: Pick<RuntimeClient, 'agreement'>,
  store: AppStore,
  run: RunInfo,
  manifest: Manifest,
  shown: () => boolean,
): Measurement {
  const params = { ...samplingParams(run, manifest), steps: run.settings.steps };
  return {
    kind: 'agreement',
    async run(measuring) {
      store.getState().startAgreement();
      const handle = measuring.send(() => client.agreement(params, (p) => shown() && store.getState().addAgreementPoint(p)));
      return handle ? handle.done : 'cancelled';
    },
    end: (ended) => shown() && store.getState().finishAgreement(ended.status === 'error' ? ended : { status: ended.status }),
  };
}

/**
 * Time stitched against large-only sampling in this browser's worker, with the fixed short
 * benchmark (DEVICE_BENCH), for a report a user can copy and send.
 */
export function deviceMeasurement(client: Pick<RuntimeClient, 'bench'>, store: AppStore): Measurement {
  const got: { result?: BenchResult } = {};
  return {
    kind: 'device',
    async run(measuring) {
      store.getState().startDevice();
      const handle = measuring.send(() => client.bench(DEVICE_BENCH, store.getState().setDeviceProgress, (r) => (got.result = r)));
      return handle ? handle.done : 'cancelled';
    },
    end: (ended) =>
      store
        .getState()
        .finishDevice(
          ended.status === 'cancelled' ? { status: 'cancelled', note: DEVICE_STOPPED[ended.why] } : ended,
          ended.status === 'done' ? got.result : undefined,
        ),
  };
}

/** What the device measurement says when it stopped before its end. */
const DEVICE_STOPPED: Record<StopReason, string> = {
  cancel: 'Measurement cancelled.',
  run: 'Measurement cancelled (a run started).',
  reopened: 'Measurement stopped: the models were opened again.',
};

/** What the strip says when it stopped before its end. */
const STRIP_STOPPED: Record<StopReason, string> = {
  cancel: 'Cancelled.',
  run: 'A run started, and the strip stopped so as not to slow it down.',
  reopened: 'The models were opened again, which stopped the strip.',
};

/**
 * "How far can you push r?": the final images at r = 0, 0.2, ..., 1 from the current settings'
 * noise, classes, sampler, steps and guidance (strip.ts), two strip runs per `generate` (its two
 * trajectories), one request after the other. Nothing goes to the recorder: the two panels keep
 * showing their run.
 */
export function stripMeasurement(client: Pick<RuntimeClient, 'generate'>, store: AppStore, manifest: Manifest): Measurement {
  const made = stripSettings(store.getState().settings);
  const plan = stripPlan(made.steps, manifest);
  /** This strip in the store: a cleared or newer one drops its replies. */
  let id = 0;
  return {
    kind: 'strip',
    async run(measuring) {
      id = store.getState().startStrip(plan, made);
      for (const request of stripRequests(plan)) {
        const handle = measuring.send(() =>
          client.generate(requestParams(made, request, manifest), {
            onStep: (m) => {
              const run = request.runs[m.trajectory];
              if (run !== null && m.index === m.steps - 1) store.getState().setStripImage(id, run, m.x0);
            },
            onTrajectory: (m) => {
              const run = request.runs[m.trajectory];
              if (run !== null) store.getState().setStripTime(id, run, m.ms);
            },
          }),
        );
        if (!handle || (await handle.done) === 'cancelled') return 'cancelled';
      }
      return 'done';
    },
    end: (ended) =>
      store.getState().finishStrip(id, ended.status === 'cancelled' ? { status: 'cancelled', note: STRIP_STOPPED[ended.why] } : ended),
  };
}
