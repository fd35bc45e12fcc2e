import { describe, expect, it } from 'vitest';
import { misfit, storedCopy } from './fits';
import { isolated } from './isolation';
import { memoryCache, served } from './testCache';

const at = (path: string) => `https://host/app/${path}`;
const PAGE = '<!doctype html><html></html>';

describe('a stored response fits its name', () => {
  it('takes each kind only with its own type', async () => {
    expect(await misfit(at('assets/index-a.js'), served('1', 'text/javascript'))).toBe('');
    expect(await misfit(at('assets/index-a.css'), served('a{}', 'text/css; charset=utf-8'))).toBe('');
    expect(await misfit(at(''), served(PAGE, 'text/html'))).toBe('');
    expect(await misfit(at('models/manifest.json'), served('{"a":1}', 'application/json'))).toBe('');
    expect(await misfit(at('icons/icon-192.png'), served('png', 'image/png'))).toBe('');
    expect(await misfit(at('assets/ort.wasm'), served(new Uint8Array([0, 97, 115, 109, 1]), 'application/octet-stream'))).toBe('');
  });

  it("refuses a host's index.html under a file's name, whatever the file", async () => {
    expect(await misfit(at('assets/index-next.js'), served(PAGE, 'text/html'))).toBe('the server sent text/html, not JavaScript');
    expect(await misfit(at('assets/index-a.css'), served(PAGE, 'text/html'))).toBe('the server sent text/html, not CSS');
    expect(await misfit(at('models/manifest.json'), served(PAGE, 'text/html'))).toBe('the server sent text/html, not JSON');
    expect(await misfit(at('assets/ort.wasm'), served(PAGE, 'application/wasm'))).toBe('the server sent application/wasm, not WebAssembly');
    expect(await misfit(at('icons/icon-192.png'), served(PAGE, 'text/html'))).toBe('the server sent an HTML page in place of the file');
    expect(await misfit(at(''), served('{}', 'application/json'))).toBe('the server sent application/json, not HTML');
    expect(await misfit(at('sw.js'), served('gone', 'text/javascript', 503))).toBe('HTTP 503');
  });

  it('serves a stored copy that fits, and drops one that does not (left by an older service worker)', async () => {
    const cache = memoryCache();
    cache.entries.set(at('a.js'), served('1', 'text/javascript'));
    cache.entries.set(at('b.js'), served(PAGE, 'text/html'));
    expect(await (await storedCopy(cache, at('a.js')))?.text()).toBe('1');
    expect(await storedCopy(cache, at('b.js'))).toBeUndefined();
    expect([...cache.entries.keys()]).toEqual([at('a.js')]);
  });
});

describe('isolation headers', () => {
  it('adds COOP and COEP when the host sent none, keeps the host’s own', () => {
    const added = isolated(served('1', 'text/javascript'));
    expect(added.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(added.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(added.headers.get('content-type')).toBe('text/javascript');
    const own = new Response('1', { headers: { 'cross-origin-embedder-policy': 'credentialless' } });
    expect(isolated(own).headers.get('cross-origin-embedder-policy')).toBe('credentialless');
  });
});
