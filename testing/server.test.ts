import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentType, freePort, serveStatic, sitesDir, type StaticServer } from './server';

/** GET through node:http (fetch would follow redirects and normalise the path): status, headers, body. */
function get(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const u = new URL(url);
    request({ host: u.hostname, port: u.port, path: url.slice(u.origin.length), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    })
      .on('error', fail)
      .end();
  });
}

const dir = mkdtempSync(join(tmpdir(), 'tstitch-serve-'));
writeFileSync(join(dir, 'index.html'), '<p>app</p>');
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'assets/a.js'), 'export {};');
writeFileSync(join(dir, 'ort.wasm'), new Uint8Array([0, 97, 115, 109]));
writeFileSync(join(tmpdir(), 'tstitch-serve-outside.txt'), 'secret');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serveStatic: a build under a sub-path, as a plain static host', () => {
  let s: StaticServer;
  beforeAll(async () => {
    s = await serveStatic({ root: dir, subPath: 'some/nested/app', sites: true });
  });
  afterAll(async () => {
    await s.close();
    rmSync(sitesDir(s.port), { recursive: true, force: true });
  });

  it('sends each file with its type and length, no-cache, and nothing a host adds on its own', async () => {
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/some/nested/app/`);
    const page = await get(s.url);
    expect([page.status, page.body, page.headers['content-type']]).toEqual([200, '<p>app</p>', 'text/html; charset=utf-8']);
    const js = await get(`${s.url}assets/a.js`);
    expect([js.headers['content-type'], js.headers['content-length'], js.headers['cache-control']]).toEqual([
      'text/javascript',
      '10',
      'no-cache',
    ]);
    for (const h of ['etag', 'last-modified', 'content-encoding', 'cross-origin-opener-policy']) expect(js.headers[h]).toBeUndefined();
    expect((await get(`${s.url}ort.wasm`)).headers['content-type']).toBe('application/wasm');
    expect(['a.onnx', 'b.webmanifest', 'c.png', 'd.unknown'].map(contentType)).toEqual([
      'application/octet-stream',
      'application/manifest+json',
      'image/png',
      'application/octet-stream',
    ]);
  });

  it('redirects / and the bare sub-path into it, keeping the query; answers 404 elsewhere and 403 outside the folder', async () => {
    for (const path of ['/?models=fixtures', '/some/nested/app?models=fixtures']) {
      const r = await get(`${s.origin}${path}`);
      expect([r.status, r.headers.location]).toEqual([302, '/some/nested/app/?models=fixtures']);
    }
    expect((await get(`${s.url}missing.js`)).status).toBe(404);
    expect((await get(`${s.origin}/other/index.html`)).status).toBe(404);
    expect((await get(`${s.url}..%2f..%2f..%2ftstitch-serve-outside.txt`)).status).toBe(403);
  });

  it("serves a test site with its host's faults, read from its site.json on every request", async () => {
    const site = join(sitesDir(s.port), 'demo');
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'index.html'), '<p>site</p>');
    writeFileSync(join(site, 'm.onnx'), 'x'.repeat(2000));
    const base = `${s.origin}/sites/demo/`;
    expect((await get(`${base}gone.js`)).status).toBe(404);
    writeFileSync(
      join(site, 'site.json'),
      JSON.stringify({ spaFallback: true, headers: { '.onnx': { 'cache-control': 'max-age=31536000' } } }),
    );
    const fallback = await get(`${base}gone.js`);
    expect([fallback.status, fallback.body, fallback.headers['content-type']]).toEqual([200, '<p>site</p>', 'text/html; charset=utf-8']);
    expect((await get(`${base}m.onnx`)).headers['cache-control']).toBe('max-age=31536000');
    writeFileSync(join(site, 'site.json'), JSON.stringify({ bytesPerSecond: 10_000 }));
    const t0 = Date.now();
    expect((await get(`${base}m.onnx`)).body).toHaveLength(2000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100); // 2 chunks of 1000 bytes, 100 ms apart
  });
});

describe('serveStatic: what the tools make up', () => {
  it('serves single files (bytes or a path) and mounted folders, with the isolation headers when asked', async () => {
    const s = await serveStatic({
      files: { '/index.html': new TextEncoder().encode('<p>t</p>'), '/m.onnx': join(dir, 'ort.wasm') },
      mounts: { '/ort/': dir },
      isolate: true,
    });
    try {
      const page = await get(`${s.url}index.html`);
      expect([page.body, page.headers['content-type'], page.headers['cross-origin-embedder-policy']]).toEqual([
        '<p>t</p>',
        'text/html; charset=utf-8',
        'require-corp',
      ]);
      const model = await get(`${s.url}m.onnx`);
      expect([model.headers['content-type'], model.headers['content-length'], model.headers['cross-origin-opener-policy']]).toEqual([
        'application/octet-stream',
        '4',
        'same-origin',
      ]);
      expect((await get(`${s.url}ort/assets/a.js`)).body).toBe('export {};');
      expect((await get(`${s.url}other.js`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('closes for good: a request after close() fails; a free port is one nothing listens on', async () => {
    const s = await serveStatic({ root: dir, port: await freePort() });
    await get(s.url);
    await s.close();
    await expect(get(s.url)).rejects.toThrow(/ECONNREFUSED/);
  });
});
