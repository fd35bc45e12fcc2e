import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CacheLike } from './modelCache';
import { SHELL_CACHE, cachedAsset } from './shellCache';

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
const serve = (status = 200) => {
  const calls: string[] = [];
  const fn = (async (u: string) => (calls.push(u), new Response(new Uint8Array([0, 97, 115, 109]), { status }))) as unknown as typeof fetch;
  return { fn, calls };
};

describe('cachedAsset', () => {
  it('downloads once, stores the copy, and reads it from the cache afterwards', async () => {
    const cache = memoryCache();
    const net = serve();
    expect(new Uint8Array((await cachedAsset(URL_, cache, net.fn))!)).toEqual(new Uint8Array([0, 97, 115, 109]));
    expect(new Uint8Array((await cachedAsset(URL_, cache, net.fn))!)).toEqual(new Uint8Array([0, 97, 115, 109]));
    expect(net.calls).toEqual([URL_]);
    expect([...cache.entries.keys()]).toEqual([URL_]);
  });
  it('gives up quietly (onnxruntime then fetches and reports) on HTTP errors and without a cache', async () => {
    expect(await cachedAsset(URL_, memoryCache(), serve(404).fn)).toBeUndefined();
    expect(await cachedAsset(URL_, null, serve().fn)).toBeInstanceOf(ArrayBuffer);
    const offline = (async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch;
    expect(await cachedAsset(URL_, null, offline)).toBeUndefined();
  });
  it('uses the cache name of the service worker (public/sw.js)', () => {
    const sw = readFileSync(new URL('../../public/sw.js', import.meta.url), 'utf8');
    expect(sw).toContain(`const SHELL = '${SHELL_CACHE}';`);
  });
});
