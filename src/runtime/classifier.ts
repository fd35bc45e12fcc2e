// Wraps the evaluation classifier's session (docs/ARCHITECTURE.md, manifest `classifier`):
// x float32[N,C,H,W] in [-1, 1] -> logits float32[N,classes], features float32[N,featureDim].
// Same injected-namespace pattern as denoiser.ts; used by the Node tools (tools/eval.ts).
import { createRunQueue, type Backend, type ImageShape, type OrtLike, type OrtSessionLike, type RunQueue } from './denoiser';

export interface ClassifierOutput {
  logits: Float32Array;
  features: Float32Array;
}

export interface ClassifierSession {
  readonly id: string;
  readonly backend: Backend;
  /** logits and features for n images (n*C*H*W values, NCHW). */
  classify(x: Float32Array, n: number): Promise<ClassifierOutput>;
  release(): Promise<void>;
}

/** Create the classifier session; errors name the model, backend, and the dims that were wrong. */
export async function createClassifierSession(
  ort: OrtLike,
  model: Uint8Array,
  opts: { id: string; backend: Backend; image: ImageShape; numClasses: number; featureDim: number; queue?: RunQueue },
): Promise<ClassifierSession> {
  const { id, backend, image, numClasses, featureDim } = opts;
  const queue = opts.queue ?? createRunQueue();
  let session: OrtSessionLike;
  try {
    session = await ort.InferenceSession.create(model, { executionProviders: [backend], graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new Error(`Could not create an onnxruntime session for "${id}" on ${backend}: ${(e as Error).message}`);
  }
  if (!session.inputNames.includes('x') || !session.outputNames.includes('logits') || !session.outputNames.includes('features')) {
    await session.release();
    throw new Error(
      `Classifier "${id}" has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}]; ` +
        'expected input x and outputs logits, features (docs/ARCHITECTURE.md).',
    );
  }
  const perImage = image.channels * image.height * image.width;
  let released = false;
  const classify = (x: Float32Array, n: number) =>
    queue(async () => {
      if (released) throw new Error(`Classifier "${id}" was released`);
      if (x.length !== n * perImage) throw new Error(`Classifier "${id}": x has ${x.length} values for n=${n} images of ${perImage} values`);
      const out = await session.run({ x: new ort.Tensor('float32', x, [n, image.channels, image.height, image.width]) });
      const logits = out.logits?.data;
      const features = out.features?.data;
      if (!(logits instanceof Float32Array) || logits.length !== n * numClasses ||
          !(features instanceof Float32Array) || features.length !== n * featureDim) {
        throw new Error(
          `Classifier "${id}" on ${backend} returned logits [${out.logits?.dims.join(', ')}] and features [${out.features?.dims.join(', ')}]; ` +
            `expected float32 [${n}, ${numClasses}] and [${n}, ${featureDim}]`,
        );
      }
      return { logits, features };
    });
  return {
    id,
    backend,
    classify,
    release: () =>
      queue(async () => {
        if (released) return;
        released = true;
        await session.release();
      }),
  };
}
