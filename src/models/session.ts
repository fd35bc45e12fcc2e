// Wraps one ONNX denoiser session as the core's Denoiser callback.
// Written against an injected onnxruntime namespace, so the same code runs with
// onnxruntime-web (the runtime worker) and onnxruntime-node (tools/).
import type { Denoiser, ImageShape } from '../core';
import { ModelFileError } from './fileChecks';
import { createRunQueue, type RunQueue } from './runQueue';

/** onnxruntime's execution provider names this project uses ('cpu' is onnxruntime-node's). */
export type Backend = 'webgpu' | 'wasm' | 'cpu';

export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}

/** An input's or output's declared type and shape (numbers, or names for free dimensions). */
export interface OrtValueMetadataLike {
  readonly name: string;
  readonly isTensor: boolean;
  /** The element type ('float32', 'int64', 'float16'...), for a tensor. */
  readonly type?: string;
  readonly shape?: readonly (number | string)[];
}

export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Missing in older onnxruntime builds: then the first run is the shape check. */
  readonly inputMetadata?: readonly OrtValueMetadataLike[];
  readonly outputMetadata?: readonly OrtValueMetadataLike[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

/** The part of `onnxruntime-web` / `onnxruntime-node` this module uses. */
export interface OrtLike {
  InferenceSession: {
    create(model: Uint8Array, options?: { executionProviders?: string[]; graphOptimizationLevel?: 'all' }): Promise<OrtSessionLike>;
  };
  Tensor: {
    new (type: 'float32', data: Float32Array, dims: readonly number[]): OrtTensorLike;
    new (type: 'int64', data: BigInt64Array, dims: readonly number[]): OrtTensorLike;
  };
}

/** What every wrapped session shares: where it runs and how it is released. */
export interface ModelSession {
  readonly id: string;
  readonly backend: Backend;
  release(): Promise<void>;
}

export interface DenoiserSession extends ModelSession {
  readonly denoise: Denoiser;
}

/** How a wrapper opens a session; `queue` is shared by the sessions of one onnxruntime module. */
export interface SessionOptions {
  id: string;
  backend: Backend;
  image: ImageShape;
  queue?: RunQueue;
  /** The model's file (the manifest's `file`), for messages. */
  file?: string;
}

/**
 * Creates the session, checks its signature with `check` (a message means wrong, and the session
 * is released), and hands back a guarded run: queued, and refused once released.
 */
export async function openSession(ort: OrtLike, model: Uint8Array, opts: SessionOptions, check: (session: OrtSessionLike) => Error | null) {
  const { id, backend } = opts;
  const queue = opts.queue ?? createRunQueue();
  let session: OrtSessionLike;
  try {
    session = await ort.InferenceSession.create(model, { executionProviders: [backend], graphOptimizationLevel: 'all' });
  } catch (e) {
    const named = opts.file && opts.file !== id ? `"${id}" (file "${opts.file}")` : `"${id}"`;
    throw new Error(`Could not create an onnxruntime session for ${named} on ${backend}: ${plainOrtError((e as Error).message)}`, {
      cause: e,
    });
  }
  const problem = check(session);
  if (problem) {
    await session.release();
    throw problem;
  }
  let released = false;
  const run = <T>(what: string, job: (s: OrtSessionLike) => Promise<T>) =>
    queue(async () => {
      if (released) throw new Error(`${what} "${id}" was released`);
      return job(session);
    });
  const release = () =>
    queue(async () => {
      if (released) return;
      released = true;
      await session.release();
    });
  return { run, release };
}

const INPUTS = ['x', 't', 'y'] as const;

/**
 * "has inputs [...] and outputs [...]; expected ..." when `session` lacks one of the names the
 * contract gives (docs/ARCHITECTURE.md), else null. `what`: 'Model "dit-s4"', 'Decoder file "d.onnx"'...
 */
export function signatureMismatch(
  what: string,
  session: OrtSessionLike,
  inputs: readonly string[],
  outputs: readonly string[],
): string | null {
  const ok = inputs.every((n) => session.inputNames.includes(n)) && outputs.every((n) => session.outputNames.includes(n));
  if (ok) return null;
  const list = (names: readonly string[]) => names.join(', ');
  return (
    `${what} has inputs [${list(session.inputNames)}] and outputs [${list(session.outputNames)}]; ` +
    `expected input${inputs.length > 1 ? 's' : ''} ${list(inputs)} and output${outputs.length > 1 ? 's' : ''} ${list(outputs)} (docs/ARCHITECTURE.md).`
  );
}

/**
 * Why the model's declared image input does not fit `image` (the manifest's C×H×W), or null when
 * it does or says nothing (free dimensions are accepted: the first run checks those).
 */
export function imageShapeMismatch(
  inputs: readonly OrtValueMetadataLike[] | undefined,
  image: ImageShape,
  name = 'x',
  said: { verb: 'takes' | 'gives'; field: string } = { verb: 'takes', field: 'image' },
): string | null {
  const x = inputs?.find((m) => m.name === name);
  if (!x?.isTensor || !x.shape || x.shape.length === 0) return null;
  const want = [image.channels, image.height, image.width];
  const dims = x.shape.slice(1);
  const fits = x.shape.length === 4 && dims.every((d, i) => typeof d !== 'number' || d === want[i]);
  if (fits) return null;
  return `${said.verb} images of shape [${x.shape.join(', ')}], but the manifest's ${said.field} is ${want.join('×')} (channels, height, width; the first dimension is the batch)`;
}

/** An input or output of the contract (docs/ARCHITECTURE.md): its element type and rank, the first dimension the batch. */
export interface ValueSpec {
  name: string;
  type: 'float32' | 'int64';
  rank: number;
}

export const DENOISER_INPUTS: readonly ValueSpec[] = [
  { name: 'x', type: 'float32', rank: 4 },
  { name: 't', type: 'float32', rank: 1 },
  { name: 'y', type: 'int64', rank: 1 },
];
export const DENOISER_OUTPUTS: readonly ValueSpec[] = [{ name: 'eps', type: 'float32', rank: 4 }];

/** What to change for the common export mistakes, by what was found. */
function typeAdvice(spec: ValueSpec, found: string): string {
  if (found === 'float16' || found === 'bfloat16')
    return 'export the model in float32 (model.float() before torch.onnx.export; no .half())';
  if (spec.name === 't' && found !== 'float32')
    return 'the timestep goes in as a float32 tensor: cast it inside the model (t.long() for an embedding lookup) and export with a float t';
  if (spec.name === 'y') return 'the class ids go in as int64 (torch.long)';
  return `export ${spec.name} as ${spec.type}`;
}

/**
 * Why the declared types or batch dimension of the inputs and outputs do not fit the contract, or
 * null (what metadata does not say is left to the first run). `what`: 'Model file "s.onnx" (model "dit-s")'.
 */
export function typeMismatch(
  what: string,
  session: OrtSessionLike,
  inputs: readonly ValueSpec[],
  outputs: readonly ValueSpec[],
): string | null {
  const check = (
    kind: 'input' | 'output',
    specs: readonly ValueSpec[],
    meta: readonly OrtValueMetadataLike[] | undefined,
  ): string | null => {
    for (const spec of specs) {
      const m = meta?.find((v) => v.name === spec.name);
      if (!m) continue;
      if (!m.isTensor) return `${what}: ${kind} ${spec.name} is not a tensor; the contract is ${spec.type}`;
      if (m.type && m.type !== spec.type)
        return `${what}: ${kind} ${spec.name} is ${m.type}, the contract is ${spec.type}: ${typeAdvice(spec, m.type)}.`;
      const shape = m.shape ?? [];
      if (shape.length > 0 && shape.length !== spec.rank) {
        return `${what}: ${kind} ${spec.name} has ${shape.length} dimensions [${shape.join(', ')}], the contract ${spec.rank} (the first one the batch).`;
      }
      if (typeof shape[0] === 'number') {
        return (
          `${what}: ${kind} ${spec.name} has a fixed batch of ${shape[0]}, but the page calls the model with any number of images ` +
          `(twice the batch with guidance): export with a dynamic first dimension (torch.onnx.export(..., dynamic_axes={"${spec.name}": {0: "batch"}, ...})).`
        );
      }
    }
    return null;
  };
  return check('input', inputs, session.inputMetadata) ?? check('output', outputs, session.outputMetadata);
}

/**
 * onnxruntime's message without its build paths ("/onnxruntime_src/onnxruntime/core/graph/model.cc:180
 * onnxruntime::Model::Model ..." says nothing to the person who exported the model), with what to
 * change for the messages a common export mistake gives.
 */
export function plainOrtError(message: string): string {
  const plain = message
    .replace(/\[?(?:\/[\w.+-]+)+\.(?:cc|cpp|h):\d+\]?\s*/g, '')
    .replace(/\bonnxruntime::[\w:<>~]+(?:\([^)]*\))?\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (/opset|ai\.onnx.*version|Unsupported model IR version/i.test(plain)) {
    return `${plain} (this onnxruntime runs ONNX opsets up to 21: export with opset_version between 17 and 21)`;
  }
  return plain;
}

/** Create a session for `model` on `backend` and wrap it; errors name the model, backend, dims and dtype. */
export async function createDenoiserSession(
  ort: OrtLike,
  model: Uint8Array,
  opts: SessionOptions & { file?: string },
): Promise<DenoiserSession> {
  const { id, backend, image } = opts;
  const file = opts.file ?? id;
  const { run, release } = await openSession(ort, model, opts, (session) => {
    const wrong = signatureMismatch(`Model "${id}"`, session, INPUTS, ['eps']);
    if (wrong) return new Error(wrong);
    const typed = typeMismatch(`Model file "${file}" (model "${id}")`, session, DENOISER_INPUTS, DENOISER_OUTPUTS);
    if (typed) return new ModelFileError(file, typed);
    const mismatch = imageShapeMismatch(session.inputMetadata, image);
    return mismatch ? new ModelFileError(file, `Model file "${file}" ${mismatch}.`) : null;
  });
  const perImage = image.channels * image.height * image.width;

  const denoise: Denoiser = (x, t, y, n) =>
    run('Denoiser', async (session) => {
      if (x.length !== n * perImage || y.length !== n) {
        throw new Error(`Denoiser "${id}": x has ${x.length} values and y ${y.length} for n=${n} images of ${perImage} values`);
      }
      const feeds = {
        x: new ort.Tensor('float32', x, [n, image.channels, image.height, image.width]),
        t: new ort.Tensor('float32', new Float32Array(n).fill(t), [n]),
        y: new ort.Tensor(
          'int64',
          BigInt64Array.from(y, (v) => BigInt(v)),
          [n],
        ),
      };
      let out: OrtTensorLike | undefined;
      try {
        out = (await session.run(feeds)).eps;
      } catch (e) {
        // onnxruntime's message names a node, never the model: say which file failed.
        throw new Error(`Model file "${file}" (model "${id}") failed to run: ${(e as Error).message}`, { cause: e });
      }
      if (!out || out.type !== 'float32' || !(out.data instanceof Float32Array) || out.data.length !== x.length) {
        throw new Error(
          `Denoiser "${id}" on ${backend} returned eps of type ${out?.type} and dims [${out?.dims.join(', ')}]; ` +
            `expected float32 [${n}, ${image.channels}, ${image.height}, ${image.width}]`,
        );
      }
      return out.data;
    });

  return { id, backend, denoise, release };
}
