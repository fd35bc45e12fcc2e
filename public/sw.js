// Offline copy of the app shell (HTML, JS, CSS, the onnxruntime wasm binary, manifests), so a
// second visit works without a network. Model files (.onnx) are not handled here: the runtime
// worker keeps them in its own Cache API store, keyed by sha256 (src/worker/modelCache.ts).
// Network first, cache as the fallback: an online visit always gets the current files. Hashed
// build outputs (assets/) are the exception: cache first, since a name never changes content.
// The runtime worker stores onnxruntime's wasm binary in this same cache (src/worker/shellCache.ts).
//
// Two rules keep a bad moment from sticking (docs/ARCHITECTURE.md, "Loading and storing"):
// - A response is stored under a name only when it fits the name: JavaScript for .js, CSS for
//   .css, WebAssembly bytes for .wasm, JSON for .json, HTML only for the page. A host that answers
//   a file missing from a half-uploaded deployment with its index.html (status 200) has that
//   answer passed through once and never stored, so the next reload fetches the file again; a
//   stored copy that does not fit its name (left by an older sw.js) is dropped when read.
// - Storing is best-effort: a write that fails (storage quota, private mode) is logged and
//   reported to the page's precache request; the response still reaches the page.
// Cross-origin isolation (the technique of coi-serviceworker, written here): every response this
// worker serves gets `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy:
// require-corp` unless the host sent its own, so a visit this worker controls is cross-origin
// isolated and onnxruntime's wasm backend may run threads (SharedArrayBuffer; src/worker/ortBuild.ts
// wasmThreads). The headers are added when a response is served, never stored with it. The page that
// registers the worker is not isolated (a page's isolation is fixed when it is navigated to) and
// nothing reloads it: isolation starts with the next visit or reload. Everything the app loads is
// same-origin, which require-corp never blocks.
// Hand-written rather than Workbox: it is served as written (no bundling step for one file), and
// what this app needs beyond two strategies (the name check, a per-file report of what was
// kept, the runtime worker writing into the same cache) would be code of ours on top of it anyway.
const SHELL = 'tstitch-shell-v1';
const scope = new URL(self.registration.scope);

/** Vite's hashed build outputs never change under the same name; fetch them once. */
const immutable = (url) => url.pathname.startsWith(`${scope.pathname}assets/`);
const handled = (url) => url.origin === scope.origin && url.pathname.startsWith(scope.pathname) && !url.pathname.endsWith('.onnx');
/** Navigations are cached without their query string: every link with settings opens the same page. */
const keyOf = (request) => {
  const url = new URL(request.url);
  return request.mode === 'navigate' ? url.origin + url.pathname : url.href;
};
const openShell = () => caches.open(SHELL).catch(() => null);

const ISOLATION = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Embedder-Policy', 'require-corp'],
];

/** `response` with the isolation headers it lacks; one that cannot be rebuilt as it was (a redirect, an opaque one) as it is. */
function isolated(response) {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect' || response.redirected) return response;
  const missing = ISOLATION.filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

/** The first bytes of a response's body, read from a clone (the response itself stays unread). */
async function head(response, n) {
  const reader = response.clone().body?.getReader();
  if (!reader) return new Uint8Array(0);
  const { value } = await reader.read();
  void reader.cancel();
  return value?.subarray(0, n) ?? new Uint8Array(0);
}

/** Why `response` must not be stored (or served from the cache) under `key`'s name; '' when it fits. */
async function misfit(key, response) {
  if (!response.ok) return `HTTP ${response.status}`;
  if (response.type !== 'basic' && response.type !== 'default') return `a ${response.type} response`;
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  const sent = type || 'no content type';
  const path = new URL(key).pathname;
  const ext = path.endsWith('/') ? '.html' : (/\.[a-z0-9]+$/i.exec(path)?.[0] ?? '').toLowerCase();
  const html = type.startsWith('text/html');
  switch (ext) {
    case '.html':
      return html ? '' : `the server sent ${sent}, not HTML`;
    case '.js':
    case '.mjs':
      return /javascript|ecmascript/.test(type) ? '' : `the server sent ${sent}, not JavaScript`;
    case '.css':
      return type.startsWith('text/css') ? '' : `the server sent ${sent}, not CSS`;
    case '.wasm': {
      // Any type will do for the binary (the runtime worker compiles it from its bytes); the bytes must be WebAssembly.
      const bytes = await head(response, 4);
      return WASM_MAGIC.every((b, i) => bytes[i] === b) ? '' : `the server sent ${sent}, not WebAssembly`;
    }
    case '.json':
    case '.webmanifest':
      try {
        await response.clone().json();
        return '';
      } catch {
        return `the server sent ${sent}, not JSON`;
      }
    default:
      return html ? 'the server sent an HTML page in place of the file' : '';
  }
}

/** Store `response` under `key` if it fits the name. Never throws: returns why it was not stored, or ''. */
async function keep(cache, key, response) {
  const why = cache ? await misfit(key, response) : 'the cache could not be opened';
  if (why) {
    console.warn(`Not stored for offline use: ${key}: ${why}`);
    return why;
  }
  try {
    await cache.put(key, response);
    return '';
  } catch (error) {
    const reason = error?.name === 'QuotaExceededError'
      ? "the browser's storage quota for this site is full (QuotaExceededError)"
      : `the browser refused to store it (${error?.name}: ${error?.message})`;
    console.warn(`Not stored for offline use: ${key}: ${reason}`);
    return reason;
  }
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !handled(url)) return;
  event.respondWith((immutable(url) ? cacheFirst(event) : networkFirst(event)).then(isolated));
});

async function cacheFirst(event) {
  const { request } = event;
  const cache = await openShell();
  const hit = await cache?.match(request.url).catch(() => undefined);
  if (hit) {
    if (!(await misfit(request.url, hit))) return hit;
    await cache.delete(request.url).catch(() => false); // a bad copy: fetch the file again
  }
  const response = await fetch(request);
  event.waitUntil(keep(cache, request.url, response.clone()));
  return response;
}

async function networkFirst(event) {
  const { request } = event;
  const key = keyOf(request);
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    // Only when the network is really gone: the stored copy.
    const hit = await (await openShell())?.match(key, { ignoreSearch: request.mode === 'navigate' }).catch(() => undefined);
    if (hit) return hit;
    throw error;
  }
  const copy = response.clone();
  event.waitUntil(openShell().then((cache) => keep(cache, key, copy)));
  return response;
}

// The page sends the files it and its worker loaded once the models are open: { type: 'precache', urls }.
// It is answered with { stored, failed: [{ url, reason }] }.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'precache' || !event.ports[0]) return;
  event.waitUntil(precache(event.data.urls).then((result) => event.ports[0].postMessage(result)));
});

/** The icons a web app manifest names, as absolute URLs (none when it is not JSON). */
async function iconsOf(url, response) {
  try {
    const manifest = await response.json();
    return (Array.isArray(manifest.icons) ? manifest.icons : []).flatMap((i) => (typeof i?.src === 'string' ? [new URL(i.src, url).href] : []));
  } catch {
    return [];
  }
}

async function precache(urls) {
  const cache = await openShell();
  const failed = [];
  let stored = 0;
  /** Set once the quota is full: the remaining files are not downloaded only to be refused. */
  let full = '';
  // The web app manifest's icons join the list when the manifest is read (an installed app's offline start shows them).
  const queue = [...new Set(urls)];
  const add = (href) => queue.includes(href) || queue.push(href);
  for (const href of queue) {
    const url = new URL(href, scope);
    if (!handled(url)) continue;
    if (!cache || full) {
      failed.push({ url: url.href, reason: full || 'the cache could not be opened' });
      continue;
    }
    try {
      const hit = immutable(url) ? await cache.match(url.href) : undefined;
      if (hit && !(await misfit(url.href, hit))) {
        stored++;
        continue;
      }
      const response = await fetch(url.href, { cache: 'no-cache' });
      if (response.status === 404) continue; // e.g. an optional file that does not exist: nothing to keep
      if (url.pathname.endsWith('.webmanifest')) await iconsOf(url, response.clone()).then((icons) => icons.forEach(add));
      const why = await keep(cache, url.href, response);
      if (why) {
        failed.push({ url: url.href, reason: why });
        if (why.includes('QuotaExceededError')) full = why;
      } else stored++;
    } catch (error) {
      failed.push({ url: url.href, reason: error.message });
    }
  }
  // Hashed build outputs of older versions are no longer referenced: drop them.
  const current = new Set(queue.map((href) => new URL(href, scope).href));
  for (const request of (await cache?.keys().catch(() => [])) ?? []) {
    if (immutable(new URL(request.url)) && !current.has(request.url)) await cache.delete(request).catch(() => false);
  }
  return { stored, failed };
}
