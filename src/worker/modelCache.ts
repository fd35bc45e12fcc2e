// Model files in the browser's Cache API, keyed by URL and sha256, so a second visit (even
// offline) opens them without downloading. Only bytes that passed the sha256 check are stored.
import { fetchVerified, verify, type ProgressFn } from '../models/fileChecks';

/** The part of the Cache API used here (a Map-backed fake in the unit tests). */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
  keys(): Promise<readonly { url: string }[]>;
}

const MODEL_CACHE = 'tstitch-models-v1';

/** The cache key: the file's URL with its expected hash, so a new model never reads a stale entry. */
export function cacheKey(url: string, sha256: string): string {
  const u = new URL(url);
  u.search = `sha256=${sha256.toLowerCase()}`;
  return u.href;
}

/** The named Cache API store, or null where the Cache API is missing (insecure context) or refused. */
export async function openCache(name: string): Promise<CacheLike | null> {
  if (typeof caches === 'undefined') return null;
  try {
    return (await caches.open(name)) as unknown as CacheLike;
  } catch {
    return null;
  }
}

/** The worker's model cache (null without a Cache API). */
export const openModelCache = (): Promise<CacheLike | null> => openCache(MODEL_CACHE);

export interface ModelBytes {
  bytes: ArrayBuffer;
  source: 'cache' | 'network';
}

export interface LoadOptions {
  url: string;
  file: string;
  sha256: string;
  /** The manifest's size, used for progress when the server sends no Content-Length. */
  expectedBytes?: number;
  cache: CacheLike | null;
  fetchFn?: typeof fetch;
  onProgress?: (loaded: number, total: number, source: 'cache' | 'network') => void;
}

/** A verified copy from the cache if there is one, else download, verify and store it. */
export async function loadModelBytes(o: LoadOptions): Promise<ModelBytes> {
  const key = cacheKey(o.url, o.sha256);
  const hit = await o.cache?.match(key).catch(() => undefined);
  if (hit) {
    const bytes = await hit.arrayBuffer();
    try {
      await verify(bytes, o.file, o.sha256);
      o.onProgress?.(bytes.byteLength, bytes.byteLength, 'cache');
      return { bytes, source: 'cache' };
    } catch {
      await o.cache!.delete(key).catch(() => false); // damaged entry: download again
    }
  }
  const progress: ProgressFn | undefined = o.onProgress && ((loaded, total) => o.onProgress!(loaded, total, 'network'));
  const bytes = await fetchVerified({ ...o, onProgress: progress });
  if (o.cache) await store(o.cache, key, bytes);
  return { bytes, source: 'network' };
}

/** Store the new copy and drop older versions of the same file; a full disk only costs the cache. */
async function store(cache: CacheLike, key: string, bytes: ArrayBuffer): Promise<void> {
  const path = new URL(key).pathname;
  try {
    for (const old of await cache.keys()) {
      if (new URL(old.url).pathname === path && old.url !== key) await cache.delete(old.url);
    }
    await cache.put(key, new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
  } catch (e) {
    console.warn(`Could not cache ${path}: ${(e as Error).message}`);
  }
}
