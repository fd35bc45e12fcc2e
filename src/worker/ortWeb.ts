// The one module that imports onnxruntime-web. Loaded only inside the runtime worker.
import * as ort from 'onnxruntime-web';
// The wasm binary is emitted by Vite as an asset of this app (no CDN): see README "Offline".
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import type { OrtLike } from '../models/session';
import { cachedAsset, openShellCache } from './shellCache';

let configured: Promise<OrtLike> | null = null;

/** Where this build keeps onnxruntime's wasm binary (a hashed file in assets/). */
export function ortWasmUrl(): string {
  return new URL(wasmUrl, self.location.href).href;
}

/** onnxruntime-web, set up once: its wasm binary from this app (via the offline copy), threads if allowed. */
export function webOrt(): Promise<OrtLike> {
  configured ??= (async () => {
    const url = ortWasmUrl();
    ort.env.wasm.wasmPaths = { wasm: url };
    // From the service worker's cache, or fetched once and stored there (shellCache.ts).
    const binary = await cachedAsset(url, await openShellCache());
    if (binary) ort.env.wasm.wasmBinary = binary;
    // Threads need SharedArrayBuffer, which needs cross-origin isolation (COOP/COEP headers).
    ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'warning';
    return ort satisfies OrtLike;
  })();
  return configured;
}

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
