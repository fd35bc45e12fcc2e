import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEVICE_LOST, type GenerateOutcome, type Handlers, type RunHandle } from '../runtime/client';
import { parseManifest } from '../runtime/manifest';
import type { GenerateParams } from '../runtime/protocol';
import { sampleManifest } from '../runtime/testManifest';
import { runtime } from './models';
import { cancelGeneration, startAgreement, startGeneration, takeRerun } from './runs';
import { defaultSettings } from './settings';
import { useAppStore } from './store';

const manifest = parseManifest(sampleManifest());
const initial = useAppStore.getState();
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A run the test finishes by hand; cancel() resolves it as cancelled, like the worker does. */
function fakeRuns() {
  const calls: {
    params: GenerateParams;
    handlers: Handlers;
    finish(o: GenerateOutcome): void;
    fail(e: Error): void;
    cancelled: boolean;
  }[] = [];
  const make = (params: GenerateParams, handlers: Handlers): RunHandle => {
    let finish!: (o: GenerateOutcome) => void;
    let fail!: (e: Error) => void;
    const done = new Promise<GenerateOutcome>((r, j) => ((finish = r), (fail = j)));
    const call = { params, handlers, finish, fail, cancelled: false };
    calls.push(call);
    return { done, cancel: () => ((call.cancelled = true), finish('cancelled')) };
  };
  return { calls, make };
}

beforeEach(() => {
  useAppStore.setState(initial, true);
  useAppStore.getState().initSettings({ settings: { ...defaultSettings(), steps: 4, fraction: 0.5 }, problems: [], fromUrl: false });
});
afterEach(() => vi.restoreAllMocks());

describe('runs', () => {
  it('a run cut short by a lost GPU device stays running until App starts it again on wasm', async () => {
    const runs = fakeRuns();
    vi.spyOn(runtime, 'generate').mockImplementation(runs.make);
    startGeneration(manifest);
    await flush();
    runs.calls[0].fail(Object.assign(new Error('The GPU device was lost (unknown).'), { name: DEVICE_LOST }));
    await flush();
    expect(useAppStore.getState()).toMatchObject({ status: 'running', runError: null });
    useAppStore.getState().update({ seed: 9 }); // waits for the rerun instead of starting one in a worker with no models
    await flush();
    expect(runs.calls).toHaveLength(1);
    expect(takeRerun()).toBe(true);
    expect(takeRerun()).toBe(false); // once
    startGeneration(manifest);
    await flush();
    expect(runs.calls[1].params.seed).toBe(9);
    runs.calls[1].finish('done');
    await flush();
    expect(useAppStore.getState().status).toBe('done');
  });

  it('cancel while the models reopen after a lost device ends the run as cancelled, with no rerun', async () => {
    const runs = fakeRuns();
    vi.spyOn(runtime, 'generate').mockImplementation(runs.make);
    startGeneration(manifest);
    await flush();
    runs.calls[0].fail(Object.assign(new Error('lost'), { name: DEVICE_LOST }));
    await flush();
    cancelGeneration();
    expect(useAppStore.getState().status).toBe('cancelled');
    expect(takeRerun()).toBe(false);
  });

  it('sends the settings, with one class per image', async () => {
    const runs = fakeRuns();
    vi.spyOn(runtime, 'generate').mockImplementation(runs.make);
    useAppStore.getState().update({ batch: 4, classChoice: 3, seed: 11 });
    startGeneration(manifest);
    await flush();
    expect(runs.calls[0].params).toEqual({ steps: 4, fraction: 0.5, seed: 11, classes: [3, 3, 3, 3], guidance: 2, sampler: 'ddim', eta: 0 });
    runs.calls[0].finish('done');
    await flush();
    expect(useAppStore.getState()).toMatchObject({ status: 'done', scrubIndex: 3 });
  });

  it('a setting changed during a run cancels it and starts again with the new setting', async () => {
    const runs = fakeRuns();
    vi.spyOn(runtime, 'generate').mockImplementation(runs.make);
    startGeneration(manifest);
    await flush();
    expect(useAppStore.getState().status).toBe('running');

    useAppStore.getState().update({ seed: 5 });
    useAppStore.getState().update({ seed: 6 }); // several changes before the cancel lands: one restart, latest settings
    await flush();
    expect(runs.calls[0].cancelled).toBe(true);
    expect(runs.calls).toHaveLength(2);
    expect(runs.calls[1].params.seed).toBe(6);
    expect(useAppStore.getState()).toMatchObject({ status: 'running', restarts: 1 });

    // A late message of the cancelled run is not drawn into the new one.
    const step = { type: 'step' as const, id: 1, trajectory: 'stitched' as const, index: 0, steps: 4, t: 999, role: 'small' as const, elapsedMs: 1 };
    runs.calls[0].handlers.onStep!({ ...step, x: new Float32Array(16), x0: new Float32Array(16) });
    expect(useAppStore.getState().progress.stitched).toBeUndefined();
    runs.calls[1].handlers.onStep!({ ...step, x: new Float32Array(16), x0: new Float32Array(16) });
    expect(useAppStore.getState().progress.stitched?.index).toBe(0);
    runs.calls[1].finish('done');
    await flush();
    expect(useAppStore.getState()).toMatchObject({ status: 'done', run: { settings: { seed: 6 } } });
  });

  it('changing a setting when no run is in flight starts nothing', async () => {
    const spy = vi.spyOn(runtime, 'generate');
    useAppStore.getState().update({ seed: 9 });
    await flush();
    expect(spy).not.toHaveBeenCalled();
  });

  it('measures agreement for the run shown, and a new run cancels it first', async () => {
    const runs = fakeRuns();
    vi.spyOn(runtime, 'generate').mockImplementation(runs.make);
    const agreements = fakeRuns();
    vi.spyOn(runtime, 'agreement').mockImplementation((params, onPoint) => agreements.make(params, { onAgreement: onPoint }));
    startGeneration(manifest);
    await flush();
    runs.calls[0].finish('done');
    await flush();

    void startAgreement();
    await flush();
    agreements.calls[0].handlers.onAgreement!({ index: 0, steps: 4, t: 999, eps: 0.99, x0: 0.5 });
    expect(useAppStore.getState().agreement).toHaveLength(1);

    startGeneration(manifest);
    await flush();
    expect(agreements.calls[0].cancelled).toBe(true);
    expect(runs.calls).toHaveLength(2); // started only after the measurement stopped
    expect(useAppStore.getState()).toMatchObject({ agreementStatus: 'idle', agreement: [] });
  });
});
