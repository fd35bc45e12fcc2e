// The one module that imports onnxruntime-web. Loaded only inside the runtime worker.
import * as ort from 'onnxruntime-web';
// The wasm binary is emitted by Vite as an asset of this app (no CDN): see README "Offline".
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import type { OrtLike } from '../models/session';
import type { RuntimeBinary } from './protocol';
import { cachedWasm, openShellCache } from './shellCache';

/** onnxruntime-web, set up, and its wasm binary as this worker got it (absent when onnxruntime fetched it itself). */
export interface WebOrt {
  ort: OrtLike;
  runtime?: RuntimeBinary;
}

let configured: Promise<WebOrt> | null = null;

/** Where this build keeps onnxruntime's wasm binary (a hashed file in assets/). */
export function ortWasmUrl(): string {
  return new URL(wasmUrl, self.location.href).href;
}

/**
 * onnxruntime-web, set up once: its wasm binary from this app (via the offline copy, with progress
 * through `onProgress`), threads if allowed. A failure is not kept: the next load tries again.
 */
export function webOrt(onProgress?: (loaded: number, total: number, source: 'cache' | 'network') => void): Promise<WebOrt> {
  if (configured) return configured;
  configured = (async () => {
    const url = ortWasmUrl();
    ort.env.wasm.wasmPaths = { wasm: url };
    // From the service worker's cache, or fetched once and stored there (shellCache.ts).
    const binary = await cachedWasm({ url, store: await openShellCache(), onProgress });
    if (binary) ort.env.wasm.wasmBinary = binary.bytes;
    // Threads need SharedArrayBuffer, which needs cross-origin isolation (COOP/COEP headers).
    ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'warning';
    const runtime: RuntimeBinary | undefined = binary && {
      url, file: wasmFileName(), bytes: binary.bytes.byteLength, source: binary.source, stored: binary.stored, notStored: binary.notStored,
    };
    return { ort: ort satisfies OrtLike, runtime };
  })();
  configured.catch(() => (configured = null)); // the next load tries again
  return configured;
}

/** The wasm binary's file name, as the page shows it. */
export const wasmFileName = (): string => new URL(ortWasmUrl()).pathname.split('/').pop()!;

/** What the worker needs of a GPUDevice: its `lost` promise (no @webgpu/types dependency for one field). */
export interface GpuDeviceLike {
  readonly lost: Promise<{ reason: string; message: string }>;
}

/** The GPUDevice onnxruntime's WebGPU backend uses; only call after a WebGPU session exists. */
export async function webGpuDevice(): Promise<GpuDeviceLike | undefined> {
  try {
    return (await ort.env.webgpu.device) as unknown as GpuDeviceLike;
  } catch {
    return undefined;
  }
}
