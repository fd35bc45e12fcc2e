// The service worker: an offline copy of the app shell (HTML, JS, CSS, onnxruntime's wasm binary,
// the manifests), so a second visit works without a network, and cross-origin isolation for the
// visits it controls (isolation.ts). Built by build/serviceWorker.ts into dist/sw.js, next to
// index.html (its scope is the page's folder), with the build's list of files compiled in.
// Hand-written rather than Workbox: what this app needs beyond two strategies (the name check, a
// per-file report of what was kept, the runtime worker writing into the same cache, the list of a
// build's files) would be code of ours on top of it anyway.
import { SHELL_CACHE } from '../offline/cache';
import type { OfflineFiles, PrecacheReply, PrecacheRequest } from '../offline/protocol';
import { isolated } from './isolation';
import { precache } from './precache';
import { cacheFirst, handled, immutable, networkFirst, type Env } from './strategies';

declare const self: ServiceWorkerGlobalScope;
/** The build's files (build/serviceWorker.ts writes it in with `define`). */
declare const __OFFLINE_FILES__: OfflineFiles;

const scope = new URL(self.registration.scope);
const env = (event: ExtendableEvent): Env => ({
  scope,
  openShell: () => caches.open(SHELL_CACHE).catch(() => null),
  fetch: (request, init) => fetch(request, init),
  waitUntil: (work) => event.waitUntil(work),
});

/**
 * The pages this worker answered with the stored page, by client id, so the page's offline line
 * can say it runs from the copy. In memory only: a worker stopped while idle forgets, and the
 * page then learns from the files the network could not refresh.
 */
const fromCopy = new Set<string>();

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !handled(url, scope)) return;
  const answer = immutable(url, scope)
    ? cacheFirst(env(event), request)
    : networkFirst(env(event), request).then(({ response, fromCopy: copy }) => {
        if (copy && request.mode === 'navigate' && event.resultingClientId) fromCopy.add(event.resultingClientId);
        return response;
      });
  event.respondWith(answer.then(isolated));
});

// The page's { type: 'precache', used } once its models are open, answered with a PrecacheReply on the port it sends.
self.addEventListener('message', (event) => {
  const data = event.data as PrecacheRequest | undefined;
  const port = event.ports[0];
  if (data?.type !== 'precache' || !port) return;
  const client = event.source && 'id' in event.source ? event.source.id : '';
  const work = precache(env(event), __OFFLINE_FILES__, data.used ?? []).then((result) => {
    const reply: PrecacheReply = { ...result, fromCopy: fromCopy.has(client) };
    port.postMessage(reply);
  });
  event.waitUntil(work);
});
