import { describe, expect, it } from 'vitest';
import { contentUrl, loadModelBytes, type CacheLike } from './modelCache';

const bytes = new TextEncoder().encode('abc');
// sha256("abc"), FIPS 180-2 appendix B.1
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const URL_A = 'https://h/m/a.onnx';

function mapCache(): CacheLike & { map: Map<string, ArrayBuffer> } {
  const map = new Map<string, ArrayBuffer>();
  return {
    map,
    match: async (k) => (map.has(k) ? new Response(map.get(k)!.slice(0)) : undefined),
    put: async (k, r) => void map.set(k, await r.arrayBuffer()),
    delete: async (k) => map.delete(k),
    keys: async () => [...map.keys()].map((url) => ({ url })),
  };
}

function counter(body: Uint8Array = bytes) {
  const state = { calls: 0, urls: [] as string[] };
  const fetchFn = (async (url: string) => {
    state.calls++;
    state.urls.push(url);
    return new Response(body.slice(0), { headers: { 'content-length': String(body.byteLength) } });
  }) as typeof fetch;
  return Object.assign(state, { fetchFn });
}

describe('loadModelBytes', () => {
  it('downloads once, then reads the verified copy from the cache', async () => {
    const cache = mapCache();
    const net = counter();
    const progress: string[] = [];
    const opts = {
      url: URL_A,
      file: 'a.onnx',
      sha256: ABC,
      store: { cache },
      fetchFn: net.fetchFn,
      onProgress: (l: number, t: number, s: string) => progress.push(`${s}:${l}/${t}`),
    };
    const first = await loadModelBytes(opts);
    expect(first.source).toBe('network');
    expect(new Uint8Array(first.bytes)).toEqual(bytes);
    expect(progress).toEqual(['network:0/3', 'network:3/3']);
    const second = await loadModelBytes(opts);
    expect(second.source).toBe('cache');
    expect(net.calls).toBe(1);
    expect(progress.at(-1)).toBe('cache:3/3');
  });

  it('never caches bytes that fail the hash check', async () => {
    const cache = mapCache();
    const net = counter(new TextEncoder().encode('abd'));
    await expect(loadModelBytes({ url: URL_A, file: 'a.onnx', sha256: ABC, store: { cache }, fetchFn: net.fetchFn })).rejects.toThrow(
      /corrupt/,
    );
    expect(cache.map.size).toBe(0);
  });

  it('downloads again when the cached copy is damaged, and keeps one version per file', async () => {
    const cache = mapCache();
    cache.map.set(contentUrl(URL_A, ABC), new TextEncoder().encode('xyz').buffer as ArrayBuffer);
    cache.map.set(contentUrl(URL_A, '0'.repeat(64)), new ArrayBuffer(1)); // an older model
    const net = counter();
    const out = await loadModelBytes({ url: URL_A, file: 'a.onnx', sha256: ABC, store: { cache }, fetchFn: net.fetchFn });
    expect(out.source).toBe('network');
    expect([...cache.map.keys()]).toEqual([contentUrl(URL_A, ABC)]);
  });

  it('works without a cache', async () => {
    const net = counter();
    const out = await loadModelBytes({
      url: URL_A,
      file: 'a.onnx',
      sha256: ABC,
      store: { cache: null, reason: 'no Cache API' },
      fetchFn: net.fetchFn,
    });
    expect(out).toMatchObject({ source: 'network', stored: false, notStored: 'no Cache API' });
  });

  it('downloads by content: the sha256 in the query, so no HTTP cache can answer with an older model of the same name', async () => {
    const net = counter();
    await loadModelBytes({ url: URL_A, file: 'a.onnx', sha256: ABC.toUpperCase(), store: { cache: mapCache() }, fetchFn: net.fetchFn });
    expect(net.urls).toEqual([`${URL_A}?sha256=${ABC}`]);
  });

  it('reports a failed store (a full quota) instead of throwing: the model still opens, from memory', async () => {
    const cache = mapCache();
    cache.put = async () => {
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    };
    const out = await loadModelBytes({ url: URL_A, file: 'a.onnx', sha256: ABC, store: { cache }, fetchFn: counter().fetchFn });
    expect(new Uint8Array(out.bytes)).toEqual(bytes);
    expect(out).toMatchObject({
      source: 'network',
      stored: false,
      notStored: "the browser's storage quota for this site is full (QuotaExceededError)",
    });
  });

  it('keys by URL and lower-case hash, ignoring any query', () => {
    expect(contentUrl('https://h/m/a.onnx?v=2', ABC.toUpperCase())).toBe(`https://h/m/a.onnx?sha256=${ABC}`);
  });
});
