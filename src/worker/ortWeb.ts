// The one module that imports onnxruntime-web. Loaded only inside the runtime worker.
// Three builds, each imported only when picked (ortBuild.ts), so a visitor downloads one of them.
import type * as Ort from 'onnxruntime-web';
// The wasm binaries are emitted by Vite as assets of this app (no CDN): docs/deploy.md, "What
// `dist/` holds".
import jspiWasm from 'onnxruntime-web/ort-wasm-simd-threaded.jspi.wasm?url';
import asyncifyWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import cpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { OrtLike } from '../models/session';
import { buildsFor, hasJspi, pickBuild, wasmThreads, type OrtBuildName } from './ortBuild';
import type { BackendName, RuntimeBinary } from './protocol';
import type { CacheOrReason } from './modelCache';
import { cachedWasm, openShellCache } from './shellCache';

type OrtModule = typeof Ort;

const BUILDS: Record<OrtBuildName, { wasm: string; load: () => Promise<OrtModule> }> = {
  jspi: { wasm: jspiWasm, load: () => import('onnxruntime-web/jspi') },
  asyncify: { wasm: asyncifyWasm, load: () => import('onnxruntime-web/webgpu') },
  cpu: { wasm: cpuWasm, load: () => import('onnxruntime-web/wasm') },
};

/** onnxruntime-web, set up, and its wasm binary as this worker got it (absent when onnxruntime fetched it itself). */
export interface WebOrt {
  ort: OrtLike;
  build: OrtBuildName;
  runtime?: RuntimeBinary;
}

/** Progress of the wasm binary's download, per file name. */
export type WasmProgress = (file: string) => (loaded: number, total: number, source: 'cache' | 'network') => void;

const loaded = new Map<OrtBuildName, Promise<WebOrt>>();
/** The module that runs WebGPU sessions in this worker, once one is loaded. */
let gpuOrt: OrtModule | undefined;

/** Where this build keeps a wasm binary (a hashed file in assets/). */
const wasmUrl = (build: OrtBuildName): string => new URL(BUILDS[build].wasm, self.location.href).href;
const fileOf = (url: string): string => new URL(url).pathname.split('/').pop()!;

/** The wasm binaries this worker has loaded (for the offline copy's list of files in use). */
export const loadedWasmUrls = (): string[] => [...loaded.keys()].map(wasmUrl);

async function isKept(store: CacheOrReason, build: OrtBuildName): Promise<boolean> {
  return !!(await store.cache?.match(wasmUrl(build)).catch(() => undefined));
}

/**
 * onnxruntime-web for `backend`, set up once per build: its wasm binary from this app (via the
 * offline copy, with progress), threads if allowed. A failure is not kept: the next load tries again.
 */
export async function webOrt(backend: BackendName, progress?: WasmProgress): Promise<WebOrt> {
  const candidates = buildsFor(backend, hasJspi());
  const store = await openShellCache();
  const kept = new Set<OrtBuildName>();
  for (const b of candidates) if (!loaded.has(b) && (await isKept(store, b))) kept.add(b);
  const build = pickBuild(
    candidates,
    (b) => loaded.has(b),
    (b) => kept.has(b),
  );
  const existing = loaded.get(build);
  if (existing) return existing;
  const setUp = (async (): Promise<WebOrt> => {
    const url = wasmUrl(build);
    const ort = await BUILDS[build].load();
    ort.env.wasm.wasmPaths = { wasm: url };
    // From the service worker's cache, or fetched once and stored there (shellCache.ts).
    const binary = await cachedWasm({ url, store, onProgress: progress?.(fileOf(url)) });
    if (binary) ort.env.wasm.wasmBinary = binary.bytes;
    // Threads need SharedArrayBuffer, which needs cross-origin isolation (COOP/COEP headers).
    ort.env.wasm.numThreads = wasmThreads(self.crossOriginIsolated, navigator.hardwareConcurrency);
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'warning';
    if (build !== 'cpu') gpuOrt = ort;
    const runtime: RuntimeBinary | undefined = binary && {
      url,
      file: fileOf(url),
      bytes: binary.bytes.byteLength,
      source: binary.source,
      stored: binary.stored,
      notStored: binary.notStored,
      threads: ort.env.wasm.numThreads,
    };
    return { ort: ort satisfies OrtLike, build, runtime };
  })();
  loaded.set(build, setUp);
  setUp.catch(() => loaded.delete(build)); // the next load tries again
  return setUp;
}

/** What the worker needs of a GPUDevice: its `lost` promise (no @webgpu/types dependency for one field). */
export interface GpuDeviceLike {
  readonly lost: Promise<{ reason: string; message: string }>;
}

/** The GPUDevice onnxruntime's WebGPU EP uses; only call after a WebGPU session exists. */
export async function webGpuDevice(): Promise<GpuDeviceLike | undefined> {
  try {
    return (await gpuOrt?.env.webgpu.device) as unknown as GpuDeviceLike | undefined;
  } catch {
    return undefined;
  }
}
