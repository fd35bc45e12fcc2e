import { describe, expect, it } from 'vitest';
import { createRunQueue } from './runQueue';
import {
  createDenoiserSession,
  DENOISER_INPUTS,
  DENOISER_OUTPUTS,
  imageShapeMismatch,
  plainOrtError,
  typeMismatch,
  type OrtLike,
  type OrtSessionLike,
  type OrtTensorLike,
} from './session';

class FakeTensor implements OrtTensorLike {
  constructor(
    readonly type: string,
    readonly data: Float32Array | BigInt64Array,
    readonly dims: readonly number[],
  ) {}
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
      "takes images of shape [N, 1, 32, 32], but the manifest's image is 1×28×28 (channels, height, width; the first dimension is the batch)",
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

describe('typeMismatch: the common export mistakes, named at open', () => {
  const what = 'Model file "s.onnx" (model "s")';
  const meta = (over: Partial<Record<'x' | 't' | 'y' | 'eps', { type?: string; shape?: (number | string)[] }>> = {}) => {
    const base = {
      x: { type: 'float32', shape: ['N', 1, 4, 4] },
      t: { type: 'float32', shape: ['N'] },
      y: { type: 'int64', shape: ['N'] },
      eps: { type: 'float32', shape: ['N', 1, 4, 4] },
    };
    const all = { ...base, ...over };
    const v = (name: keyof typeof all) => ({ name, isTensor: true, type: all[name].type, shape: all[name].shape });
    return {
      inputNames: ['x', 't', 'y'],
      outputNames: ['eps'],
      inputMetadata: [v('x'), v('t'), v('y')],
      outputMetadata: [v('eps')],
    } as unknown as OrtSessionLike;
  };
  it('accepts the contract, and says nothing where the metadata says nothing', () => {
    expect(typeMismatch(what, meta(), DENOISER_INPUTS, DENOISER_OUTPUTS)).toBeNull();
    expect(
      typeMismatch(what, { inputNames: [], outputNames: [] } as unknown as OrtSessionLike, DENOISER_INPUTS, DENOISER_OUTPUTS),
    ).toBeNull();
  });
  it('an fp16 model, an integer t, int32 classes: the input, the type found and what to do', () => {
    expect(typeMismatch(what, meta({ x: { type: 'float16', shape: ['N', 1, 4, 4] } }), DENOISER_INPUTS, DENOISER_OUTPUTS)).toBe(
      'Model file "s.onnx" (model "s"): input x is float16, the contract is float32: export the model in float32 (model.float() before torch.onnx.export; no .half()).',
    );
    expect(typeMismatch(what, meta({ t: { type: 'int64', shape: ['N'] } }), DENOISER_INPUTS, DENOISER_OUTPUTS)).toMatch(
      /^Model file "s.onnx" \(model "s"\): input t is int64, the contract is float32: the timestep goes in as a float32 tensor/,
    );
    expect(typeMismatch(what, meta({ y: { type: 'int32', shape: ['N'] } }), DENOISER_INPUTS, DENOISER_OUTPUTS)).toMatch(
      /input y is int32, the contract is int64: the class ids go in as int64/,
    );
    expect(typeMismatch(what, meta({ eps: { type: 'float16', shape: ['N', 1, 4, 4] } }), DENOISER_INPUTS, DENOISER_OUTPUTS)).toMatch(
      /output eps is float16/,
    );
  });
  it('a static batch of 1, and a wrong rank', () => {
    expect(typeMismatch(what, meta({ x: { type: 'float32', shape: [1, 1, 4, 4] } }), DENOISER_INPUTS, DENOISER_OUTPUTS)).toMatch(
      /input x has a fixed batch of 1, but the page calls the model with any number of images .*dynamic_axes=\{"x": \{0: "batch"\}/,
    );
    expect(typeMismatch(what, meta({ t: { type: 'float32', shape: ['N', 1] } }), DENOISER_INPUTS, DENOISER_OUTPUTS)).toBe(
      'Model file "s.onnx" (model "s"): input t has 2 dimensions [N, 1], the contract 1 (the first one the batch).',
    );
  });
});

describe('plainOrtError', () => {
  it("drops onnxruntime's build paths and says what opset to export", () => {
    const raw =
      '[ONNXRuntimeError] : 1 : FAIL : Load model from memory failed:/onnxruntime_src/onnxruntime/core/graph/model.cc:180 onnxruntime::Model::Model(ModelProto&&, const PathString&, const IOnnxRuntimeOpSchemaRegistryList*, const logging::Logger&, const ModelOptions&) Unsupported model IR version: 99, max supported IR version: 10';
    const plain = plainOrtError(raw);
    expect(plain).not.toMatch(/onnxruntime_src|model\.cc|onnxruntime::/);
    expect(plain).toMatch(/Unsupported model IR version: 99, max supported IR version: 10 \(this onnxruntime runs ONNX opsets up to 21/);
    expect(plainOrtError('no kernel for Gelu')).toBe('no kernel for Gelu');
  });
});
