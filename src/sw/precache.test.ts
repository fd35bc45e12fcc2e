import { describe, expect, it, vi } from 'vitest';
import { QUOTA_FULL } from '../offline/cache';
import type { OfflineFiles } from '../offline/protocol';
import { precache, wanted } from './precache';
import type { Env } from './strategies';
import { memoryCache, served, type MemoryCache } from './testCache';

const scope = new URL('https://host/app/');
const at = (path: string) => new URL(path, scope).href;
const FILES: OfflineFiles = {
  shell: ['./', 'assets/index-a.js', 'manifest.webmanifest'],
  optional: ['assets/worker-b.js', 'assets/ort-cpu.wasm', 'assets/ort-gpu.wasm', 'models/manifest.json', 'fixtures/manifest.json'],
};
const WASM = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

/** The files of a deployment as a host serves them. */
function host(overrides: Record<string, () => Promise<Response>> = {}) {
  const calls: string[] = [];
  const body = (path: string): Response => {
    if (path === '') return served('<!doctype html>', 'text/html');
    if (path.endsWith('.js')) return served('1', 'text/javascript');
    if (path.endsWith('.wasm')) return served(WASM.slice(), 'application/wasm');
    return served('{}', 'application/json');
  };
  const fetchFn = async (request: Request | string) => {
    const url = typeof request === 'string' ? request : request.url;
    calls.push(url.slice(scope.href.length));
    const path = url.slice(scope.href.length);
    return overrides[path] ? overrides[path]() : body(path);
  };
  return { fetchFn, calls };
}

const envOf = (cache: MemoryCache | null, fetchFn: Env['fetch']): Env => ({
  scope,
  openShell: async () => cache,
  fetch: fetchFn,
  waitUntil: () => {},
});
const offline = () => Promise.reject(new TypeError('NetworkError when attempting to fetch resource.'));

describe('wanted', () => {
  it('is the shell and the optional files this visit used, compared without the query', () => {
    const used = [at('assets/worker-b.js'), at('assets/ort-cpu.wasm'), `${at('models/manifest.json')}?x=1`, at('elsewhere.js')];
    expect(wanted(FILES, used, scope)).toEqual([
      at(''),
      at('assets/index-a.js'),
      at('manifest.webmanifest'),
      at('assets/worker-b.js'),
      at('assets/ort-cpu.wasm'),
      at('models/manifest.json'),
    ]);
  });
});

describe('precache', () => {
  const used = [at('assets/worker-b.js'), at('assets/ort-cpu.wasm'), at('models/manifest.json')];

  it('stores the shell and the used optional files, and nothing else', async () => {
    const cache = memoryCache();
    const net = host();
    expect(await precache(envOf(cache, net.fetchFn), FILES, used)).toEqual({ stored: 6, failed: [], unrefreshed: [] });
    expect([...cache.entries.keys()].sort()).toEqual(wanted(FILES, used, scope).sort());
  });

  it('offline, counts every file with a stored copy as stored (not refreshed), and says why once per file', async () => {
    const cache = memoryCache();
    await precache(envOf(cache, host().fetchFn), FILES, used);
    const net = host();
    const result = await precache(
      envOf(cache, () => (net.calls.push('x'), offline())),
      FILES,
      used,
    );
    expect(result.stored).toBe(6);
    expect(result.failed).toEqual([]);
    // Hashed files are read from the cache without the network; the others could not be refreshed.
    const reason = 'the network failed (NetworkError when attempting to fetch resource)';
    expect(result.unrefreshed).toEqual([at(''), at('manifest.webmanifest'), at('models/manifest.json')].map((url) => ({ url, reason })));
    expect(cache.entries.size).toBe(6);
  });

  it('reports a file as not stored only when no copy of it is stored', async () => {
    const cache = memoryCache();
    cache.entries.set(at(''), served('<!doctype html>', 'text/html'));
    const result = await precache(envOf(cache, offline), FILES, []);
    expect(result).toEqual({
      stored: 1,
      unrefreshed: [{ url: at(''), reason: expect.stringContaining('the network failed') }],
      failed: [at('assets/index-a.js'), at('manifest.webmanifest')].map((url) => ({
        url,
        reason: expect.stringContaining('the network failed'),
      })),
    });
  });

  it('keeps the earlier copy when the host answers with its index.html (a half-uploaded release), never storing that', async () => {
    const cache = memoryCache();
    await precache(envOf(cache, host().fetchFn), FILES, []);
    const spa = host({ 'manifest.webmanifest': async () => served('<!doctype html>', 'text/html') });
    const result = await precache(envOf(cache, spa.fetchFn), FILES, []);
    expect(result.unrefreshed).toEqual([{ url: at('manifest.webmanifest'), reason: 'the server sent text/html, not JSON' }]);
    expect(cache.entries.get(at('manifest.webmanifest'))!.headers.get('content-type')).toBe('application/json');
  });

  it('stops downloading once the quota is full, naming the quota for every file left', async () => {
    const cache = memoryCache();
    cache.refuse(new DOMException('Quota exceeded.', 'QuotaExceededError'));
    const net = host();
    const result = await precache(envOf(cache, net.fetchFn), FILES, used);
    expect(result.stored).toBe(0);
    expect(result.failed.map((f) => f.reason)).toEqual(Array(6).fill(QUOTA_FULL));
    expect(net.calls).toEqual(['']); // the first refusal: no further download
  });

  it('skips a file the host does not have (404), and fails every file without a cache', async () => {
    const net = host({ 'models/manifest.json': async () => served('', 'text/plain', 404) });
    expect((await precache(envOf(memoryCache(), net.fetchFn), FILES, used)).stored).toBe(5);
    const none = await precache(envOf(null, net.fetchFn), FILES, []);
    expect(none.failed.map((f) => f.reason)).toEqual(Array(3).fill('the cache could not be opened'));
  });

  it("drops other builds' hashed files and keeps this build's, used on this visit or not, and what the page used", async () => {
    const cache = memoryCache();
    cache.entries.set(at('assets/index-old.js'), served('0', 'text/javascript'));
    cache.entries.set(at('assets/ort-gpu.wasm'), served(WASM.slice(), 'application/wasm'));
    // A newer release's script, stored as the page loaded it, before the browser installed that release's service worker.
    cache.entries.set(at('assets/index-next.js'), served('2', 'text/javascript'));
    await precache(envOf(cache, host().fetchFn), FILES, [...used, at('assets/index-next.js')]);
    expect(cache.entries.has(at('assets/index-old.js'))).toBe(false);
    expect(cache.entries.has(at('assets/ort-gpu.wasm'))).toBe(true);
    expect(cache.entries.has(at('assets/index-next.js'))).toBe(true);
  });

  it('gives up on a download that does not start within the timeout, and downloads nothing more', async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const hanging = (_r: Request | string, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => (calls++, init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))));
      const cache = memoryCache();
      cache.entries.set(at('manifest.webmanifest'), served('{}', 'application/json'));
      const result = precache(envOf(cache, hanging), FILES, [], 1000);
      await vi.advanceTimersByTimeAsync(1000);
      const reason = 'the network failed (no answer within 1 s)';
      expect(await result).toEqual({
        stored: 1,
        unrefreshed: [{ url: at('manifest.webmanifest'), reason }],
        failed: [at(''), at('assets/index-a.js')].map((url) => ({ url, reason })),
      });
      expect(calls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
