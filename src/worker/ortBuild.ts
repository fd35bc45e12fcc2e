// Which of onnxruntime-web's builds a worker loads. Each build is a wasm binary of its own, and a
// visitor downloads only the one this picks (issue 11: bytes on a first visit; issue 14: the
// native WebGPU EP, the one onnxruntime-node measures, instead of the deprecated JSEP build).
import type { BackendName } from './protocol';

/**
 * - `jspi`: the native WebGPU EP (and the wasm CPU EP), for browsers with JavaScript Promise
 *   Integration: 16.8 MB, the smallest build with WebGPU and the lowest overhead per call.
 * - `asyncify`: the same EPs for browsers without JSPI (26.8 MB: asyncify rewrites the code).
 * - `cpu`: the wasm CPU EP only (14.2 MB), for a page that has no WebGPU.
 */
export type OrtBuildName = 'jspi' | 'asyncify' | 'cpu';

/** True when this JavaScript engine has JSPI (WebAssembly.Suspending, Chromium 137+). */
export function hasJspi(wasm: object = WebAssembly): boolean {
  return typeof (wasm as { Suspending?: unknown }).Suspending === 'function';
}

/**
 * The builds that can run `backend`, best first. Every build has the wasm CPU EP, so on wasm the
 * WebGPU builds serve as well: a worker that already has one (a WebGPU open that fell back), or a
 * browser that keeps one offline (the page's next visit after a lost GPU device), needs no download.
 */
export function buildsFor(backend: BackendName, jspi: boolean): OrtBuildName[] {
  const gpu: OrtBuildName = jspi ? 'jspi' : 'asyncify';
  return backend === 'webgpu' ? [gpu] : ['cpu', gpu];
}

/**
 * The build to load: one this worker has already loaded, else one kept in the offline copy, else
 * the best one (downloaded).
 */
export function pickBuild(
  candidates: readonly OrtBuildName[],
  loaded: (b: OrtBuildName) => boolean,
  cached: (b: OrtBuildName) => boolean,
): OrtBuildName {
  return candidates.find(loaded) ?? candidates.find(cached) ?? candidates[0];
}

/**
 * The threads onnxruntime's wasm backend runs with: up to 4 where the worker is cross-origin
 * isolated (threads share a SharedArrayBuffer, which needs isolation), else 1. An isolated page
 * gets it from the host's COOP/COEP headers, or from the service worker's (src/sw/isolation.ts) on a
 * visit it controls; docs/results/wasm-threads.md measures what a second thread gains.
 */
export function wasmThreads(crossOriginIsolated: boolean, cores: number | undefined): number {
  return crossOriginIsolated ? Math.max(1, Math.min(4, cores || 1)) : 1;
}
