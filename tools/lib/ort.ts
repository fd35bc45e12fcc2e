// The one tools/ module that imports onnxruntime: it picks the Node package for a backend and
// hands its namespace to src/runtime's wrappers, which create and run every session.
import type { Backend, OrtLike } from '../../src/runtime/denoiser';

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

export async function loadOrt(backend: NodeBackend): Promise<LoadedOrt> {
  if (backend === 'node') {
    const ort = await import('onnxruntime-node');
    return { ort: ort as unknown as OrtLike, provider: 'cpu', description: `onnxruntime-node ${ort.env.versions?.common ?? ''} (cpu EP)`.trim() };
  }
  if (backend === 'wasm') {
    const ort = await import('onnxruntime-web');
    // Single thread: the browser page runs without cross-origin isolation, so without threads too.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'warning';
    return { ort: ort as unknown as OrtLike, provider: 'wasm', description: `onnxruntime-web ${ort.env.versions?.common ?? ''} (wasm EP, 1 thread, in Node)`.trim() };
  }
  throw new Error(`unknown backend ${JSON.stringify(backend)}; use one of ${NODE_BACKENDS.join(', ')}`);
}
