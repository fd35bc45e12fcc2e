import { describe, expect, it } from 'vitest';
import type { ModelRole } from '../core';
import { ModelFileError } from '../models/fileChecks';
import { parseManifest } from '../models/readManifest';
import type { DenoiserSession } from '../models/session';
import { sampleManifest } from '../models/testManifest';
import type { BackendName, Reply, Request } from './protocol';
import { createWorkerRuntime, type LoadRequest, type RuntimeDeps } from './runtime';
import { twoModelParams } from './testParams';

const manifest = parseManifest(sampleManifest());
const params = twoModelParams(4, 2, { seed: 1, classes: [0] });
const tick = () => new Promise((r) => setTimeout(r, 1));

/**
 * Sessions that take a tick per call, log every call, and refuse calls once released (as the real
 * ones do). Each call moves a virtual clock by `cost(role, i)` ms (i: that model's call count so
 * far), 10 ms unless a test says otherwise.
 */
function fakeModels() {
  const calls: string[] = [];
  const clock = { t: 0, cost: (_role: ModelRole, _i: number) => 10 };
  const made: Record<string, number> = {};
  const opened: { backend: BackendName; released: boolean }[] = [];
  let failOn: BackendName | null = null;
  let fileError = false;
  const open: RuntimeDeps['open'] = async (req, backend, onProgress) => {
    await tick();
    if (fileError) throw new ModelFileError('s.onnx', 'Model file "s.onnx" is truncated.');
    const set = { backend, released: false };
    opened.push(set);
    const session = (role: ModelRole): DenoiserSession => ({
      id: role,
      backend,
      denoise: async (x, t, _y, n) => {
        if (set.released) throw new Error(`Denoiser "${role}" was released`);
        if (failOn === backend) throw new Error('no kernel for Gelu');
        calls.push(`${backend}:${role}:n=${n}:t=${t}`);
        made[role] = (made[role] ?? 0) + 1;
        clock.t += clock.cost(role, made[role] - 1);
        await tick();
        return x.map((v) => 0.5 * v);
      },
      release: async () => void (set.released = true),
    });
    for (const d of req.manifest.denoisers) onProgress({ file: d.file, role: d.role, loaded: 1, total: 1, source: 'network' });
    return {
      sessions: { small: session('small'), large: session('large') },
      info: req.manifest.denoisers.map((d) => ({
        id: d.id,
        role: d.role,
        file: d.file,
        bytes: 1,
        source: 'network' as const,
        stored: true,
      })),
    };
  };
  return {
    calls,
    clock,
    opened,
    open,
    failOn: (b: BackendName | null) => void (failOn = b),
    failFiles: () => void (fileError = true),
  };
}

function setup(opts: { backend?: BackendName } = {}) {
  const models = fakeModels();
  const replies: Reply[] = [];
  let loseDevice!: (reason: string) => void;
  const runtime = createWorkerRuntime({
    post: (msg) => void replies.push(msg),
    origin: 'https://app.example',
    probe: async () =>
      opts.backend === 'wasm' ? { backend: 'wasm', fallbackReason: 'no adapter' } : { backend: 'webgpu', adapter: 'fake gpu' },
    readManifest: async (url) => {
      if (url.endsWith('missing.json')) throw new Error(`Could not fetch the model manifest ${url}: HTTP 404`);
      return parseManifest(sampleManifest(), url);
    },
    open: models.open,
    deviceLost: () => new Promise<string>((resolve) => (loseDevice = resolve)),
    resources: () => ['https://app.example/assets/worker.js'],
    yieldToMessages: () => Promise.resolve(),
    now: () => models.clock.t,
  });
  let nextId = 1;
  const load = (over: Partial<LoadRequest> = {}): Request & { id: number } => ({
    type: 'load',
    id: nextId++,
    manifestUrl: 'https://app.example/models/manifest.json',
    manifest,
    backend: 'webgpu',
    roles: ['small', 'large'],
    ...over,
  });
  const generate = (): Request & { id: number } => ({ type: 'generate', id: nextId++, params });
  const agreement = (): Request & { id: number } => ({ type: 'agreement', id: nextId++, params: { ...params, steps: 4 } });
  /** The final reply (loaded, done, cancelled, error...) to request `id`. */
  const outcome = (id: number) =>
    replies
      .filter((r) => r.id === id && !['progress', 'step', 'trajectory', 'agreement', 'bench-progress'].includes(r.type))
      .map((r) => r.type);
  return { runtime, models, replies, load, generate, agreement, outcome, loseDevice: (r: string) => loseDevice(r) };
}

describe('worker runtime: manifest', () => {
  it("answers a served set's manifest, checked, or the reader's error naming the URL", async () => {
    const { runtime, replies } = setup();
    await runtime.handle({ type: 'manifest', id: 1, url: 'https://app.example/models/manifest.json' });
    await runtime.handle({ type: 'manifest', id: 2, url: 'https://app.example/models/missing.json' });
    const ok = replies.find((r) => r.id === 1);
    expect(ok?.type === 'manifest' && ok.manifest.title).toBe(sampleManifest().title);
    expect(replies.find((r) => r.id === 2)).toEqual({
      type: 'error',
      id: 2,
      message: 'Could not fetch the model manifest https://app.example/models/missing.json: HTTP 404',
    });
  });
});

describe('worker runtime: load', () => {
  it('opens, warms up once at the default batch, and reports the models', async () => {
    const { runtime, models, replies, load, generate } = setup();
    await runtime.handle(load());
    const loaded = replies.find((r) => r.type === 'loaded');
    expect(loaded).toMatchObject({ backend: 'webgpu', adapter: 'fake gpu', resources: ['https://app.example/assets/worker.js'] });
    expect(replies.filter((r) => r.type === 'progress')).toHaveLength(2);
    // WebGPU: the load waits for one warm-up call per model at 2 images (guidance doubles the batch
    // of 1); the warm-up goes on until two more calls agree (STEADY.webgpu), before any run.
    expect(models.calls.slice(0, 2)).toEqual(['webgpu:small:n=2:t=99', 'webgpu:large:n=2:t=99']);
    await runtime.handle(generate());
    expect(models.calls.slice(0, 6).filter((c) => c === 'webgpu:small:n=2:t=99')).toHaveLength(3);
    expect(models.calls.slice(0, 6).filter((c) => c === 'webgpu:large:n=2:t=99')).toHaveLength(3);
  });

  it("on wasm answers loaded after one call per model; the rest of the warm-up comes before any run's first call", async () => {
    const { runtime, models, replies, load, generate, outcome } = setup({ backend: 'wasm' });
    await runtime.handle(load());
    expect(replies.some((r) => r.type === 'loaded')).toBe(true);
    expect(models.calls.slice(0, 2)).toEqual(['wasm:small:n=2:t=99', 'wasm:large:n=2:t=99']);
    const run = generate(); // at once, as a visitor clicking Generate the moment it is enabled
    await runtime.handle(run);
    expect(outcome(run.id)).toEqual(['done']);
    // Steady calls: five per model first (STEADY.wasm's least), then the run (its first step is
    // also at t = 99: one small, one large call).
    expect(models.calls.slice(0, 10).filter((c) => c === 'wasm:small:n=2:t=99')).toHaveLength(5);
    expect(models.calls.slice(0, 10).filter((c) => c === 'wasm:large:n=2:t=99')).toHaveLength(5);
    expect(models.calls.filter((c) => c.endsWith(':t=99'))).toHaveLength(10 + 2);
  });

  it('first calls that are slow (wasm tier-up): warm-up runs until they settle, and the run is timed at the settled cost', async () => {
    const { runtime, models, replies, load, generate } = setup({ backend: 'wasm' });
    // The large model as measured in a browser: 2.1, 2.2, 2.1, 0.7 s, then 0.27 s per call; the small one 20 ms.
    const large = [2100, 2200, 2100, 700];
    models.clock.cost = (role, i) => (role === 'small' ? 20 : (large[i] ?? 270));
    await runtime.handle(load());
    await runtime.handle(generate());
    // The small model settles after 1 + 4 calls; the large one only after the tier-up: 1 + 6.
    expect(models.calls.filter((c) => c === 'wasm:large:n=2:t=99').length).toBe(7 + 1);
    const times = Object.fromEntries(replies.flatMap((r) => (r.type === 'trajectory' ? [[r.trajectory, r.ms]] : [])));
    // stitched: 2 small + 2 large; baseline: 4 large, every call at its settled cost.
    expect(times).toEqual({ stitched: 2 * 20 + 2 * 270, baseline: 4 * 270 });
  });

  it('a run that sped up midway (faster than the FLOPs allow) is timed once more, and says so', async () => {
    const { runtime, models, replies, load, generate } = setup({ backend: 'wasm' });
    const base = sampleManifest();
    const priced = parseManifest({
      ...base,
      denoisers: [
        { ...base.denoisers[0], gflops: 1 },
        { ...base.denoisers[1], gflops: 10 },
      ],
    });
    // Warm-up settles at 300 ms a large call (calls 0-4); the run's first two (the baseline's) still
    // take 300, then a background compile lands and every later call takes 100.
    models.clock.cost = (role, i) => (role === 'small' ? 20 : i < 7 ? 300 : 100);
    await runtime.handle(load({ manifest: priced }));
    await runtime.handle(generate());
    const timings = replies.flatMap((r) => (r.type === 'trajectory' ? [r] : []));
    // First timing: 240 against 800 ms, 3.3x where the FLOPs allow 4 / 2.2 = 1.82x: timed again, 240 against 400.
    expect(timings.map((t) => [t.trajectory, t.ms, t.retaken])).toEqual([
      ['stitched', 2 * 20 + 2 * 100, true],
      ['baseline', 4 * 100, true],
    ]);
  });

  it('a set that is refused leaves the models in use open: the next run uses them, nothing is loaded again', async () => {
    const { runtime, models, outcome, load, generate } = setup({ backend: 'wasm' });
    await runtime.handle(load());
    models.failFiles();
    const refused = load();
    await runtime.handle(refused);
    expect(outcome(refused.id)).toEqual(['error']);
    expect(models.opened.map((o) => o.released)).toEqual([false]);
    const run = generate();
    await runtime.handle(run);
    expect(outcome(run.id)).toEqual(['done']);
  });

  it('a new load lets the previous models finish their warm-up before releasing them', async () => {
    const { runtime, models, outcome, load, generate } = setup({ backend: 'wasm' });
    await runtime.handle(load());
    const b = load();
    await runtime.handle(b);
    expect(outcome(b.id)).toEqual(['loaded']);
    expect(models.opened.map((o) => o.released)).toEqual([true, false]);
    await runtime.handle(generate()); // after the second set's warm-up
    // A call on released sessions throws before it is logged: all five per set were made.
    expect(models.calls.filter((c) => c === 'wasm:small:n=2:t=99')).toHaveLength(5 + 5 + 1);
    expect(models.calls.filter((c) => c === 'wasm:large:n=2:t=99')).toHaveLength(5 + 5 + 1);
  });

  it('refuses a manifest from another origin', async () => {
    const { runtime, replies, load } = setup();
    await runtime.handle(load({ manifestUrl: 'https://evil.example/manifest.json' }));
    expect(replies).toEqual([
      { type: 'error', id: 1, message: "Refusing to load models from https://evil.example: only this app's own origin is allowed." },
    ]);
  });

  it('falls back to wasm when the models fail on WebGPU, but never for a bad file', async () => {
    const s = setup();
    s.models.failOn('webgpu');
    await s.runtime.handle(s.load());
    expect(s.replies.find((r) => r.type === 'loaded')).toMatchObject({
      backend: 'wasm',
      fallbackReason: 'The models failed on WebGPU: A first test run of the models on webgpu failed: no kernel for Gelu',
    });
    expect(s.models.opened.map((o) => [o.backend, o.released])).toEqual([
      ['webgpu', true],
      ['wasm', false],
    ]);

    const bad = setup();
    bad.models.failFiles();
    await bad.runtime.handle(bad.load());
    expect(bad.replies).toEqual([{ type: 'error', id: 1, message: 'Model file "s.onnx" is truncated.' }]);
  });

  it('two overlapping loads: the second replaces the first, whose sessions are released (no leak)', async () => {
    const { runtime, models, outcome, load } = setup();
    const a = load();
    const b = load({ backend: 'wasm' });
    await Promise.all([runtime.handle(a), runtime.handle(b)]);
    expect(outcome(a.id)).toEqual(['loaded']);
    expect(outcome(b.id)).toEqual(['loaded']);
    expect(models.opened.map((o) => [o.backend, o.released])).toEqual([
      ['webgpu', true],
      ['wasm', false],
    ]);
  });
});

describe('worker runtime: runs and loads overlapping', () => {
  it('a load while a generation runs cancels it first (answered cancelled), then releases its sessions', async () => {
    const { runtime, models, replies, outcome, load, generate } = setup();
    await runtime.handle(load());
    const run = generate();
    const running = runtime.handle(run);
    await tick(); // the run is between model calls
    const reload = load({ backend: 'wasm' });
    await Promise.all([running, runtime.handle(reload)]);
    expect(outcome(run.id)).toEqual(['cancelled']); // not "Denoiser was released"
    expect(outcome(reload.id)).toEqual(['loaded']);
    expect(replies.some((r) => r.type === 'error')).toBe(false);
    expect(models.opened.map((o) => o.released)).toEqual([true, false]);
    // The old sessions saw no call after their release: every webgpu call came before the wasm set opened.
    const lastWebgpu = models.calls.map((c) => c.startsWith('webgpu')).lastIndexOf(true);
    expect(models.calls.slice(lastWebgpu + 1).every((c) => c.startsWith('wasm'))).toBe(true);
  });

  it('a generation asked for while a load is in progress runs on the new models', async () => {
    const { runtime, models, outcome, load, generate } = setup();
    const first = load();
    const run = generate();
    await Promise.all([runtime.handle(first), runtime.handle(run)]);
    expect(outcome(run.id)).toEqual(['done']);
    // The warm-up (three calls per model on WebGPU), then four steps of each trajectory: 2 small + 2 large, then 4 large.
    expect(models.calls).toHaveLength(6 + 8);
  });

  it('a generation with no models loaded is an error naming the fix', async () => {
    const { runtime, replies, generate } = setup();
    await runtime.handle(generate());
    expect(replies).toEqual([{ type: 'error', id: 1, message: 'No models are loaded yet; load them before generating.' }]);
  });

  it('a cancel that arrives before the run has started still cancels it', async () => {
    const { runtime, models, outcome, load, generate } = setup();
    const first = load();
    const run = generate();
    const pending = [runtime.handle(first), runtime.handle(run)];
    await runtime.handle({ type: 'cancel', id: 99, target: run.id });
    await Promise.all(pending);
    expect(outcome(run.id)).toEqual(['cancelled']);
    await new Promise((r) => setTimeout(r, 50)); // the warm-up goes on after 'loaded'
    expect(models.calls).toHaveLength(6); // the load's warm-up only: three calls per model on WebGPU
  });

  it('a generation and an agreement at a new batch size warm up once per model, whoever asks first', async () => {
    const { runtime, models, outcome, load } = setup({ backend: 'wasm' });
    await runtime.handle(load());
    models.calls.length = 0;
    const big = { ...params, classes: [0, 1, 0, 1] }; // 8 images per call
    const a: Request = { type: 'generate', id: 50, params: big };
    const b: Request = { type: 'agreement', id: 51, params: { ...big, steps: 4 } };
    await Promise.all([runtime.handle(a), runtime.handle(b)]);
    expect(outcome(50)).toEqual(['done']);
    expect(outcome(51)).toEqual(['done']);
    // wasm warms up with five steady calls per model at the new size, once. Then the generation
    // (stitched: 2 small + 2 large, large-only: 4 large) and the agreement (both models at each of 4 steps).
    expect(models.calls.filter((c) => c.includes(':small:n=8'))).toHaveLength(5 + 2 + 4);
    expect(models.calls.filter((c) => c.includes(':large:n=8'))).toHaveLength(5 + 6 + 4);
  });

  it('the bench runs on the open models and answers progress, its result, then done', async () => {
    const { runtime, replies, outcome, load } = setup();
    const withCosts = parseManifest({
      ...sampleManifest(),
      denoisers: sampleManifest().denoisers.map((d, i) => ({ ...d, gflops: i + 1 })),
    });
    await runtime.handle(load({ manifest: withCosts }));
    const config = { fractions: [0, 0.5], steps: 2, batch: 1, repeats: 1, sampler: 'ddim' as const, eta: 0, guidance: 2, seed: 0 };
    await runtime.handle({ type: 'bench', id: 70, config });
    expect(outcome(70)).toEqual(['bench-result', 'done']);
    const result = replies.find((r) => r.type === 'bench-result');
    expect(result?.type === 'bench-result' && result.result.rows.map((r) => r.smallSteps)).toEqual([0, 1]);
    expect(replies.some((r) => r.type === 'bench-progress')).toBe(true);
  });
});

describe('worker runtime: lost device', () => {
  it('tells the page once the GPU device of the open models is lost', async () => {
    const { runtime, replies, load, loseDevice } = setup();
    await runtime.handle(load());
    loseDevice('The GPU device was lost (destroyed).');
    await tick();
    expect(replies.at(-1)).toEqual({ type: 'device-lost', id: 0, reason: 'The GPU device was lost (destroyed).' });
  });

  it('says nothing for models that were replaced since', async () => {
    const { runtime, replies, load, loseDevice } = setup();
    await runtime.handle(load());
    const lose = loseDevice;
    await runtime.handle(load({ backend: 'wasm' }));
    lose('old device');
    await tick();
    expect(replies.some((r) => r.type === 'device-lost')).toBe(false);
  });
});

describe('the first test run says what to change', () => {
  it('a class embedding without a null row', async () => {
    const { firstRunAdvice } = await import('./runtime');
    expect(
      firstRunAdvice(
        "Non-zero status code returned while running Gather node. Name:'/emb/Gather' Status Message: indices element out of data bounds, idx=10 must be within the inclusive range [-10,9]",
        10,
      ),
    ).toMatch(
      /idx=10 must be within the inclusive range \[-10,9\]\. The test run asks each model for class 10, the manifest's nullClass .* Give the embedding a null row .* or set nullClass to a real class id/,
    );
    expect(firstRunAdvice('no kernel for Gelu', 10)).toBe('no kernel for Gelu');
  });
});
