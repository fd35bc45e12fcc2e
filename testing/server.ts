// The one static file server of the e2e tests and the tools: the built app under a sub-path as a
// plain static host serves it (no SPA fallback, no compression, no ETag or Last-Modified,
// `cache-control: no-cache`), optionally with the cross-origin isolation headers, plus the pages
// and model bytes a tool makes up (`files`, `mounts`), and the test sites of e2e/deploy/ with the
// faults a host can have (below). A free port by default.
//
// Why not an npm package (sirv, serve-handler, send: all maintained): the tests need what those
// hide or do not do. A test site's host settings are re-read on every request from a file the test
// rewrites between visits; a body is sent at a set byte rate (a slow connection, the worker's
// fetches included); a missing file is answered with index.html only on the sites that ask for it;
// and the tools' reports name what the server sends, header by header (sirv sends ETag and
// Last-Modified unless in dev mode, which in turn changes cache-control). Each of those is an
// option or a wrapper around such a package; together they are most of this file, which needs
// nothing outside node:.
//
// Test sites: /sites/NAME/... is served from sitesDir(port)/NAME (e2e/deploy/testSite.ts writes
// them: dist/ mirrored by symbolic links, changed between visits as a release changes a host). Its
// site.json (HostOptions) says what that host does.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** Content types by file ending: what a static host sends for each kind of file the app has. */
export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

export function contentType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Cross-origin isolation (SharedArrayBuffer, so onnxruntime's wasm threads), as a host that sends the headers gives it. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** What a test site's host does (its site.json). */
export interface HostOptions {
  /** Answer a missing file with the site's index.html and status 200 (Netlify's or Cloudflare Pages' SPA setting). */
  spaFallback?: boolean;
  /** Extra response headers by path ending, e.g. { '.onnx': { 'cache-control': 'max-age=31536000' } }. */
  headers?: Record<string, Record<string, string>>;
  /** Send every body at this rate: a slow connection, for the page and its workers alike. */
  bytesPerSecond?: number;
}

const SITES = '/sites/';

/** Where the server on `port` finds its test sites: per port, so two suites side by side never share one. */
export function sitesDir(port: number): string {
  return join(tmpdir(), `tstitch-e2e-sites-${port}`);
}

export interface StaticOptions {
  /** The folder served at /subPath/ (a build: dist/). */
  root?: string;
  /** Where root is served, without slashes at either end; '' (default) is /. '/' and '/subPath' redirect to '/subPath/'. */
  subPath?: string;
  /** The file a path ending in '/' means (default index.html). */
  index?: string;
  /** Send ISOLATION_HEADERS with every response. */
  isolate?: boolean;
  /** Serve the test sites at /sites/NAME/ (e2e). */
  sites?: boolean;
  /** Single URL paths: a file's path on disk, or the body itself; its type from the URL path's ending. */
  files?: Record<string, string | Uint8Array>;
  /** URL prefixes (ending in '/') served from a folder each, e.g. { '/ort/': onnxruntime-web's dist/ }. */
  mounts?: Record<string, string>;
  /** 0 (default): a free port. */
  port?: number;
}

export interface StaticServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The folder root is served at: http://127.0.0.1:PORT/subPath/ (or /). */
  url: string;
  /** Stops listening and drops every open connection (a browser's keep-alive ones too): the host is gone. */
  close(): Promise<void>;
}

interface Found {
  file: string;
  size: number;
}

/** `rel` under `dir` when it is a file there, never outside it. */
function fileIn(dir: string, rel: string): Found | null {
  const file = normalize(join(dir, rel));
  return file.startsWith(dir + sep) ? fileAt(file) : null;
}

function fileAt(file: string): Found | null {
  try {
    const st = statSync(file);
    return st.isFile() ? { file, size: st.size } : null;
  } catch {
    return null;
  }
}

/** A test site's folder and its site.json (empty when it has none), read anew on every request. */
function siteOf(pathname: string, port: number): { dir: string; prefix: string; host: HostOptions } | null {
  const name = pathname.slice(SITES.length).split('/')[0];
  if (!/^[\w-]+$/.test(name)) return null;
  const dir = join(sitesDir(port), name);
  let host: HostOptions = {};
  try {
    host = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8')) as HostOptions;
  } catch {
    // no site.json: a plain static host
  }
  return { dir, prefix: `${SITES}${name}/`, host };
}

/** A tenth of a second's worth of bytes every 100 ms. */
function sendSlowly(file: string, bytesPerSecond: number, res: ServerResponse): void {
  const stream = createReadStream(file, { highWaterMark: Math.max(1024, Math.round(bytesPerSecond / 10)) });
  stream.on('error', () => res.destroy()); // see readInto
  stream.on('data', (chunk) => {
    stream.pause();
    res.write(chunk);
    setTimeout(() => stream.resume(), 100);
  });
  stream.on('end', () => res.end());
  res.on('close', () => stream.destroy());
}

/**
 * The file's bytes as the response body. A test may remove its site's folder while the page still
 * fetches from it (a slow visit's last requests): the read then fails after the headers went, and
 * the response is cut off. Unhandled, that error would end the server for every test after it.
 */
function readInto(file: string, res: ServerResponse): void {
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

const notFound = (res: ServerResponse, what: string) => void res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${what}`);

export async function serveStatic(o: StaticOptions): Promise<StaticServer> {
  const sub = (o.subPath ?? '').replace(/^\/+|\/+$/g, '');
  const prefix = sub ? `/${sub}/` : '/';
  const index = o.index ?? 'index.html';
  const always = o.isolate ? ISOLATION_HEADERS : {};
  // Longest prefix first: a mount inside the sub-path wins over the build.
  const mounts = Object.entries({ ...o.mounts, ...(o.root ? { [prefix]: o.root } : {}) })
    .map(([at, dir]) => [at, resolve(dir)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  let port = 0;

  /** `found` with a 200, its type from `name` (the URL's path, or the file's when the same). */
  function send(res: ServerResponse, found: Found, name: string, extra: Record<string, string>, bytesPerSecond?: number): void {
    res.writeHead(200, {
      'content-type': contentType(name),
      'content-length': found.size,
      'cache-control': 'no-cache',
      ...always,
      ...extra,
    });
    if (bytesPerSecond) return sendSlowly(found.file, bytesPerSecond, res);
    readInto(found.file, res);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (sub && (path === '/' || path === prefix.slice(0, -1))) return void res.writeHead(302, { location: prefix + url.search }).end();
    const own = o.files?.[path];
    if (own !== undefined) {
      if (typeof own !== 'string')
        return void res.writeHead(200, { 'content-type': contentType(path), 'cache-control': 'no-cache', ...always }).end(own);
      const found = fileAt(resolve(own));
      return found ? send(res, found, path, {}) : notFound(res, path);
    }
    const site = o.sites && path.startsWith(SITES) ? siteOf(path, port) : null;
    const mount = site ? ([site.prefix, site.dir] as const) : mounts.find(([at]) => path.startsWith(at));
    if (!mount) return void res.writeHead(404).end('not found');
    const [at, dir] = mount;
    let rel = decodeURIComponent(path.slice(at.length)) || index;
    if (rel.endsWith('/')) rel += index;
    if (!normalize(join(dir, rel)).startsWith(dir + sep)) return void res.writeHead(403).end('forbidden');
    let found = fileIn(dir, rel);
    if (!found && site?.host.spaFallback) found = fileIn(dir, 'index.html');
    if (!found) return notFound(res, rel);
    const extra = Object.entries(site?.host.headers ?? {})
      .filter(([ending]) => rel.endsWith(ending))
      .map(([, h]) => h);
    send(res, found, found.file, Object.assign({}, ...extra) as Record<string, string>, site?.host.bytesPerSecond);
  }

  // A request that throws (a site's folder removed between two of its reads) fails alone, never the server.
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(`server error: ${(e as Error).message}`);
      else res.destroy();
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: `${origin}${prefix}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on now (for a process that must be told its port: a WebDriver, a child server). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}
