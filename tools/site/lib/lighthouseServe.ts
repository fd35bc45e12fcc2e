// A gzip proxy in front of the served build, for `npm run lighthouse -- --compress gzip`: the e2e
// server (testing/server.ts) sends every file as is, while the hosts docs/deploy.md names
// (GitHub Pages, Netlify, nginx with gzip on) compress text. Lighthouse's simulated throttling
// times a page from the bytes it saw on the wire, so uncompressed JavaScript and CSS make FCP and
// LCP look a second or so worse on its slow mobile link than on such a host.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';

/** What a host compresses: text, by Content-Type (not images, wasm or the models). */
export function compressible(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return (
    /^text\//.test(type) || ['application/json', 'application/manifest+json', 'application/javascript', 'image/svg+xml'].includes(type)
  );
}

/** Whether the request's Accept-Encoding takes gzip (and does not refuse it with q=0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}

export interface Proxy {
  /** upstream's base URL with this proxy's origin. */
  baseURL: string;
  stop(): Promise<void>;
}

/** Serves everything of `upstreamBase`'s origin through a proxy on 127.0.0.1 that gzips compressible bodies. */
export async function gzipProxy(upstreamBase: string): Promise<Proxy> {
  const upstream = new URL(upstreamBase);
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers, host: upstream.host };
    delete headers['accept-encoding']; // the upstream sends plain bodies; this proxy decides
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (up: IncomingMessage) => {
        const gzip = acceptsGzip(req.headers['accept-encoding']) && compressible(up.headers['content-type']) && req.method !== 'HEAD';
        if (!gzip) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = gzipSync(Buffer.concat(chunks), { level: 6 }); // nginx's and most hosts' default level
          const h = { ...up.headers, 'content-encoding': 'gzip', 'content-length': String(body.length), vary: 'Accept-Encoding' };
          delete h['transfer-encoding']; // the body is whole now, its length known
          res.writeHead(up.statusCode ?? 502, h);
          res.end(body);
        });
      },
    );
    out.on('error', (e) => {
      res.writeHead(502);
      res.end(`proxy: ${e.message}`);
    });
    req.pipe(out);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as { port: number };
  const base = new URL(upstreamBase);
  base.host = `127.0.0.1:${port}`;
  return {
    baseURL: base.href,
    stop: () =>
      new Promise((ok) => {
        server.close(() => ok());
        server.closeAllConnections(); // the browsers' keep-alive connections
      }),
  };
}
