import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { GenerateOutcome, Handlers, LoadResult, ProgressMessage, RunHandle } from '../client/client';
import { DEVICE_BENCH, type BenchConfig, type BenchResult, type ModelRole } from '../core';
import { type Manifest } from '../models/manifest';
import { parseManifest } from '../models/readManifest';
import { sampleManifest } from '../models/testManifest';
import type { AgreementParams, AgreementPoint, BackendChoice, BackendName, GenerateParams } from '../worker/protocol';
import type { LocalSet } from './localSet';
import { createPageRuntime, type RuntimePort } from './runtime';
import { createRecorder } from './recorder';
import { defaultSettings } from '../view/settings';
import { createAppStore } from './store';
import type { Link } from './urlSync';

const manifest = parseManifest(sampleManifest());
const threeModels = parseManifest({
  ...sampleManifest(),
  denoisers: [...sampleManifest().denoisers, { id: 'm', role: 'medium', file: 'm.onnx', sha256: 'c'.repeat(64), gflops: 3 }],
});
const ownSet = (): LocalSet<File> => ({
  manifest: parseManifest({ ...sampleManifest(), title: 'my pair', classes: ['x', 'y', 'z'], nullClass: 3 }),
  files: { 's.onnx': new File(['s'], 's.onnx'), 'l.onnx': new File(['l'], 'l.onnx') },
});
const flush = () => new Promise((r) => setTimeout(r, 0));

interface FakeRun {
  params: GenerateParams | AgreementParams;
  handlers: Handlers;
  finish(o: GenerateOutcome): void;
  fail(e: Error): void;
  cancelled: boolean;
}

interface FakeLoad {
  href: string;
  manifest: Manifest;
  backend: BackendName;
  roles: ModelRole[];
  local?: Record<string, Blob>;
  progress?: (p: ProgressMessage) => void;
  open(): void;
  fail(e: Error): void;
}

/** A client whose loads and runs the test settles by hand; cancel() marks the run, like sending the message. */
function fakeClient(probe: BackendChoice) {
  const runs: FakeRun[] = [];
  const agreements: FakeRun[] = [];
  const benches: { config: BenchConfig; progress(m: string): void; result(r: BenchResult): void; run: FakeRun }[] = [];
  const loads: FakeLoad[] = [];
  const terminated: string[] = [];
  let probes = 0;
  /** Manifests the worker was asked for (the runtime's default reader, when the test hands in none). */
  const manifestsAsked: string[] = [];
  const make = (list: FakeRun[], params: GenerateParams | AgreementParams, handlers: Handlers): RunHandle => {
    let finish!: (o: GenerateOutcome) => void;
    let fail!: (e: Error) => void;
    const done = new Promise<GenerateOutcome>((r, j) => ((finish = r), (fail = j)));
    const run: FakeRun = { params, handlers, finish, fail, cancelled: false };
    list.push(run);
    return { done, cancel: () => void (run.cancelled = true) };
  };
  const client: RuntimePort = {
    onDeviceLost: null,
    probe: async () => (probes++, probe),
    manifest: async (url) => (manifestsAsked.push(url), manifest),
    load: (href, manifest, backend, progress, roles = ['small', 'large'], local) =>
      new Promise<LoadResult>((resolve, reject) => {
        const denoisers = roles.map((role) => ({
          id: role,
          role,
          file: `${role}.onnx`,
          bytes: 1,
          source: 'network' as const,
          stored: true,
        }));
        loads.push({
          href,
          manifest,
          backend,
          roles,
          local,
          progress,
          open: () => resolve({ backend, denoisers, loadMs: 1, resources: [] }),
          fail: reject,
        });
      }),
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
  return { client, runs, agreements, benches, loads, terminated, manifestsAsked, probes: () => probes };
}

function fakeLink(href: string): Link & { history: string[] } {
  const history = [href];
  return {
    history,
    get href() {
      return history[history.length - 1];
    },
    replace: (h) => void history.push(h),
  };
}

interface SetupOptions {
  /** Open the models at once (else the first load stays pending). */
  ready?: boolean;
  /** The link; without it the settings are set as a page that has read its link already. */
  link?: string;
  manifest?: Manifest | (() => Promise<Manifest>);
  probe?: BackendChoice;
}

/** A runtime on a fresh store, recorder, query cache and fake client, started: no state shared between tests. */
async function setup({
  ready = true,
  link,
  manifest: m = manifest,
  probe = { backend: 'webgpu', adapter: 'test GPU' },
}: SetupOptions = {}) {
  const fake = fakeClient(probe);
  const store = createAppStore();
  if (!link) store.getState().initSettings({ settings: { ...defaultSettings(), steps: 4, smallSteps: 2 }, problems: [], fromUrl: false });
  const recorder = createRecorder();
  const precached: LoadResult[] = [];
  const address = fakeLink(link ?? 'http://t/app/');
  const runtime = createPageRuntime({
    client: fake.client,
    store,
    recorder,
    queries: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
    modelSet: 'models',
    manifestHref: (name) => `http://t/app/${name}/manifest.json`,
    link: address,
    fetchManifest: typeof m === 'function' ? m : async () => m,
    precache: (l) => void precached.push(l),
  });
  await runtime.start();
  if (ready) await openLast(fake.loads);
  return { ...fake, store, recorder, runtime, precached, address };
}

async function openLast(loads: FakeLoad[]) {
  loads[loads.length - 1].open();
  await flush();
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
  image: { channels: 1, height: 4, width: 4 },
  x: new Float32Array(16),
  x0: new Float32Array(16),
});

describe('page runtime: probing -> opening -> ready', () => {
  it('probes, fetches the manifest, opens the pair on the probed backend, and says so in the store', async () => {
    const { runtime, loads, store, precached } = await setup({ ready: false });
    expect(runtime.phase).toEqual({ name: 'opening', set: 'served', backend: 'webgpu', roles: ['small', 'large'], startWhenReady: false });
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({
      href: 'http://t/app/models/manifest.json',
      backend: 'webgpu',
      roles: ['small', 'large'],
      local: undefined,
    });
    expect(store.getState().open).toMatchObject({ phase: 'opening', manifest, local: false, probe: { backend: 'webgpu' }, loaded: null });
    loads[0].progress!({ file: 's.onnx', role: 'small', loaded: 1, total: 2, source: 'network' });
    expect(store.getState().downloads['s.onnx'].loaded).toBe(1);
    await openLast(loads);
    expect(runtime.phase.name).toBe('ready');
    expect(store.getState().open).toMatchObject({ phase: 'ready', loaded: { backend: 'webgpu' } });
    expect(precached).toHaveLength(1); // the served set is kept for offline visits
  });

  it("without a manifest reader of its own, asks the worker for the link's manifest (no schema on the page's main thread)", async () => {
    const fake = fakeClient({ backend: 'wasm', fallbackReason: 'none' });
    const store = createAppStore();
    const runtime = createPageRuntime({
      client: fake.client,
      store,
      recorder: createRecorder(),
      queries: new QueryClient({ defaultOptions: { queries: { retry: false } } }),
      modelSet: 'models',
      manifestHref: (name) => `http://t/app/${name}/manifest.json`,
      link: fakeLink('http://t/app/'),
    });
    await runtime.start();
    expect(fake.manifestsAsked).toEqual(['http://t/app/models/manifest.json']);
    expect(fake.loads[0].manifest).toBe(manifest);
    runtime.dispose();
  });

  it('runs nothing until the models are open; Generate pressed early runs once they are', async () => {
    const { runtime, runs, loads } = await setup({ ready: false });
    runtime.generate();
    expect(runtime.phase).toMatchObject({ name: 'opening', startWhenReady: true });
    expect(runs).toHaveLength(0);
    await openLast(loads);
    expect(runtime.phase.name).toBe('running');
    expect(runs).toHaveLength(1);
  });

  it('a shared link runs once the models are open; a link with an unusable value waits for a click', async () => {
    const linked = await setup({ link: 'http://t/app/?steps=4&r=0.5&seed=7' });
    expect(linked.runs).toHaveLength(1);
    expect(linked.runs[0].params.seed).toBe(7);
    expect(linked.store.getState().settings).toMatchObject({ steps: 4, smallSteps: 2, seed: 7 });

    const broken = await setup({ link: 'http://t/app/?steps=4&r=banana' });
    expect(broken.runs).toHaveLength(0);
    expect(broken.store.getState().urlProblems.length).toBeGreaterThan(0);
    // The link is kept in step with the settings from then on.
    broken.store.getState().update({ seed: 42 });
    expect(new URL(broken.address.href).searchParams.get('seed')).toBe('42');
    broken.runtime.dispose();
    broken.store.getState().update({ seed: 43 });
    expect(new URL(broken.address.href).searchParams.get('seed')).toBe('42');
  });

  it('a cancel while opening drops the pending start', async () => {
    const { runtime, runs, loads } = await setup({ ready: false });
    runtime.generate();
    runtime.cancel();
    expect(runtime.phase).toMatchObject({ name: 'opening', startWhenReady: false });
    await openLast(loads);
    expect(runs).toHaveLength(0);
  });

  it('a manifest that cannot be fetched: failed, with the reason; Retry fetches it again and opens the models', async () => {
    let attempts = 0;
    const flaky = async () => {
      if (attempts++ === 0) throw new Error('Could not fetch the model manifest: HTTP 404');
      return manifest;
    };
    const { runtime, store, loads, probes } = await setup({ ready: false, manifest: flaky });
    expect(runtime.phase).toEqual({ name: 'failed', message: 'Could not fetch the model manifest: HTTP 404' });
    expect(store.getState().open).toMatchObject({ phase: 'failed', error: 'Could not fetch the model manifest: HTTP 404' });
    expect(loads).toHaveLength(0);
    runtime.generate(); // nothing is open: nothing to run
    expect(runtime.phase.name).toBe('failed');
    runtime.retry();
    await flush();
    expect(probes()).toBe(2); // the probe is asked again too
    expect(runtime.phase.name).toBe('opening');
    await openLast(loads);
    expect(runtime.phase.name).toBe('ready');
  });

  it("models that fail to open: failed, with the worker's message", async () => {
    const { runtime, store, loads } = await setup({ ready: false });
    loads[0].fail(new Error('Model file "l.onnx" is corrupt'));
    await flush();
    expect(runtime.phase).toEqual({ name: 'failed', message: 'Model file "l.onnx" is corrupt' });
    expect(store.getState().open.error).toBe('Model file "l.onnx" is corrupt');
  });
});

describe('page runtime: another model set', () => {
  it('drops the shown run and its frames, opens the set from disk with its files, and the link says models=local', async () => {
    const { runtime, runs, store, recorder, loads, precached, address } = await setup();
    runtime.generate();
    runs[0].handlers.onStep!(step(0));
    expect(recorder.current()).not.toBeNull();
    const own = ownSet();
    runtime.switchSet(own);
    expect(recorder.current()).toBeNull();
    expect(store.getState().run).toBeNull();
    expect(runtime.phase).toMatchObject({ name: 'opening', set: 'local', backend: 'webgpu' });
    expect(loads[1]).toMatchObject({ href: 'local:manifest.json', manifest: own.manifest, local: own.files });
    expect(store.getState().open).toMatchObject({ phase: 'opening', manifest: own.manifest, local: true });
    expect(new URL(address.href).searchParams.get('models')).toBe('local');
    runtime.generate(); // waits for the new set
    runs[0].handlers.onStep!(step(1)); // the old set's run, cancelled by the worker's load: dropped
    expect(store.getState().progress.stitched).toBeUndefined();
    await openLast(loads);
    expect(runs).toHaveLength(2);
    expect(precached).toHaveLength(1); // a set from disk stays on the disk
    runs[1].finish('done');
    runs[0].finish('cancelled');
    await flush();
    expect(store.getState().status).toBe('done');

    runtime.switchSet(null); // back to the link's set
    expect(loads[2]).toMatchObject({ href: 'http://t/app/models/manifest.json', manifest, local: undefined });
    expect(new URL(address.href).searchParams.get('models')).toBeNull();
  });

  it('a set from disk that fails to open: the reason under "Your own models", and the models in use stay, with nothing loaded again', async () => {
    const { runtime, store, loads, runs, address } = await setup();
    runtime.switchSet(ownSet());
    loads[1].fail(new Error('rgb-small.onnx: input x is float16'));
    await flush();
    expect(store.getState().localError).toBe('rgb-small.onnx: input x is float16');
    expect(loads).toHaveLength(2); // the worker kept the link's models open: none is fetched again
    expect(runtime.phase.name).toBe('ready');
    expect(store.getState().open).toMatchObject({ phase: 'ready', local: false, manifest, loaded: { backend: 'webgpu' } });
    expect(new URL(address.href).searchParams.get('models')).toBeNull();
    runtime.generate(); // Generate works at once
    expect(runs).toHaveLength(1);
  });

  it("a set from disk that fails when nothing was open before: the link's set opens again", async () => {
    const { runtime, store, loads } = await setup({ ready: false });
    runtime.switchSet(ownSet());
    loads[1].fail(new Error('broken'));
    await flush();
    expect(store.getState().localError).toBe('broken');
    expect(loads[2]).toMatchObject({ manifest, local: undefined });
  });
});

describe('page runtime: ready -> running -> ready', () => {
  it('sends the settings, with one class per image, and records the steps', async () => {
    const { runtime, runs, store, recorder } = await setup();
    store.getState().update({ batch: 4, classChoice: 1, seed: 11 });
    runtime.generate();
    expect(runtime.phase.name).toBe('running');
    expect(runs[0].params).toEqual({
      seed: 11,
      classes: [1, 1, 1, 1],
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
    expect(runtime.phase.name).toBe('ready');
    expect(store.getState()).toMatchObject({ status: 'done', clockMotion: 'catch-up' });
  });

  it('a failed run ends in error and leaves the runtime ready', async () => {
    const { runtime, runs, store } = await setup();
    runtime.generate();
    runs[0].fail(new Error('model broke'));
    await flush();
    expect(runtime.phase.name).toBe('ready');
    expect(store.getState()).toMatchObject({ status: 'error', runError: 'model broke' });
  });

  it('changing a setting when no run is in flight starts nothing', async () => {
    const { runtime, runs, store } = await setup();
    store.getState().update({ seed: 9 });
    await flush();
    expect(runs).toHaveLength(0);
    expect(runtime.phase.name).toBe('ready');
  });
});

describe('page runtime: running -> cancelling', () => {
  it('cancel: cancelling (stop), then ready with the outcome; steps before the cancel lands still show', async () => {
    const { runtime, runs, store } = await setup();
    runtime.generate();
    runtime.cancel();
    expect(runs[0].cancelled).toBe(true);
    expect(runtime.phase).toMatchObject({ name: 'cancelling', then: 'stop' });
    runs[0].handlers.onStep!(step(1));
    expect(store.getState().progress.stitched?.index).toBe(1);
    runs[0].finish('cancelled');
    await flush();
    expect(runtime.phase.name).toBe('ready');
    expect(store.getState().status).toBe('cancelled');
    expect(runs).toHaveLength(1);
  });

  it('a setting changed during a run: cancelling (restart), then one new run with the latest settings', async () => {
    const { runtime, runs, store } = await setup();
    runtime.generate();
    store.getState().update({ seed: 5 });
    expect(runtime.phase).toMatchObject({ name: 'cancelling', then: 'restart' });
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
    expect(runtime.phase.name).toBe('running');
    runs[0].handlers.onStep!(step(2)); // the old run again: still dropped (older token)
    expect(store.getState().progress.stitched).toBeUndefined();
    runs[1].finish('done');
    await flush();
    expect(store.getState()).toMatchObject({ status: 'done', run: { settings: { seed: 6 } } });
  });

  it('Generate while cancelling turns a stop into a restart, and Cancel a restart into a stop', async () => {
    const { runtime, runs } = await setup();
    runtime.generate();
    runtime.cancel();
    runtime.generate();
    expect(runtime.phase).toMatchObject({ name: 'cancelling', then: 'restart' });
    runtime.cancel();
    expect(runtime.phase).toMatchObject({ name: 'cancelling', then: 'stop' });
    runs[0].finish('cancelled');
    await flush();
    expect(runs).toHaveLength(1);
    expect(runtime.phase.name).toBe('ready');
  });
});

describe('page runtime: agreement and starting', () => {
  async function afterOneRun() {
    const s = await setup();
    s.runtime.generate();
    s.runs[0].finish('done');
    await flush();
    return s;
  }

  it('measures agreement for the run shown; a new run waits in starting until it has stopped', async () => {
    const { runtime, runs, agreements, store } = await afterOneRun();
    void runtime.measureAgreement();
    const point: AgreementPoint = { index: 0, steps: 4, t: 999, eps: 0.99, x0: 0.5 };
    agreements[0].handlers.onAgreement!(point);
    expect(store.getState().agreement.points).toEqual([point]);

    runtime.generate();
    expect(runtime.phase.name).toBe('starting');
    expect(agreements[0].cancelled).toBe(true);
    runtime.generate(); // nothing more while starting
    expect(runs).toHaveLength(1);
    agreements[0].finish('cancelled');
    await flush();
    expect(runs).toHaveLength(2);
    expect(runtime.phase.name).toBe('running');
    expect(store.getState().agreement).toMatchObject({ status: 'idle', points: [] });
  });

  it('cancel while starting goes back to ready and starts nothing', async () => {
    const { runtime, runs, agreements } = await afterOneRun();
    void runtime.measureAgreement();
    runtime.generate();
    runtime.cancel();
    expect(runtime.phase.name).toBe('ready');
    agreements[0].finish('cancelled');
    await flush();
    expect(runs).toHaveLength(1);
  });

  it('measures nothing before a run has finished', async () => {
    const { runtime, agreements } = await setup();
    await runtime.measureAgreement();
    runtime.generate();
    await runtime.measureAgreement();
    expect(agreements).toHaveLength(0);
  });
});

describe('page runtime: measuring this device', () => {
  const result = {
    rows: [],
    callMs: { small: 1, large: 10 },
    imagesPerCall: 2,
    flopCostRatio: 0.06,
    callTimeCostRatio: 0.1,
    samplerOverheadShare: 0,
  } as BenchResult;

  it('runs the fixed short benchmark when the models are open, reporting progress and the result', async () => {
    const { runtime, benches, store } = await setup();
    void runtime.measureDevice();
    expect(benches[0].config).toEqual(DEVICE_BENCH);
    expect(store.getState().device.status).toBe('running');
    benches[0].progress('r=0.4: 3.0 ms/image');
    expect(store.getState().device.message).toBe('r=0.4: 3.0 ms/image');
    benches[0].result(result);
    benches[0].run.finish('done');
    await flush();
    expect(store.getState().device).toMatchObject({ status: 'done', result });
  });

  it('measures nothing while models open; a generation cancels it first', async () => {
    const opening = await setup({ ready: false });
    await opening.runtime.measureDevice();
    expect(opening.benches).toHaveLength(0);

    const { runtime, benches, runs, store } = await setup();
    void runtime.measureDevice();
    runtime.generate();
    expect(runtime.phase.name).toBe('starting');
    expect(benches[0].run.cancelled).toBe(true);
    benches[0].run.finish('cancelled');
    await flush();
    expect(runs).toHaveLength(1);
    expect(store.getState().device.status).toBe('cancelled');
  });
});

describe('page runtime: lost device and Retry', () => {
  it('a lost device mid-run: the worker goes, the models open on wasm, and the run starts again there', async () => {
    const { client, runtime, runs, store, terminated, loads } = await setup();
    runtime.generate();
    client.onDeviceLost!('The GPU device was lost (unknown).');
    expect(terminated).toEqual(['The GPU device was lost (unknown).']);
    expect(store.getState().backendSwitch).toBe('The GPU device was lost (unknown).');
    expect(runtime.phase).toEqual({ name: 'opening', set: 'served', backend: 'wasm', roles: ['small', 'large'], startWhenReady: true });
    expect(loads[1]).toMatchObject({ backend: 'wasm', roles: ['small', 'large'] });
    runs[0].fail(new Error('The GPU device was lost (unknown).')); // what terminate does to the pending run
    await flush();
    expect(store.getState()).toMatchObject({ status: 'running', runError: null });
    store.getState().update({ seed: 9 }); // waits for the rerun instead of starting one in a worker with no models
    expect(runs).toHaveLength(1);
    await openLast(loads);
    expect(runs[1].params.seed).toBe(9);
    runs[1].finish('done');
    await flush();
    expect(store.getState().status).toBe('done');
  });

  it('a lost device during a load: the load in flight is dropped and the same models open on wasm', async () => {
    const { client, runtime, loads, store } = await setup({ ready: false });
    runtime.generate();
    client.onDeviceLost!('lost');
    loads[0].fail(new Error('lost')); // what terminate does to the pending load
    await flush();
    expect(runtime.phase).toMatchObject({ name: 'opening', backend: 'wasm', startWhenReady: true });
    expect(store.getState().open.error).toBeNull();
    await openLast(loads);
    expect(runtime.phase.name).toBe('running');
  });

  it('a lost device with nothing running reruns nothing; a cancel while reopening ends the run as cancelled', async () => {
    const idle = await setup();
    idle.client.onDeviceLost!('lost');
    expect(idle.runtime.phase).toMatchObject({ name: 'opening', backend: 'wasm', startWhenReady: false });

    const { client, runtime, runs, store, loads } = await setup();
    runtime.generate();
    client.onDeviceLost!('lost');
    runtime.cancel();
    expect(store.getState().status).toBe('cancelled');
    await openLast(loads);
    expect(runs).toHaveLength(1);
  });

  it('a lost device during a cancel ends the run as cancelled; during a pending start, keeps it pending', async () => {
    const cancelling = await setup();
    cancelling.runtime.generate();
    cancelling.runtime.cancel();
    cancelling.client.onDeviceLost!('lost');
    expect(cancelling.store.getState().status).toBe('cancelled');
    expect(cancelling.runtime.phase).toMatchObject({ name: 'opening', startWhenReady: false });

    const pending = await setup({ ready: false });
    pending.runtime.generate();
    pending.client.onDeviceLost!('lost');
    expect(pending.runtime.phase).toMatchObject({ name: 'opening', backend: 'wasm', startWhenReady: true });
  });

  it('Retry: the worker is replaced, the page reset, the models opened again, and nothing runs on its own', async () => {
    const { runtime, runs, store, terminated, loads } = await setup();
    runtime.generate();
    runtime.retry();
    expect(terminated).toEqual(['Restarting after an error.']);
    expect(runtime.phase).toEqual({ name: 'probing', startWhenReady: false });
    runs[0].fail(new Error('Restarting after an error.'));
    await flush();
    expect(store.getState()).toMatchObject({ status: 'idle', runError: null });
    expect(loads).toHaveLength(2);
    await openLast(loads);
    expect(runtime.phase.name).toBe('ready');
    expect(runs).toHaveLength(1);
  });

  it('dispose stops listening to the store and the client', async () => {
    const { client, runtime, store, runs } = await setup();
    runtime.generate();
    runtime.dispose();
    store.getState().update({ seed: 3 });
    expect(runs[0].cancelled).toBe(false);
    expect(client.onDeviceLost).toBeNull();
  });
});

describe('page runtime: the medium model', () => {
  it('opens the medium model the first time a setting gives it steps, and keeps it open', async () => {
    const { runtime, runs, store, loads } = await setup({ manifest: threeModels });
    expect(loads[0].roles).toEqual(['small', 'large']);
    store.getState().update({ mediumSteps: 1 });
    expect(runtime.phase).toMatchObject({ name: 'opening', roles: ['small', 'medium', 'large'], startWhenReady: false });
    runtime.generate();
    expect(runs).toHaveLength(0);
    await openLast(loads);
    expect(runs).toHaveLength(1);
    expect('plans' in runs[0].params && runs[0].params.plans.stitched.counts).toEqual({ small: 2, medium: 1, large: 1 });
    runs[0].finish('done');
    await flush();
    store.getState().update({ mediumSteps: 0 });
    store.getState().update({ mediumSteps: 1 });
    expect(loads).toHaveLength(2); // no reload
  });

  it('given steps during a run: the run goes with the load and starts again once the medium model is open', async () => {
    const { runtime, runs, store, loads } = await setup({ manifest: threeModels });
    runtime.generate();
    store.getState().update({ mediumSteps: 1 });
    expect(runtime.phase).toMatchObject({ name: 'opening', startWhenReady: true });
    runs[0].handlers.onStep!(step(0));
    expect(store.getState().progress.stitched).toBeUndefined();
    await openLast(loads);
    expect(runs).toHaveLength(2);
    expect(runs[1].params).toMatchObject({ plans: { stitched: { counts: { medium: 1 } } } });
  });

  it('a set without a medium model never asks for one', async () => {
    const { store, loads } = await setup();
    store.getState().update({ mediumSteps: 1 });
    expect(loads).toHaveLength(1);
  });

  it("a comparison that needs the models' costs, with none in the manifest, ends in a clear error", async () => {
    const { runtime, store } = await setup();
    store.getState().update({ compare: 'fewer-steps' });
    runtime.generate();
    expect(runtime.phase.name).toBe('ready');
    expect(store.getState().runError).toMatch(/^This comparison needs each model's cost \(gflops\) in the manifest/);
  });
});

describe('page runtime: the r strip', () => {
  // setup()'s settings: 4 steps, so r = 0, 0.2, ..., 1 give k = 0, 1, 2, 2, 3, 4: five runs, in three requests.
  const final = (trajectory: 'stitched' | 'baseline', steps: number, x0: Float32Array) => ({ ...step(steps - 1), trajectory, steps, x0 });
  const timing = (trajectory: 'stitched' | 'baseline', ms: number) => ({
    type: 'trajectory' as const,
    id: 1,
    trajectory,
    ms,
    modelMs: { small: 0, medium: 0, large: ms },
    calls: { small: 0, medium: 0, large: 4 },
  });

  it('runs the strip runs two a request, one request after the other, keeping each final image and time; the panels keep their run', async () => {
    const { runtime, runs, store, recorder } = await setup();
    store.getState().update({ seed: 9, batch: 4, classChoice: 1, compare: 'interleaved' });
    const made = runtime.measureStrip();
    expect(store.getState().strip).toMatchObject({ status: 'running', made: { seed: 9, steps: 4, batch: 4 } });
    expect(store.getState().strip.plan!.cells.map((c) => c.small)).toEqual([0, 1, 2, 2, 3, 4]);
    expect(runs).toHaveLength(1);
    expect(runs[0].params).toEqual({
      seed: 9,
      classes: [1, 1, 1, 1],
      guidance: 2,
      sampler: 'ddim',
      eta: 0,
      plans: {
        stitched: { steps: 4, counts: { small: 0, medium: 0, large: 4 }, order: 'small-first' },
        baseline: { steps: 4, counts: { small: 1, medium: 0, large: 3 }, order: 'small-first' },
      },
    });
    const a = new Float32Array(16).fill(0.25);
    runs[0].handlers.onStep!({ ...step(2), trajectory: 'baseline', x0: new Float32Array(16).fill(-1) }); // not its last step: not kept
    runs[0].handlers.onStep!(final('stitched', 4, a));
    runs[0].handlers.onTrajectory!(timing('stitched', 40));
    runs[0].handlers.onTrajectory!(timing('baseline', 31));
    expect(store.getState().strip.images).toEqual({ 0: a });
    expect(store.getState().strip.ms).toEqual({ 0: 40, 1: 31 });
    runs[0].finish('done');
    await flush();
    expect(runs).toHaveLength(2);
    expect(runs[1].params).toMatchObject({ plans: { stitched: { counts: { small: 2 } }, baseline: { counts: { small: 3 } } } });
    runs[1].finish('done');
    await flush();
    // The odd one out (k = 4) with one small-model step, whose image is no strip run's.
    expect(runs[2].params).toMatchObject({
      plans: { stitched: { counts: { small: 4, large: 0 } }, baseline: { steps: 1, counts: { small: 1 } } },
    });
    runs[2].handlers.onStep!(final('baseline', 1, new Float32Array(16)));
    runs[2].handlers.onTrajectory!(timing('baseline', 2));
    expect(Object.keys(store.getState().strip.images)).toEqual(['0']);
    expect(store.getState().strip.ms[4]).toBeUndefined();
    runs[2].finish('done');
    await made;
    expect(store.getState().strip).toMatchObject({ status: 'done', note: null });
    expect(recorder.current()).toBeNull();
    expect(store.getState()).toMatchObject({ status: 'idle', run: null });
    expect(runtime.phase.name).toBe('ready');
    runtime.generate(); // nothing left in the way
    expect(runtime.phase.name).toBe('running');
  });

  it('is refused, with the reason, while a run is in flight, while models open, and beside another measurement', async () => {
    const opening = await setup({ ready: false });
    await opening.runtime.measureStrip();
    expect(opening.store.getState().strip).toMatchObject({ status: 'idle', refused: 'The models are not open yet.' });

    const { runtime, runs, store, benches } = await setup();
    runtime.generate();
    await runtime.measureStrip();
    expect(runs).toHaveLength(1);
    expect(store.getState().strip.status).toBe('idle');
    expect(store.getState().strip.refused).toMatch(/^A run is in flight: the strip uses the same models/);
    runs[0].finish('done');
    await flush();
    void runtime.measureDevice();
    await runtime.measureStrip();
    expect(store.getState().strip.refused).toMatch(/^Another measurement is running/);
    benches[0].run.finish('done');
    await flush();
    void runtime.measureStrip();
    expect(runs).toHaveLength(2);
    expect(store.getState().strip).toMatchObject({ status: 'running', refused: null });
  });

  it('a Generate stops the strip first (starting until it has), and says why it stopped', async () => {
    const { runtime, runs, store } = await setup();
    const made = runtime.measureStrip();
    runtime.generate();
    expect(runtime.phase.name).toBe('starting');
    expect(runs[0].cancelled).toBe(true);
    expect(runs).toHaveLength(1);
    runs[0].finish('cancelled');
    await made;
    await flush();
    expect(runs).toHaveLength(2); // the run, not the strip's next request
    expect(runs[1].params).toMatchObject({ plans: { stitched: { counts: { small: 2 } }, baseline: { counts: { large: 4 } } } });
    expect(runtime.phase.name).toBe('running');
    expect(store.getState().strip).toMatchObject({ status: 'cancelled', note: expect.stringMatching(/^A run started/) });
  });

  it('Cancel stops it between requests too; the images it finished stay', async () => {
    const { runtime, runs, store } = await setup();
    const made = runtime.measureStrip();
    const a = new Float32Array(16).fill(0.5);
    runs[0].handlers.onStep!(final('stitched', 4, a));
    runs[0].finish('done');
    await flush();
    runtime.cancelStrip();
    expect(runs[1].cancelled).toBe(true);
    runs[1].finish('cancelled');
    await made;
    expect(runs).toHaveLength(2);
    expect(store.getState().strip).toMatchObject({ status: 'cancelled', note: 'Cancelled.', images: { 0: a } });
    runtime.cancelStrip(); // nothing to stop: nothing happens
    expect(runtime.phase.name).toBe('ready');
  });

  it('a load drops it (the worker cancels its request) and another set clears it; a failing request ends it in error', async () => {
    const { runtime, runs, store, loads } = await setup({ manifest: threeModels });
    const made = runtime.measureStrip();
    store.getState().update({ mediumSteps: 1 }); // the medium model opens: a load
    runs[0].finish('cancelled');
    await made;
    expect(store.getState().strip).toMatchObject({ status: 'cancelled', note: 'The models were opened again, which stopped the strip.' });
    await openLast(loads);
    expect(runs).toHaveLength(1);

    const next = runtime.measureStrip();
    expect(runs[1].params).toMatchObject({ plans: { stitched: { counts: { medium: 0 } } } }); // two models, whatever the medium share
    runs[1].handlers.onStep!(final('stitched', 4, new Float32Array(16)));
    runs[1].fail(new Error('the model worker crashed'));
    await next;
    expect(store.getState().strip).toMatchObject({ status: 'error', error: 'the model worker crashed' });

    void runtime.measureStrip();
    runtime.switchSet(ownSet());
    expect(store.getState().strip).toMatchObject({ status: 'idle', plan: null, images: {} });
    runs[2].handlers.onStep!(final('stitched', 4, new Float32Array(16))); // a late reply of the dropped strip
    runs[2].finish('cancelled');
    await flush();
    expect(store.getState().strip).toMatchObject({ status: 'idle', images: {} });
  });
});

describe('page runtime: the measurement slot (agreement, this device, the r strip: one at a time)', () => {
  async function afterOneRun() {
    const s = await setup();
    s.runtime.generate();
    s.runs[0].finish('done');
    await flush();
    return s;
  }

  it('refuses a second measurement while one runs: the strip says why, agreement and the device simply do not start', async () => {
    const { runtime, runs, agreements, benches, store } = await afterOneRun();
    void runtime.measureDevice();
    await runtime.measureAgreement();
    expect(agreements).toHaveLength(0);
    await runtime.measureStrip();
    expect(runs).toHaveLength(1);
    expect(store.getState().strip.refused).toMatch(/^Another measurement is running/);
    await runtime.measureDevice(); // not even a second one of the same kind
    expect(benches).toHaveLength(1);
    benches[0].run.finish('done');
    await flush();
    void runtime.measureAgreement(); // the slot is free again
    expect(agreements).toHaveLength(1);
  });

  it('gives way to Generate: stopped first, the run begins once it has ended', async () => {
    const { runtime, runs, benches, store } = await setup();
    void runtime.measureDevice();
    runtime.generate();
    expect(runtime.phase.name).toBe('starting');
    expect(benches[0].run.cancelled).toBe(true);
    expect(runs).toHaveLength(0);
    benches[0].run.finish('cancelled');
    await flush();
    expect(store.getState().device).toMatchObject({ status: 'cancelled', error: null });
    expect(runs).toHaveLength(1);
    expect(runtime.phase.name).toBe('running');
  });

  it('gives way to a lost device: the worker ends its request, the slot is free once the models are open on wasm', async () => {
    const { client, runtime, runs, benches, store, loads } = await setup();
    const made = runtime.measureStrip();
    client.onDeviceLost!('lost');
    expect(runtime.phase).toMatchObject({ name: 'opening', backend: 'wasm', startWhenReady: false });
    runs[0].fail(new Error('lost')); // what terminate does to the pending request
    await made;
    expect(store.getState().strip).toMatchObject({ status: 'error', error: 'lost' });
    await openLast(loads);
    void runtime.measureDevice();
    expect(benches).toHaveLength(1);
    expect(runs).toHaveLength(1); // the strip's next request never went
  });

  it('Cancel (the button, Esc in presentation mode) stops the r strip, saying so', async () => {
    const { runtime, runs, store } = await setup();
    const made = runtime.measureStrip();
    runtime.cancel();
    expect(runs[0].cancelled).toBe(true);
    runs[0].finish('cancelled');
    await made;
    expect(runs).toHaveLength(1);
    expect(store.getState().strip).toMatchObject({ status: 'cancelled', note: 'Cancelled.', error: null });
    expect(runtime.phase.name).toBe('ready');
  });

  it('cancelStrip stops the r strip mid-request, saying so; it stops no other measurement', async () => {
    const { runtime, runs, benches, store } = await setup();
    void runtime.measureDevice();
    runtime.cancelStrip();
    runtime.cancelAgreement();
    expect(benches[0].run.cancelled).toBe(false);
    runtime.cancelDevice();
    expect(benches[0].run.cancelled).toBe(true);
    benches[0].run.finish('cancelled');
    await flush();

    const made = runtime.measureStrip();
    runtime.cancelStrip();
    expect(runs[0].cancelled).toBe(true);
    runs[0].finish('cancelled');
    await made;
    expect(store.getState().strip).toMatchObject({ status: 'cancelled', note: 'Cancelled.' });
  });

  it('Cancel stops agreement and the device measurement too', async () => {
    const { runtime, agreements, benches, store } = await afterOneRun();
    void runtime.measureAgreement();
    runtime.cancel();
    expect(agreements[0].cancelled).toBe(true);
    agreements[0].finish('cancelled');
    await flush();
    expect(store.getState().agreement.status).toBe('cancelled');
    void runtime.measureDevice();
    runtime.cancel();
    expect(benches[0].run.cancelled).toBe(true);
  });
});

describe('page runtime: decisions from its own state', () => {
  it('after a lost device, another set opens on wasm whatever the store says', async () => {
    const { client, runtime, store, loads } = await setup();
    client.onDeviceLost!('lost');
    await openLast(loads);
    store.getState().setBackendSwitch(null); // the view's copy only
    runtime.switchSet(ownSet());
    expect(loads[2]).toMatchObject({ backend: 'wasm' });
  });

  it('the medium model given steps during a Cancel: the run ends as cancelled, nothing runs again', async () => {
    const { runtime, runs, store, loads } = await setup({ manifest: threeModels });
    runtime.generate();
    runtime.cancel();
    store.getState().update({ mediumSteps: 1 });
    expect(store.getState().status).toBe('cancelled');
    expect(runtime.phase).toMatchObject({ name: 'opening', startWhenReady: false });
    await openLast(loads);
    expect(runs).toHaveLength(1);
  });

  it('a set from disk the worker refuses: the downloads of the models in use come back, so the details still say where they came from', async () => {
    const { runtime, store, loads } = await setup({ ready: false });
    loads[0].progress!({ file: 's.onnx', role: 'small', loaded: 2, total: 2, source: 'cache' });
    loads[0].progress!({ file: 'ort-wasm.wasm', role: 'runtime', loaded: 5, total: 5, source: 'network' });
    await openLast(loads);
    const inUse = store.getState().downloads;
    runtime.switchSet(ownSet());
    loads[1].progress!({ file: 'my-s.onnx', role: 'small', loaded: 1, total: 1, source: 'disk' });
    loads[1].fail(new Error('my-s.onnx is not a model'));
    await flush();
    expect(store.getState().localError).toBe('my-s.onnx is not a model');
    expect(store.getState().downloads).toEqual(inUse);
    expect(Object.keys(store.getState().downloads)).toEqual(['s.onnx', 'ort-wasm.wasm']);
  });
});
