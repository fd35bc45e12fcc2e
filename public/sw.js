// Offline copy of the app shell (HTML, JS, CSS, the onnxruntime wasm binary, manifests), so a
// second visit works without a network. Model files (.onnx) are not handled here: the runtime
// worker keeps them in its own Cache API store, keyed by sha256 (src/runtime/modelCache.ts).
// Network first, cache as the fallback: an online visit always gets the current files. Hashed
// build outputs (assets/) are the exception: cache first, since a name never changes content.
// The runtime worker stores onnxruntime's wasm binary in this same cache (src/runtime/shellCache.ts).
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

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !handled(url)) return;
  event.respondWith(immutable(url) ? cacheFirst(request) : networkFirst(request));
});

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request.url);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request.url, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(keyOf(request), response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(keyOf(request), { ignoreSearch: request.mode === 'navigate' });
    if (hit) return hit;
    throw error;
  }
}

// The page sends the files it and its worker loaded once the models are open: { type: 'precache', urls }.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'precache' || !event.ports[0]) return;
  event.waitUntil(precache(event.data.urls).then((result) => event.ports[0].postMessage(result)));
});

async function precache(urls) {
  const cache = await caches.open(SHELL);
  const failed = [];
  let stored = 0;
  for (const href of new Set(urls)) {
    const url = new URL(href, scope);
    if (!handled(url)) continue;
    try {
      if (immutable(url) && (await cache.match(url.href))) {
        stored++;
        continue;
      }
      const response = await fetch(url.href, { cache: 'no-cache' });
      if (response.status === 404) continue; // e.g. an optional file that does not exist: nothing to keep
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await cache.put(url.href, response);
      stored++;
    } catch (error) {
      failed.push(`${url.pathname}: ${error.message}`);
    }
  }
  // Hashed build outputs of older versions are no longer referenced: drop them.
  const current = new Set([...urls].map((href) => new URL(href, scope).href));
  for (const request of await cache.keys()) {
    if (immutable(new URL(request.url)) && !current.has(request.url)) await cache.delete(request);
  }
  return { stored, failed };
}
