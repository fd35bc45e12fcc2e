// Model files in the browser's Cache API, keyed by URL and sha256, so a second visit (even
// offline) opens them without downloading. Only bytes that passed the sha256 check are stored.
import { fetchVerified, verify, type ProgressFn } from '../models/fileChecks';
// The words for a refused write, shared with the service worker.
import { storeFailure } from '../offline/cache';
import type { FileKept } from './protocol';

/** The part of the Cache API used here (a Map-backed fake in the unit tests). */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
  keys(): Promise<readonly { url: string }[]>;
}

const MODEL_CACHE = 'tstitch-models-v1';

/** A Cache API store, or why this context has none (the page says it next to "not stored"). */
export type CacheOrReason = { cache: CacheLike; reason?: undefined } | { cache: null; reason: string };

/** The named Cache API store, or why there is none (an insecure context has no Cache API; storage may be refused). */
export async function openCache(name: string): Promise<CacheOrReason> {
  if (typeof caches === 'undefined') {
    const reason =
      globalThis.isSecureContext === false
        ? 'this page is on plain HTTP (not HTTPS or localhost), where browsers offer no Cache API'
        : 'this browser offers no Cache API here';
    return { cache: null, reason };
  }
  try {
    return { cache: (await caches.open(name)) as unknown as CacheLike };
  } catch (e) {
    return { cache: null, reason: storeFailure(e) };
  }
}

/** The worker's model cache. */
export const openModelCache = (): Promise<CacheOrReason> => openCache(MODEL_CACHE);

/**
 * A model file's URL with its sha256 in the query: the key of its cached copy, so a new model
 * never reads a stale entry, and the URL it is downloaded from. A release that retrains a model
 * under the same file name changes the hash, so no HTTP cache (the browser's, a proxy's) can
 * answer with the old bytes; static hosts ignore the query.
 */
export function contentUrl(url: string, sha256: string): string {
  const u = new URL(url);
  u.search = `sha256=${sha256.toLowerCase()}`;
  return u.href;
}

export interface ModelBytes extends FileKept {
  bytes: ArrayBuffer;
}

export interface LoadOptions {
  url: string;
  file: string;
  sha256: string;
  /** The manifest's size, used for progress when the server sends no Content-Length. */
  expectedBytes?: number;
  /** The model cache, or why there is none. */
  store: CacheOrReason;
  fetchFn?: typeof fetch;
  onProgress?: (loaded: number, total: number, source: 'cache' | 'network') => void;
}

/** A verified copy from the cache if there is one, else download (by content URL), verify and store it. */
export async function loadModelBytes(o: LoadOptions): Promise<ModelBytes> {
  const key = contentUrl(o.url, o.sha256);
  const { cache } = o.store;
  const hit = await cache?.match(key).catch(() => undefined);
  if (hit) {
    const bytes = await hit.arrayBuffer();
    try {
      await verify(bytes, o.file, o.sha256);
      o.onProgress?.(bytes.byteLength, bytes.byteLength, 'cache');
      return { bytes, source: 'cache', stored: true };
    } catch {
      await cache!.delete(key).catch(() => false); // damaged entry: download again
    }
  }
  const progress: ProgressFn | undefined = o.onProgress && ((loaded, total) => o.onProgress!(loaded, total, 'network'));
  const bytes = await fetchVerified({ ...o, url: key, onProgress: progress });
  const notStored = cache ? await store(cache, key, bytes) : o.store.reason;
  return notStored ? { bytes, source: 'network', stored: false, notStored } : { bytes, source: 'network', stored: true };
}

/**
 * Store the new copy and drop older versions of the same file. Best-effort: a full disk costs the
 * next visit a download, never this one; the reason comes back for the page to show.
 */
async function store(cache: CacheLike, key: string, bytes: ArrayBuffer): Promise<string | undefined> {
  const path = new URL(key).pathname;
  try {
    for (const old of await cache.keys()) {
      if (new URL(old.url).pathname === path && old.url !== key) await cache.delete(old.url);
    }
    await cache.put(key, new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }));
    return undefined;
  } catch (e) {
    console.warn(`Could not store ${path} for the next visit: ${(e as Error).message}`);
    return storeFailure(e);
  }
}
