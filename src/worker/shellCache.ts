// onnxruntime's wasm binary (14 to 27 MB, ortBuild.ts) in the service worker's offline copy (src/sw,
// cache SHELL_CACHE). The runtime worker fetches it itself and stores it there, instead of letting
// onnxruntime fetch it: on a first visit the page is not yet controlled by the service worker,
// which would otherwise download the whole binary a second time to keep it offline. Fetching it
// here also lets the page show its download, byte by byte, like the models'.
import { readBody } from '../models/fileChecks';
import { SHELL_CACHE, startsLikeWasm, storeFailure } from '../offline/cache';
import { openCache, type CacheOrReason } from './modelCache';
import type { FileKept } from './protocol';

/** The service worker's cache: one name for both writers (src/offline/cache.ts). */
export const openShellCache = (): Promise<CacheOrReason> => openCache(SHELL_CACHE);

export function isWasm(bytes: ArrayBuffer): boolean {
  return startsLikeWasm(new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength)));
}

export interface WasmOptions {
  /** A hashed build output, so a cached copy of the right kind is never stale. */
  url: string;
  /** The shell cache, or why there is none. */
  store: CacheOrReason;
  fetchFn?: typeof fetch;
  onProgress?: (loaded: number, total: number, source: 'cache' | 'network') => void;
}

export interface WasmBytes extends FileKept {
  bytes: ArrayBuffer;
}

/**
 * The wasm binary at `url`: from the cache, else downloaded (with progress) and stored, best-effort.
 * Undefined when the request fails or is not OK: the caller then lets onnxruntime fetch it (and
 * report the error). Throws when the answer is not WebAssembly, e.g. the page itself that a host
 * sends (200, text/html) for a file missing from a half-uploaded deployment: never stored, so the
 * next load fetches it again. A body cut off mid-download rejects.
 */
export async function cachedWasm(o: WasmOptions): Promise<WasmBytes | undefined> {
  const { url, fetchFn = fetch } = o;
  const { cache } = o.store;
  const hit = await cache?.match(url).catch(() => undefined);
  if (hit) {
    const bytes = await hit.arrayBuffer();
    if (isWasm(bytes)) {
      o.onProgress?.(bytes.byteLength, bytes.byteLength, 'cache');
      return { bytes, source: 'cache', stored: true };
    }
    await cache!.delete(url).catch(() => false); // a bad copy (stored by an older version): fetch it again
  }
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch {
    return undefined;
  }
  if (!response.ok) return undefined;
  const bytes = await readBody(response, 0, o.onProgress && ((loaded, total) => o.onProgress!(loaded, total, 'network')));
  if (!isWasm(bytes)) {
    const type = response.headers.get('content-type') || 'no content type';
    throw new Error(
      `onnxruntime's WebAssembly binary ${new URL(url).pathname.split('/').pop()} is not WebAssembly: the server sent ${type} ` +
        `(${bytes.byteLength} bytes), perhaps a page in place of a file missing from an unfinished deployment. Retry once it is complete.`,
    );
  }
  if (!cache) return { bytes, source: 'network', stored: false, notStored: o.store.reason };
  try {
    const headers = { 'content-type': response.headers.get('content-type') ?? 'application/wasm' };
    await cache.put(url, new Response(bytes, { headers }));
    return { bytes, source: 'network', stored: true };
  } catch (e) {
    console.warn(`Could not store ${new URL(url).pathname} for the next visit: ${(e as Error).message}`);
    return { bytes, source: 'network', stored: false, notStored: storeFailure(e) }; // costs the next visit a download, not this one
  }
}
