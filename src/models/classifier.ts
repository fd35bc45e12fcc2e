// Wraps the evaluation classifier's session (docs/ARCHITECTURE.md, manifest `classifier`):
// x float32[N,C,H,W] in [-1, 1] -> logits float32[N,classes], features float32[N,featureDim].
// Same injected-namespace pattern as session.ts; used by the Node tools (tools/research/eval.ts).
import { openSession, signatureMismatch, type ModelSession, type OrtLike, type SessionOptions } from './session';

export interface ClassifierOutput {
  logits: Float32Array;
  features: Float32Array;
}

export interface ClassifierSession extends ModelSession {
  /** logits and features for n images (n*C*H*W values, NCHW). */
  classify(x: Float32Array, n: number): Promise<ClassifierOutput>;
}

/** Create the classifier session; errors name the model, backend, and the dims that were wrong. */
export async function createClassifierSession(
  ort: OrtLike,
  model: Uint8Array,
  opts: SessionOptions & { numClasses: number; featureDim: number },
): Promise<ClassifierSession> {
  const { id, backend, image, numClasses, featureDim } = opts;
  const { run, release } = await openSession(ort, model, opts, (session) => {
    const wrong = signatureMismatch(`Classifier "${id}"`, session, ['x'], ['logits', 'features']);
    return wrong ? new Error(wrong) : null;
  });
  const perImage = image.channels * image.height * image.width;
  const classify = (x: Float32Array, n: number) =>
    run('Classifier', async (session) => {
      if (x.length !== n * perImage)
        throw new Error(`Classifier "${id}": x has ${x.length} values for n=${n} images of ${perImage} values`);
      const out = await session.run({ x: new ort.Tensor('float32', x, [n, image.channels, image.height, image.width]) });
      const logits = out.logits?.data;
      const features = out.features?.data;
      if (
        !(logits instanceof Float32Array) ||
        logits.length !== n * numClasses ||
        !(features instanceof Float32Array) ||
        features.length !== n * featureDim
      ) {
        throw new Error(
          `Classifier "${id}" on ${backend} returned logits [${out.logits?.dims.join(', ')}] and features [${out.features?.dims.join(', ')}]; ` +
            `expected float32 [${n}, ${numClasses}] and [${n}, ${featureDim}]`,
        );
      }
      return { logits, features };
    });
  return { id, backend, classify, release };
}
