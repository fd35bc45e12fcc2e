import { describe, expect, it, vi } from 'vitest';
import { SHELL_CACHE } from '../offline/cache';
import type { CacheLike } from './modelCache';
import { cachedWasm, openShellCache } from './shellCache';

function memoryCache(): CacheLike & { entries: Map<string, Response> } {
  const entries = new Map<string, Response>();
  return {
    entries,
    match: async (k) => entries.get(k)?.clone(),
    put: async (k, r) => void entries.set(k, r),
    delete: async (k) => entries.delete(k),
    keys: async () => [...entries.keys()].map((url) => ({ url })),
  };
}

const URL_ = 'https://host/app/assets/ort-abc.wasm';
const WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
const serve = (status = 200, body: Uint8Array = WASM, type = 'application/wasm') => {
  const calls: string[] = [];
  const fn = (async (u: string) => (
    calls.push(u),
    new Response(body.slice(0), { status, headers: { 'content-type': type, 'content-length': String(body.byteLength) } })
  )) as unknown as typeof fetch;
  return { fn, calls };
};
const bytesOf = (r: { bytes: ArrayBuffer } | undefined) => new Uint8Array(r!.bytes);

describe('cachedWasm', () => {
  it('downloads once with progress, stores the copy, and reads it from the cache afterwards', async () => {
    const cache = memoryCache();
    const net = serve();
    const progress: string[] = [];
    const onProgress = (l: number, t: number, s: string) => void progress.push(`${s}:${l}/${t}`);
    const first = await cachedWasm({ url: URL_, store: { cache }, fetchFn: net.fn, onProgress });
    expect(bytesOf(first)).toEqual(WASM);
    expect(first).toMatchObject({ source: 'network', stored: true });
    const second = await cachedWasm({ url: URL_, store: { cache }, fetchFn: net.fn, onProgress });
    expect(bytesOf(second)).toEqual(WASM);
    expect(second).toMatchObject({ source: 'cache', stored: true });
    expect(net.calls).toEqual([URL_]);
    expect([...cache.entries.keys()]).toEqual([URL_]);
    expect(progress).toEqual(['network:0/8', 'network:8/8', 'cache:8/8']);
  });

  it('gives up quietly (onnxruntime then fetches and reports) on HTTP errors and network errors', async () => {
    expect(await cachedWasm({ url: URL_, store: { cache: memoryCache() }, fetchFn: serve(404).fn })).toBeUndefined();
    const offline = (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;
    expect(await cachedWasm({ url: URL_, store: { cache: null, reason: 'x' }, fetchFn: offline })).toBeUndefined();
  });

  it('runs from memory when nothing can be stored, and says why', async () => {
    const none = await cachedWasm({ url: URL_, store: { cache: null, reason: 'no Cache API here' }, fetchFn: serve().fn });
    expect(none).toMatchObject({ source: 'network', stored: false, notStored: 'no Cache API here' });
    const full = memoryCache();
    full.put = async () => {
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    };
    const refused = await cachedWasm({ url: URL_, store: { cache: full }, fetchFn: serve().fn });
    expect(bytesOf(refused)).toEqual(WASM);
    expect(refused).toMatchObject({ stored: false, notStored: "the browser's storage quota for this site is full (QuotaExceededError)" });
  });

  it('refuses an HTML page in place of the binary (a host answering a missing file with index.html), and never stores it', async () => {
    const cache = memoryCache();
    const html = new TextEncoder().encode('<!doctype html><html></html>');
    await expect(cachedWasm({ url: URL_, store: { cache }, fetchFn: serve(200, html, 'text/html').fn })).rejects.toThrow(
      "onnxruntime's WebAssembly binary ort-abc.wasm is not WebAssembly: the server sent text/html (28 bytes)",
    );
    expect(cache.entries.size).toBe(0);
  });

  it('drops a stored copy that is not WebAssembly (left by an older version) and downloads the binary', async () => {
    const cache = memoryCache();
    cache.entries.set(URL_, new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }));
    const out = await cachedWasm({ url: URL_, store: { cache }, fetchFn: serve().fn });
    expect(out).toMatchObject({ source: 'network', stored: true });
    expect(new Uint8Array(await cache.entries.get(URL_)!.clone().arrayBuffer())).toEqual(WASM);
  });

  it('writes into the cache the service worker reads (the one name in src/offline/cache.ts)', async () => {
    const opened: string[] = [];
    vi.stubGlobal('caches', { open: async (name: string) => (opened.push(name), memoryCache()) });
    try {
      expect((await openShellCache()).cache).not.toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(opened).toEqual([SHELL_CACHE]);
    expect(SHELL_CACHE).toBe('tstitch-shell-v1'); // a new name orphans every visitor's offline copy: change it on purpose only
  });
});
