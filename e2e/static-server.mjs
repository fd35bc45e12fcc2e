// Serves the built app (dist/) under a sub-path, like a static host would: no SPA fallback,
// no cross-origin isolation headers, correct MIME types for .wasm and .mjs.
// Usage: node e2e/static-server.mjs [port] [sub-path]
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const port = Number(process.argv[2] ?? 4174);
const prefix = `/${(process.argv[3] ?? 'tstitch').replace(/^\/|\/$/g, '')}/`;
const root = resolve(process.env.DIST_DIR ?? 'dist');
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream', '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/' || url.pathname === prefix.slice(0, -1)) {
    res.writeHead(302, { location: prefix + url.search });
    return res.end();
  }
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404);
    return res.end('not found');
  }
  let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
  if (rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(root, rel));
  if (!file.startsWith(root + sep)) {
    res.writeHead(403);
    return res.end('forbidden');
  }
  let size;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end(`not found: ${rel}`);
  }
  res.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': 'no-cache',
  });
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} at http://127.0.0.1:${port}${prefix}`));
