// The one module that imports onnxruntime-web. Loaded only inside the runtime worker.
import * as ort from 'onnxruntime-web';
// The wasm binary is emitted by Vite as an asset of this app (no CDN): see README "Offline".
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import type { OrtLike } from './denoiser';

let configured = false;

export function webOrt(): OrtLike {
  if (!configured) {
    ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href };
    // Threads need SharedArrayBuffer, which needs cross-origin isolation (COOP/COEP headers).
    ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'warning';
    configured = true;
  }
  return ort satisfies OrtLike;
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
