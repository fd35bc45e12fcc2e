import { describe, expect, it } from 'vitest';
import { parseManifest } from '../models/readManifest';
import { sampleManifest } from '../models/testManifest';
import type { Reply, Request } from '../worker/protocol';
import { twoModelParams } from '../worker/testParams';
import { RuntimeClient } from './client';

const manifest = parseManifest(sampleManifest());
const params = twoModelParams(2, 1);
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A stand-in for the runtime worker: records what the page sends; the test replies by hand. */
class FakeWorker {
  sent: Request[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<Reply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  postMessage(msg: Request) {
    this.sent.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: Reply) {
    this.onmessage?.({ data: msg } as MessageEvent<Reply>);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const client = new RuntimeClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { client, workers };
}

describe('RuntimeClient', () => {
  it('starts its worker on the first request and resolves a load with what the worker reports', async () => {
    const { client, workers } = setup();
    expect(workers).toHaveLength(0);
    const progress: number[] = [];
    const loading = client.load('https://app/models/manifest.json', manifest, 'webgpu', (p) => progress.push(p.loaded));
    const [w] = workers;
    const sent = w.sent[0];
    expect(sent).toMatchObject({ type: 'load', backend: 'webgpu', manifestUrl: 'https://app/models/manifest.json' });
    w.reply({ type: 'progress', id: sent.id, file: 's.onnx', role: 'small', loaded: 5, total: 10, source: 'network' });
    w.reply({ type: 'loaded', id: sent.id, backend: 'wasm', fallbackReason: 'no adapter', denoisers: [], loadMs: 3, resources: [] });
    await expect(loading).resolves.toEqual({ backend: 'wasm', fallbackReason: 'no adapter', denoisers: [], loadMs: 3, resources: [] });
    expect(progress).toEqual([5]);
  });

  it("routes a generation's steps and timings to its handlers, and cancels it by id", async () => {
    const { client, workers } = setup();
    const seen: string[] = [];
    const run = client.generate(params, {
      onStep: (m) => seen.push(`step ${m.trajectory} ${m.index}`),
      onTrajectory: (m) => seen.push(`trajectory ${m.trajectory} ${m.ms}`),
    });
    const [w] = workers;
    const id = w.sent[0].id;
    w.reply({
      type: 'step',
      id,
      trajectory: 'stitched',
      index: 0,
      steps: 2,
      t: 999,
      role: 'small',
      elapsedMs: 1,
      image: { channels: 1, height: 1, width: 1 },
      x: new Float32Array(1),
      x0: new Float32Array(1),
    });
    w.reply({
      type: 'step',
      id: id + 100,
      trajectory: 'baseline',
      index: 0,
      steps: 2,
      t: 999,
      role: 'large',
      elapsedMs: 1,
      image: { channels: 1, height: 1, width: 1 },
      x: new Float32Array(1),
      x0: new Float32Array(1),
    }); // another request's: ignored
    w.reply({
      type: 'trajectory',
      id,
      trajectory: 'stitched',
      ms: 12,
      modelMs: { small: 2, medium: 0, large: 10 },
      calls: { small: 1, medium: 0, large: 1 },
    });
    run.cancel();
    expect(w.sent[1]).toMatchObject({ type: 'cancel', target: id });
    w.reply({ type: 'cancelled', id });
    await expect(run.done).resolves.toBe('cancelled');
    expect(seen).toEqual(['step stitched 0', 'trajectory stitched 12']);
  });

  it("rejects with the worker's message on error, and hands bench progress and result over", async () => {
    const { client, workers } = setup();
    const run = client.agreement({ ...params, steps: 2 }, () => {});
    const [w] = workers;
    w.reply({ type: 'error', id: w.sent[0].id, message: 'No models are loaded yet; load them before generating.' });
    await expect(run.done).rejects.toThrow('No models are loaded yet');

    const messages: string[] = [];
    let rows = -1;
    const bench = client.bench(
      { fractions: [0], steps: 1, batch: 1, repeats: 1, sampler: 'ddim', eta: 0, guidance: 1, seed: 0 },
      (m) => messages.push(m),
      (r) => (rows = r.rows.length),
    );
    const id = w.sent[1].id;
    w.reply({ type: 'bench-progress', id, message: 'warming up' });
    w.reply({
      type: 'bench-result',
      id,
      result: {
        rows: [],
        callMs: { small: 1, large: 2 },
        imagesPerCall: 1,
        flopCostRatio: 0.5,
        callTimeCostRatio: 0.5,
        samplerOverheadShare: 0,
      },
    });
    w.reply({ type: 'done', id });
    await expect(bench.done).resolves.toBe('done');
    expect(messages).toEqual(['warming up']);
    expect(rows).toBe(0);
  });

  it('tells its owner when the GPU device is lost', () => {
    const { client, workers } = setup();
    const lost: string[] = [];
    client.onDeviceLost = (reason) => lost.push(reason);
    void client.probe();
    workers[0].reply({ type: 'device-lost', id: 0, reason: 'The GPU device was lost (destroyed).' });
    expect(lost).toEqual(['The GPU device was lost (destroyed).']);
  });

  it('terminate rejects every pending call with the reason; the next call starts a fresh worker', async () => {
    const { client, workers } = setup();
    const probe = client.probe();
    const run = client.generate(params, {});
    client.terminate('The GPU device was lost.');
    expect(workers[0].terminated).toBe(true);
    await expect(probe).rejects.toThrow('The GPU device was lost.');
    await expect(run.done).rejects.toThrow('The GPU device was lost.');
    run.cancel(); // nothing to cancel: no worker is started for it
    expect(workers).toHaveLength(1);
    const again = client.probe();
    expect(workers).toHaveLength(2);
    workers[1].reply({ type: 'probed', id: workers[1].sent[0].id, backend: 'wasm', fallbackReason: 'no adapter' });
    await expect(again).resolves.toEqual({ backend: 'wasm', fallbackReason: 'no adapter', adapter: undefined });
  });

  it('a worker that crashes fails its pending calls with a message', async () => {
    const { client, workers } = setup();
    const probe = client.probe();
    workers[0].crash('Uncaught SyntaxError');
    await expect(probe).rejects.toThrow('The model worker crashed: Uncaught SyntaxError');
    await flush();
    expect(workers[0].terminated).toBe(true);
  });
});
