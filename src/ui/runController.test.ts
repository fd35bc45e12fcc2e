import { describe, expect, it } from 'vitest';
import type { GenerateOutcome, Handlers, RunHandle } from '../client/client';
import { DEVICE_BENCH, type BenchConfig, type BenchResult } from '../core';
import { parseManifest } from '../models/manifest';
import { sampleManifest } from '../models/testManifest';
import type { AgreementParams, AgreementPoint, GenerateParams } from '../worker/protocol';
import { createRecorder } from './recorder';
import { createRunController, type RunClient } from './runController';
import { defaultSettings } from './settings';
import { createAppStore } from './store';

const manifest = parseManifest(sampleManifest());
const PAIR = ['small', 'large'] as const;
const flush = () => new Promise((r) => setTimeout(r, 0));

interface FakeRun {
  params: GenerateParams | AgreementParams;
  handlers: Handlers;
  finish(o: GenerateOutcome): void;
  fail(e: Error): void;
  cancelled: boolean;
}

/** A client whose runs the test finishes by hand; cancel() marks the run, like sending the message. */
function fakeClient() {
  const runs: FakeRun[] = [];
  const agreements: FakeRun[] = [];
  const benches: { config: BenchConfig; progress(m: string): void; result(r: BenchResult): void; run: FakeRun }[] = [];
  const terminated: string[] = [];
  const make = (list: FakeRun[], params: GenerateParams | AgreementParams, handlers: Handlers): RunHandle => {
    let finish!: (o: GenerateOutcome) => void;
    let fail!: (e: Error) => void;
    const done = new Promise<GenerateOutcome>((r, j) => ((finish = r), (fail = j)));
    const run: FakeRun = { params, handlers, finish, fail, cancelled: false };
    list.push(run);
    return { done, cancel: () => void (run.cancelled = true) };
  };
  const client: RunClient = {
    onDeviceLost: null,
    generate: (params, handlers) => make(runs, params, handlers),
    agreement: (params, onPoint) => make(agreements, params, { onAgreement: onPoint }),
    bench: (config, progress, result) => {
      const list: FakeRun[] = [];
      const handle = make(list, config as unknown as GenerateParams, {});
      benches.push({ config, progress, result, run: list[0] });
      return handle;
    },
    terminate: (reason?: string) => void terminated.push(reason ?? ''),
  };
  return { client, runs, agreements, benches, terminated };
}

/** A controller on a fresh store, recorder and fake client: no state shared between tests. */
function setup(opts: { ready?: boolean } = { ready: true }) {
  const fake = fakeClient();
  const store = createAppStore();
  store.getState().initSettings({ settings: { ...defaultSettings(), steps: 4, smallSteps: 2 }, problems: [], fromUrl: false });
  const recorder = createRecorder();
  const controller = createRunController({ client: fake.client, store, recorder });
  if (opts.ready) controller.modelsReady(manifest, PAIR);
  return { ...fake, store, recorder, controller };
}

const step = (index: number) => ({
  type: 'step' as const,
  id: 1,
  trajectory: 'stitched' as const,
  index,
  steps: 4,
  t: 999,
  role: 'small' as const,
  elapsedMs: 1,
  x: new Float32Array(16),
  x0: new Float32Array(16),
});

describe('run controller: loading', () => {
  it('starts in loading and runs nothing until the models are open', async () => {
    const { controller, runs } = setup({ ready: false });
    expect(controller.phase.name).toBe('loading');
    controller.generate();
    expect(controller.phase).toEqual({ name: 'loading', startWhenReady: true });
    expect(runs).toHaveLength(0);
    controller.modelsReady(manifest, PAIR);
    expect(controller.phase.name).toBe('running');
    expect(runs).toHaveLength(1);
  });

  it('loading -> ready without a pending start, and a shared link runs once ready', () => {
    const { controller, runs } = setup({ ready: false });
    controller.modelsReady(manifest, PAIR);
    expect(controller.phase.name).toBe('ready');
    expect(runs).toHaveLength(0);

    const other = setup({ ready: false });
    other.controller.generateWhenReady();
    other.controller.modelsReady(manifest, PAIR);
    expect(other.runs).toHaveLength(1);
  });

  it('a cancel while loading drops the pending start', () => {
    const { controller, runs } = setup({ ready: false });
    controller.generateWhenReady();
    controller.cancel();
    expect(controller.phase).toEqual({ name: 'loading', startWhenReady: false });
    controller.modelsReady(manifest, PAIR);
    expect(runs).toHaveLength(0);
  });
});

describe('run controller: another model set', () => {
  it('drops the shown run and its frames, and waits for the new set', async () => {
    const { controller, runs, store, recorder } = setup();
    controller.generate();
    runs[0].handlers.onStep!(step(0));
    expect(recorder.current()).not.toBeNull();
    controller.switchModels();
    expect(recorder.current()).toBeNull();
    expect(store.getState().run).toBeNull();
    expect(controller.phase.name).toBe('loading');
    controller.generate(); // nothing runs before the new set is open
    expect(runs).toHaveLength(1);
  });
});

describe('run controller: ready -> running -> ready', () => {
  it('sends the settings, with one class per image, and records the steps', async () => {
    const { controller, runs, store, recorder } = setup();
    store.getState().update({ batch: 4, classChoice: 3, seed: 11 });
    controller.generate();
    expect(controller.phase.name).toBe('running');
    expect(runs[0].params).toEqual({
      seed: 11,
      classes: [3, 3, 3, 3],
      guidance: 2,
      sampler: 'ddim',
      eta: 0,
      plans: {
        stitched: { steps: 4, counts: { small: 2, medium: 0, large: 2 }, order: 'small-first' },
        baseline: { steps: 4, counts: { small: 0, medium: 0, large: 4 }, order: 'small-first' },
      },
      decodeEveryStep: false,
    });
    expect(store.getState().status).toBe('running');
    runs[0].handlers.onStep!(step(0));
    expect(store.getState().progress.stitched?.index).toBe(0);
    expect(recorder.frameAt('stitched', 0)).toBeDefined();
    runs[0].finish('done');
    await flush();
    expect(controller.phase.name).toBe('ready');
    expect(store.getState()).toMatchObject({ status: 'done', scrubIndex: 3 });
  });

  it('a failed run ends in error and leaves the controller ready', async () => {
    const { controller, runs, store } = setup();
    controller.generate();
    runs[0].fail(new Error('model broke'));
    await flush();
    expect(controller.phase.name).toBe('ready');
    expect(store.getState()).toMatchObject({ status: 'error', runError: 'model broke' });
  });

  it('changing a setting when no run is in flight starts nothing', async () => {
    const { controller, runs, store } = setup();
    store.getState().update({ seed: 9 });
    await flush();
    expect(runs).toHaveLength(0);
    expect(controller.phase.name).toBe('ready');
  });
});

describe('run controller: running -> cancelling', () => {
  it('cancel: cancelling (stop), then ready with the outcome; steps before the cancel lands still show', async () => {
    const { controller, runs, store } = setup();
    controller.generate();
    controller.cancel();
    expect(runs[0].cancelled).toBe(true);
    expect(controller.phase).toMatchObject({ name: 'cancelling', then: 'stop' });
    runs[0].handlers.onStep!(step(1));
    expect(store.getState().progress.stitched?.index).toBe(1);
    runs[0].finish('cancelled');
    await flush();
    expect(controller.phase.name).toBe('ready');
    expect(store.getState().status).toBe('cancelled');
    expect(runs).toHaveLength(1);
  });

  it('a setting changed during a run: cancelling (restart), then one new run with the latest settings', async () => {
    const { controller, runs, store } = setup();
    controller.generate();
    store.getState().update({ seed: 5 });
    expect(controller.phase).toMatchObject({ name: 'cancelling', then: 'restart' });
    store.getState().update({ seed: 6 }); // several changes before the cancel lands: one restart
    expect(runs).toHaveLength(1);
    // A late message of the run being replaced is not drawn.
    runs[0].handlers.onStep!(step(0));
    expect(store.getState().progress.stitched).toBeUndefined();
    runs[0].finish('cancelled');
    await flush();
    expect(runs).toHaveLength(2);
    expect(runs[1].params.seed).toBe(6);
    expect(store.getState()).toMatchObject({ status: 'running', restarts: 1 });
    expect(controller.phase.name).toBe('running');
    runs[0].handlers.onStep!(step(2)); // the old run again: still dropped (older token)
    expect(store.getState().progress.stitched).toBeUndefined();
    runs[1].finish('done');
    await flush();
    expect(store.getState()).toMatchObject({ status: 'done', run: { settings: { seed: 6 } } });
  });

  it('Generate while cancelling turns a stop into a restart, and Cancel a restart into a stop', async () => {
    const { controller, runs } = setup();
    controller.generate();
    controller.cancel();
    controller.generate();
    expect(controller.phase).toMatchObject({ name: 'cancelling', then: 'restart' });
    controller.cancel();
    expect(controller.phase).toMatchObject({ name: 'cancelling', then: 'stop' });
    runs[0].finish('cancelled');
    await flush();
    expect(runs).toHaveLength(1);
    expect(controller.phase.name).toBe('ready');
  });
});

describe('run controller: agreement and starting', () => {
  async function afterOneRun() {
    const s = setup();
    s.controller.generate();
    s.runs[0].finish('done');
    await flush();
    return s;
  }

  it('measures agreement for the run shown; a new run waits in starting until it has stopped', async () => {
    const { controller, runs, agreements, store } = await afterOneRun();
    void controller.measureAgreement();
    const point: AgreementPoint = { index: 0, steps: 4, t: 999, eps: 0.99, x0: 0.5 };
    agreements[0].handlers.onAgreement!(point);
    expect(store.getState().agreement).toEqual([point]);

    controller.generate();
    expect(controller.phase.name).toBe('starting');
    expect(agreements[0].cancelled).toBe(true);
    controller.generate(); // nothing more while starting
    expect(runs).toHaveLength(1);
    agreements[0].finish('cancelled');
    await flush();
    expect(runs).toHaveLength(2);
    expect(controller.phase.name).toBe('running');
    expect(store.getState()).toMatchObject({ agreementStatus: 'idle', agreement: [] });
  });

  it('cancel while starting goes back to ready and starts nothing', async () => {
    const { controller, runs, agreements } = await afterOneRun();
    void controller.measureAgreement();
    controller.generate();
    controller.cancel();
    expect(controller.phase.name).toBe('ready');
    agreements[0].finish('cancelled');
    await flush();
    expect(runs).toHaveLength(1);
  });

  it('measures nothing before a run has finished', async () => {
    const { controller, agreements } = setup();
    await controller.measureAgreement();
    controller.generate();
    await controller.measureAgreement();
    expect(agreements).toHaveLength(0);
  });
});

describe('run controller: measuring this device', () => {
  const result = { rows: [], callMs: { small: 1, large: 10 }, imagesPerCall: 2, flopCostRatio: 0.06, callTimeCostRatio: 0.1, samplerOverheadShare: 0 } as BenchResult;

  it('runs the fixed short benchmark when the models are open, reporting progress and the result', async () => {
    const { controller, benches, store } = setup();
    void controller.measureDevice();
    expect(benches[0].config).toEqual(DEVICE_BENCH);
    expect(store.getState().device.status).toBe('running');
    benches[0].progress('r=0.4: 3.0 ms/image');
    expect(store.getState().device.message).toBe('r=0.4: 3.0 ms/image');
    benches[0].result(result);
    benches[0].run.finish('done');
    await flush();
    expect(store.getState().device).toMatchObject({ status: 'done', result });
  });

  it('waits for nothing and measures nothing while models load; a generation cancels it first', async () => {
    const loading = setup({ ready: false });
    await loading.controller.measureDevice();
    expect(loading.benches).toHaveLength(0);

    const { controller, benches, runs, store } = setup();
    void controller.measureDevice();
    controller.generate();
    expect(controller.phase.name).toBe('starting');
    expect(benches[0].run.cancelled).toBe(true);
    benches[0].run.finish('cancelled');
    await flush();
    expect(runs).toHaveLength(1);
    expect(store.getState().device.status).toBe('cancelled');
  });
});

describe('run controller: lost device and Retry', () => {
  it('a lost device mid-run: the worker goes, the run waits in loading and starts again once wasm is open', async () => {
    const { client, controller, runs, store, terminated } = setup();
    controller.generate();
    client.onDeviceLost!('The GPU device was lost (unknown).');
    expect(terminated).toEqual(['The GPU device was lost (unknown).']);
    expect(store.getState().backendSwitch).toBe('The GPU device was lost (unknown).');
    expect(controller.phase).toEqual({ name: 'loading', startWhenReady: true });
    runs[0].fail(new Error('The GPU device was lost (unknown).')); // what terminate does to the pending run
    await flush();
    expect(store.getState()).toMatchObject({ status: 'running', runError: null });
    store.getState().update({ seed: 9 }); // waits for the rerun instead of starting one in a worker with no models
    expect(runs).toHaveLength(1);
    controller.modelsReady(manifest, PAIR);
    expect(runs[1].params.seed).toBe(9);
    runs[1].finish('done');
    await flush();
    expect(store.getState().status).toBe('done');
  });

  it('a lost device with nothing running reruns nothing; a cancel while reopening ends the run as cancelled', async () => {
    const idle = setup();
    idle.client.onDeviceLost!('lost');
    expect(idle.controller.phase).toEqual({ name: 'loading', startWhenReady: false });

    const { client, controller, runs, store } = setup();
    controller.generate();
    client.onDeviceLost!('lost');
    controller.cancel();
    expect(store.getState().status).toBe('cancelled');
    controller.modelsReady(manifest, PAIR);
    expect(runs).toHaveLength(1);
  });

  it('a lost device during a cancel ends the run as cancelled; during a pending start, keeps it pending', async () => {
    const cancelling = setup();
    cancelling.controller.generate();
    cancelling.controller.cancel();
    cancelling.client.onDeviceLost!('lost');
    expect(cancelling.store.getState().status).toBe('cancelled');
    expect(cancelling.controller.phase).toEqual({ name: 'loading', startWhenReady: false });

    const pending = setup({ ready: false });
    pending.controller.generateWhenReady();
    pending.client.onDeviceLost!('lost');
    expect(pending.controller.phase).toEqual({ name: 'loading', startWhenReady: true });
  });

  it('Retry: the worker is replaced, the page reset, and nothing runs on its own', async () => {
    const { controller, runs, store, terminated } = setup();
    controller.generate();
    controller.restart();
    expect(terminated).toEqual(['Restarting after an error.']);
    expect(controller.phase).toEqual({ name: 'loading', startWhenReady: false });
    runs[0].fail(new Error('Restarting after an error.'));
    await flush();
    expect(store.getState()).toMatchObject({ status: 'idle', runError: null });
    controller.modelsReady(manifest, PAIR);
    expect(controller.phase.name).toBe('ready');
    expect(runs).toHaveLength(1);
  });

  it('dispose stops listening to the store and the client', () => {
    const { client, controller, store, runs } = setup();
    controller.generate();
    controller.dispose();
    store.getState().update({ seed: 3 });
    expect(runs[0].cancelled).toBe(false);
    expect(client.onDeviceLost).toBeNull();
  });
});

describe('run controller: a run that needs a model not open yet', () => {
  it('waits in loading until the medium model is open, then runs', async () => {
    const threeModels = parseManifest({
      ...sampleManifest(),
      denoisers: [...sampleManifest().denoisers, { id: 'm', role: 'medium', file: 'm.onnx', sha256: 'c'.repeat(64), gflops: 3 }],
    });
    const { controller, runs, store } = setup({ ready: false });
    controller.modelsReady(threeModels, PAIR);
    store.getState().update({ mediumSteps: 1 });
    controller.generate();
    expect(controller.phase).toEqual({ name: 'loading', startWhenReady: true });
    expect(runs).toHaveLength(0);
    controller.modelsReady(threeModels, ['small', 'medium', 'large']);
    expect(runs).toHaveLength(1);
    expect('plans' in runs[0].params && runs[0].params.plans.stitched.counts).toEqual({ small: 2, medium: 1, large: 1 });
  });

  it('a comparison that needs the models\' costs, with none in the manifest, ends in a clear error', () => {
    const { controller, store } = setup();
    store.getState().update({ compare: 'fewer-steps' });
    controller.generate();
    expect(controller.phase.name).toBe('ready');
    expect(store.getState().runError).toMatch(/^This comparison needs each model's cost \(gflops\) in the manifest/);
  });
});
