// Serves the built app (dist/) under a sub-path, like a static host would: no SPA fallback,
// no cross-origin isolation headers, correct MIME types for .wasm and .mjs.
// Usage: node e2e/static-server.mjs [port] [sub-path]
//
// Test sites: /sites/NAME/... is served from the folder NAME in the sites folder (sitesDir in
// e2e/deploy/testSite.ts: the system's temp folder, per port), a deployment that a test writes and
// changes between visits. Its site.json, read on every request, says what such a host does:
// { "spaFallback": true } answers a missing file with the site's index.html and status 200 (the
// "single-page app" setting of Netlify or Cloudflare Pages), { "headers": { ".onnx": { ... } } }
// sends extra headers for paths with that ending (e.g. a long cache-control max-age), and
// { "bytesPerSecond": N } sends every body at that rate (a slow connection, for the worker too).
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';

const port = Number(process.argv[2] ?? 4174);
const prefix = `/${(process.argv[3] ?? 'tstitch').replace(/^\/|\/$/g, '')}/`;
const root = resolve(process.env.DIST_DIR ?? 'dist');
const sitesRoot = join(tmpdir(), `tstitch-e2e-sites-${port}`);
const SITES = '/sites/';
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.webmanifest': 'application/manifest+json',
};

/** A test site's folder and its site.json (empty when it has none). */
function siteOf(pathname) {
  const name = pathname.slice(SITES.length).split('/')[0];
  if (!/^[\w-]+$/.test(name)) return null;
  const dir = join(sitesRoot, name);
  let options = {};
  try {
    options = JSON.parse(readFileSync(join(dir, 'site.json'), 'utf8'));
  } catch {
    // no site.json: a plain static host
  }
  return { dir, prefix: `${SITES}${name}/`, options };
}

/** The file to send, or null: `rel` under `dir`, never outside it. */
function fileIn(dir, rel) {
  const file = normalize(join(dir, rel));
  if (!file.startsWith(dir + sep)) return null;
  try {
    const st = statSync(file);
    return st.isFile() ? { file, size: st.size } : null;
  } catch {
    return null;
  }
}

/** A tenth of a second's worth of bytes every 100 ms. */
function sendSlowly(file, bytesPerSecond, res) {
  const stream = createReadStream(file, { highWaterMark: Math.max(1024, Math.round(bytesPerSecond / 10)) });
  stream.on('data', (chunk) => {
    stream.pause();
    res.write(chunk);
    setTimeout(() => stream.resume(), 100);
  });
  stream.on('end', () => res.end());
  res.on('close', () => stream.destroy());
}

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/' || url.pathname === prefix.slice(0, -1)) {
    res.writeHead(302, { location: prefix + url.search });
    return res.end();
  }
  const site = url.pathname.startsWith(SITES) ? siteOf(url.pathname) : null;
  const base = site ? site.prefix : prefix;
  const dir = site ? site.dir : root;
  if (!url.pathname.startsWith(base)) {
    res.writeHead(404);
    return res.end('not found');
  }
  let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
  if (rel.endsWith('/')) rel += 'index.html';
  if (normalize(join(dir, rel)).startsWith(dir + sep) === false) {
    res.writeHead(403);
    return res.end('forbidden');
  }
  let found = fileIn(dir, rel);
  if (!found && site?.options.spaFallback) found = fileIn(dir, 'index.html');
  if (!found) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end(`not found: ${rel}`);
  }
  const extra = Object.entries(site?.options.headers ?? {}).filter(([ending]) => rel.endsWith(ending)).map(([, h]) => h);
  res.writeHead(200, {
    'content-type': types[extname(found.file)] ?? 'application/octet-stream',
    'content-length': found.size,
    'cache-control': 'no-cache',
    ...Object.assign({}, ...extra),
  });
  if (site?.options.bytesPerSecond) return sendSlowly(found.file, site.options.bytesPerSecond, res);
  createReadStream(found.file).pipe(res);
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} at http://127.0.0.1:${port}${prefix}`));
