// The one tools/ module that imports onnxruntime: it picks the Node package for a backend and
// hands its namespace to src/models' wrappers, which create and run every session.
import { existsSync } from 'node:fs';
import type { Backend, OrtLike } from '../../src/models/session';

/** node: onnxruntime-node (native CPU EP); wasm: onnxruntime-web's wasm EP in Node, one thread. */
export type NodeBackend = 'node' | 'wasm';

export const NODE_BACKENDS: readonly NodeBackend[] = ['node', 'wasm'];

export interface LoadedOrt {
  ort: OrtLike;
  /** The execution provider name createDenoiserSession passes to onnxruntime. */
  provider: Backend;
  /** What ran, for reports: package and version. */
  description: string;
}

/**
 * threads (node only): onnxruntime-node's intra-op threads; 0 keeps its default (one per core).
 * On a machine shared with other work one thread is faster and steadier: a busy core stalls the
 * whole thread pool at every op (see docs/results/README.md).
 */
export async function loadOrt(backend: NodeBackend, opts: { threads?: number } = {}): Promise<LoadedOrt> {
  if (backend === 'node') {
    const ort = await import('onnxruntime-node');
    const threads = opts.threads ?? 1;
    const version = ort.env.versions?.common ?? '';
    if (threads === 0)
      return { ort: ort as unknown as OrtLike, provider: 'cpu', description: `onnxruntime-node ${version} (cpu EP, default threads)` };
    // src/models creates the sessions; this only adds the thread count to the options it passes.
    const withThreads: OrtLike = {
      Tensor: ort.Tensor as unknown as OrtLike['Tensor'],
      InferenceSession: {
        create: (model, options) =>
          ort.InferenceSession.create(model, { ...options, intraOpNumThreads: threads, interOpNumThreads: 1 }) as unknown as ReturnType<
            OrtLike['InferenceSession']['create']
          >,
      },
    };
    return {
      ort: withThreads,
      provider: 'cpu',
      description: `onnxruntime-node ${version} (cpu EP, ${threads} thread${threads === 1 ? '' : 's'})`,
    };
  }
  if (backend === 'wasm') {
    const ort = await import('onnxruntime-web');
    // Single thread: the browser page runs without cross-origin isolation, so without threads too.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'warning';
    return {
      ort: ort as unknown as OrtLike,
      provider: 'wasm',
      description: `onnxruntime-web ${ort.env.versions?.common ?? ''} (wasm EP, 1 thread, in Node)`.trim(),
    };
  }
  throw new Error(`unknown backend ${JSON.stringify(backend)}; use one of ${NODE_BACKENDS.join(', ')}`);
}

/** onnxruntime-node itself, for tools that need its own session options (the profiler, the WebGPU EP). */
export const loadOrtNode = () => import('onnxruntime-node');

/** Chromium's SwiftShader Vulkan driver (apt-get install chromium libvulkan1): /work/shared/ENVIRONMENT.md. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/**
 * The Vulkan driver onnxruntime-node's WebGPU EP (Dawn) will load: VK_DRIVER_FILES as set, else
 * SwiftShader when installed (software: right for node counts and placement, never for speed).
 */
export function vulkanDriver(): string | undefined {
  if (!process.env.VK_DRIVER_FILES && existsSync(SWIFTSHADER_ICD)) process.env.VK_DRIVER_FILES = SWIFTSHADER_ICD;
  return process.env.VK_DRIVER_FILES;
}
