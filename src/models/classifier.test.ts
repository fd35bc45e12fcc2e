import { describe, expect, it } from 'vitest';
import { createClassifierSession } from './classifier';
import type { OrtLike, OrtSessionLike, OrtTensorLike } from './session';

class FakeTensor implements OrtTensorLike {
  constructor(
    readonly type: string,
    readonly data: Float32Array,
    readonly dims: readonly number[],
  ) {}
}

/** logits[i] = [sum of image i, 0], features[i] = [mean, max, min]; or wrong shapes on request. */
function fakeOrt(opts: { outputNames?: string[]; badDims?: boolean } = {}): OrtLike {
  const session: OrtSessionLike = {
    inputNames: ['x'],
    outputNames: opts.outputNames ?? ['logits', 'features'],
    async run(feeds) {
      const x = feeds.x.data as Float32Array;
      const n = feeds.x.dims[0];
      const per = x.length / n;
      const logits = new Float32Array(n * 2);
      const features = new Float32Array(n * (opts.badDims ? 2 : 3));
      for (let i = 0; i < n; i++) {
        const img = x.subarray(i * per, (i + 1) * per);
        logits[2 * i] = img.reduce((a, b) => a + b, 0);
        if (!opts.badDims) features.set([logits[2 * i] / per, Math.max(...img), Math.min(...img)], 3 * i);
      }
      return {
        logits: new FakeTensor('float32', logits, [n, 2]),
        features: new FakeTensor('float32', features, [n, opts.badDims ? 2 : 3]),
      };
    },
    async release() {},
  };
  return { InferenceSession: { create: async () => session }, Tensor: FakeTensor as unknown as OrtLike['Tensor'] };
}

const image = { channels: 1, height: 1, width: 2 };
const opts = { id: 'clf', backend: 'cpu' as const, image, numClasses: 2, featureDim: 3 };

describe('createClassifierSession', () => {
  it('feeds x [N,C,H,W] and returns logits and features', async () => {
    const s = await createClassifierSession(fakeOrt(), new Uint8Array(), opts);
    const out = await s.classify(Float32Array.of(1, 3, -1, 0), 2);
    expect(Array.from(out.logits)).toEqual([4, 0, -1, 0]);
    expect(Array.from(out.features)).toEqual([2, 3, 1, -0.5, 0, -1]);
    await s.release();
    await expect(s.classify(Float32Array.of(1, 3), 1)).rejects.toThrow(/released/);
  });

  it('names the outputs when the model has the wrong signature', async () => {
    await expect(createClassifierSession(fakeOrt({ outputNames: ['logits'] }), new Uint8Array(), opts)).rejects.toThrow(
      /outputs \[logits\].*expected input x and outputs logits, features/,
    );
  });

  it('names the dims when the outputs have the wrong size', async () => {
    const s = await createClassifierSession(fakeOrt({ badDims: true }), new Uint8Array(), opts);
    await expect(s.classify(Float32Array.of(1, 3), 1)).rejects.toThrow(/features \[1, 2\].*expected float32 \[1, 2\] and \[1, 3\]/);
    await expect(s.classify(Float32Array.of(1, 3, 4), 1)).rejects.toThrow(/x has 3 values for n=1/);
  });
});
