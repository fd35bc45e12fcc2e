import { createServer, get, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip, compressible, gzipProxy, type Proxy } from './lighthouseServe';

const JS = 'export const x = 1;\n'.repeat(200);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

/** GET through Node's http (which, unlike fetch, does not decode the body): status, headers, raw body. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((ok, fail) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

describe('gzip proxy', () => {
  let upstream: Server;
  let proxy: Proxy;
  const seenEncodings: (string | undefined)[] = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seenEncodings.push(req.headers['accept-encoding'] as string | undefined);
      if (req.url === '/app/a.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(JS);
      if (req.url === '/app/i.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      if (req.url === '/app') return void res.writeHead(302, { location: '/app/' }).end();
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', () => ok()));
    proxy = await gzipProxy(`http://127.0.0.1:${(upstream.address() as { port: number }).port}/app/`);
  });
  afterAll(async () => {
    await proxy.stop();
    await new Promise((ok) => upstream.close(ok));
  });

  it('keeps the path, and gzips text for a client that takes gzip', async () => {
    expect(new URL(proxy.baseURL).pathname).toBe('/app/');
    const r = await rawGet(`${proxy.baseURL}a.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.body.length).toBeLessThan(JS.length / 5);
    expect(gunzipSync(r.body).toString()).toBe(JS);
    expect(seenEncodings.at(-1)).toBeUndefined(); // the upstream is asked for the plain body
  });

  it('passes images, clients without gzip, statuses and redirects through unchanged', async () => {
    const png = await rawGet(`${proxy.baseURL}i.png`, { 'accept-encoding': 'gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.equals(PNG)).toBe(true);
    const plain = await rawGet(`${proxy.baseURL}a.js`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(JS);
    expect((await rawGet(`${proxy.baseURL}missing`, {})).status).toBe(404);
    const redirect = await rawGet(proxy.baseURL.replace(/\/$/, ''), {});
    expect([redirect.status, redirect.headers.location]).toEqual([302, '/app/']);
  });

  it('decides by Content-Type and Accept-Encoding as hosts do', () => {
    expect(
      ['text/html; charset=utf-8', 'text/css', 'application/json', 'application/manifest+json', 'image/svg+xml'].map(compressible),
    ).toEqual([true, true, true, true, true]);
    expect(['image/png', 'application/wasm', 'application/octet-stream', undefined].map(compressible)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(['gzip', 'br, gzip;q=0.5', '*', 'gzip;q=0', 'br', 'identity', undefined].map(acceptsGzip)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
