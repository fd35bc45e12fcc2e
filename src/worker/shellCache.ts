// onnxruntime's wasm binary (28 MB) in the service worker's offline copy (public/sw.js, cache
// SHELL). The runtime worker fetches it itself and stores it there, instead of letting
// onnxruntime fetch it: on a first visit the page is not yet controlled by the service worker,
// which would otherwise download the whole binary a second time to keep it offline.
import { openCache, type CacheLike } from './modelCache';

/** The service worker's cache name: keep in step with SHELL in public/sw.js (checked by a test). */
export const SHELL_CACHE = 'tstitch-shell-v1';

export const openShellCache = (): Promise<CacheLike | null> => openCache(SHELL_CACHE);

/**
 * The bytes at `url` (a hashed build output, so a cached copy is never stale): from the cache, else
 * downloaded and stored. Undefined when the request fails or is not OK; the caller then lets
 * onnxruntime fetch it (and report the error). A body cut off mid-download rejects.
 */
export async function cachedAsset(url: string, cache: CacheLike | null, fetchFn: typeof fetch = fetch): Promise<ArrayBuffer | undefined> {
  const hit = await cache?.match(url).catch(() => undefined);
  if (hit) return hit.arrayBuffer();
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch {
    return undefined;
  }
  if (!response.ok) return undefined;
  const bytes = await response.arrayBuffer();
  const headers = { 'content-type': response.headers.get('content-type') ?? 'application/wasm' };
  await cache?.put(url, new Response(bytes, { headers })).catch(() => undefined); // a full disk only costs the offline copy
  return bytes;
}
