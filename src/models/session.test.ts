import { describe, expect, it } from 'vitest';
import { createRunQueue } from './runQueue';
import { createDenoiserSession, imageShapeMismatch, type OrtLike, type OrtSessionLike, type OrtTensorLike } from './session';

class FakeTensor implements OrtTensorLike {
  constructor(readonly type: string, readonly data: Float32Array | BigInt64Array, readonly dims: readonly number[]) {}
}

/**
 * eps = x * (t + 1) + y, with a run that takes a while. Every session it creates shares one
 * "wasm module" that refuses a second run while one is active, as onnxruntime-web's does.
 */
function fakeOrt(opts: { inputNames?: string[]; log?: string[] } = {}): OrtLike & { released: number } {
  let active = 0;
  const state = { released: 0 };
  const makeSession = (): OrtSessionLike => ({
    inputNames: opts.inputNames ?? ['x', 't', 'y'],
    outputNames: ['eps'],
    async run(feeds) {
      if (active++ > 0) throw new Error('Session already started');
      const x = feeds.x.data as Float32Array;
      const t = feeds.t.data as Float32Array;
      const y = feeds.y.data as BigInt64Array;
      const n = feeds.x.dims[0];
      opts.log?.push(`run t=${t[0]} n=${n} dims=${feeds.x.dims.join('x')} y=${feeds.y.type}`);
      await new Promise((r) => setTimeout(r, 5));
      const per = x.length / n;
      const eps = x.map((v, i) => v * (t[0] + 1) + Number(y[Math.floor(i / per)]));
      active--;
      return { eps: new FakeTensor('float32', eps, feeds.x.dims) };
    },
    async release() {
      state.released++;
    },
  });
  return Object.assign(state, {
    InferenceSession: { create: async () => makeSession() },
    Tensor: FakeTensor as unknown as OrtLike['Tensor'],
  });
}

const image = { channels: 1, height: 2, width: 2 };

describe('createDenoiserSession', () => {
  it('feeds x [N,C,H,W], t float32[N] and y int64[N], and returns eps', async () => {
    const log: string[] = [];
    const s = await createDenoiserSession(fakeOrt({ log }), new Uint8Array(), { id: 'small', backend: 'wasm', image });
    const x = Float32Array.from({ length: 8 }, (_, i) => i);
    const eps = await s.denoise(x, 3, Int32Array.of(0, 10), 2);
    expect(Array.from(eps)).toEqual([0, 4, 8, 12, 26, 30, 34, 38]);
    expect(log).toEqual(['run t=3 n=2 dims=2x1x2x2 y=int64']);
  });

  it('serializes runs across two sessions sharing one queue', async () => {
    const x = new Float32Array(4);
    const open = (ort: OrtLike, id: string, queue?: ReturnType<typeof createRunQueue>) =>
      createDenoiserSession(ort, new Uint8Array(), { id, backend: 'wasm', image, queue });
    const runBoth = async (a: Awaited<ReturnType<typeof open>>, b: Awaited<ReturnType<typeof open>>) =>
      Promise.all([a.denoise(x, 1, Int32Array.of(0), 1), b.denoise(x, 2, Int32Array.of(0), 1), a.denoise(x, 3, Int32Array.of(0), 1)]);
    // The fake throws "Session already started" when two runs of its module overlap.
    const shared = fakeOrt();
    const queue = createRunQueue();
    await expect(runBoth(await open(shared, 'a', queue), await open(shared, 'b', queue))).resolves.toHaveLength(3);
    // Without a shared queue the two sessions do overlap: the fake can tell.
    const apart = fakeOrt();
    await expect(runBoth(await open(apart, 'a'), await open(apart, 'b'))).rejects.toThrow('Session already started');
  });

  it('rejects a model with the wrong signature, naming its inputs', async () => {
    await expect(
      createDenoiserSession(fakeOrt({ inputNames: ['input'] }), new Uint8Array(), { id: 'm', backend: 'wasm', image }),
    ).rejects.toThrow(/Model "m" has inputs \[input\].*expected inputs x, t, y and output eps/);
  });

  it('checks sizes and refuses to run after release', async () => {
    const ort = fakeOrt();
    const s = await createDenoiserSession(ort, new Uint8Array(), { id: 'm', backend: 'wasm', image });
    await expect(s.denoise(new Float32Array(3), 0, Int32Array.of(0), 1)).rejects.toThrow(/x has 3 values/);
    await s.release();
    await s.release();
    expect(ort.released).toBe(1);
    await expect(s.denoise(new Float32Array(4), 0, Int32Array.of(0), 1)).rejects.toThrow(/was released/);
  });
});

describe('imageShapeMismatch', () => {
  const image = { channels: 1, height: 28, width: 28 };
  const x = (shape: (number | string)[]) => [{ name: 'x', isTensor: true, shape }];
  it('accepts the manifest shape with a free batch, and models that declare nothing', () => {
    expect(imageShapeMismatch(x(['N', 1, 28, 28]), image)).toBeNull();
    expect(imageShapeMismatch(x(['N', 'C', 'H', 'W']), image)).toBeNull();
    expect(imageShapeMismatch(undefined, image)).toBeNull();
    expect(imageShapeMismatch([{ name: 'x', isTensor: true, shape: [] }], image)).toBeNull();
  });
  it('names both shapes when they differ', () => {
    expect(imageShapeMismatch(x(['N', 1, 32, 32]), image)).toBe(
      'takes images of shape [N, 1, 32, 32], but the manifest\'s image is 1×28×28 (channels, height, width; the first dimension is the batch)',
    );
    expect(imageShapeMismatch(x(['N', 784]), image)).toMatch(/^takes images of shape \[N, 784\]/);
  });
});

describe('createRunQueue', () => {
  it('keeps going after a failed job', async () => {
    const q = createRunQueue();
    await expect(q(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q(async () => 42)).resolves.toBe(42);
  });
});
