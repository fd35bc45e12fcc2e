// The offline copy: a service worker (src/sw, built into sw.js) keeps the app shell, the runtime
// worker keeps the models and onnxruntime's wasm binary (Cache API). Once the models are open, the
// page asks the service worker to store the build's files (its list is written at build time)
// with the ones this visit used among the optional ones (onnxruntime's build, the model set), so
// the very next visit works without a network, and the line under the model cards says exactly
// what was kept. Storing is best-effort everywhere: a refusal (full quota, private mode, plain
// HTTP) is reported, and the page runs from memory.
import type { LoadResult } from '../client/client';
import type { PrecacheReply, PrecacheRequest } from '../offline/protocol';
import { failed, keptReport, unsupported, type NotKept } from '../view/offlineReport';
import type { AppStore } from './store';
export function registerServiceWorker(store: AppStore): void {
  if (!('serviceWorker' in navigator)) {
    store.getState().setOffline(unsupported(window.isSecureContext));
    return;
  }
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI)).catch((e: Error) => {
    console.warn(`No offline copy: the service worker could not be registered (${e.message}).`);
    store.getState().setOffline(failed(`the service worker could not be registered (${e.message})`));
  });
}

/**
 * Same-origin files this page and its worker loaded: the service worker keeps those of its list's
 * optional files among them (which onnxruntime build, which model set); it knows the rest itself.
 */
function usedFiles(workerResources: readonly string[]): string[] {
  const page = performance.getEntriesByType('resource').map((e) => e.name);
  return [...new Set([...page, ...workerResources])].filter((u) => u.startsWith(location.origin) && !new URL(u).pathname.endsWith('.onnx'));
}

const fileOf = (url: string) => new URL(url).pathname.split('/').pop() || 'index.html';

/** What the runtime worker could not keep: models, and onnxruntime's wasm binary. */
function workerNotKept(loaded: LoadResult): (NotKept & { url?: string })[] {
  const files = [...loaded.denoisers, ...(loaded.runtime ? [loaded.runtime] : [])];
  return files
    .filter((f) => !f.stored)
    .map((f) => ({ file: f.file, reason: f.notStored ?? 'not stored', url: 'url' in f ? f.url : undefined }));
}

/** Ask the service worker to keep every file of the app; sets the store's offline report. */
export async function precacheApp(store: AppStore, loaded: LoadResult): Promise<void> {
  const { setOffline } = store.getState();
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) {
    setOffline(unsupported(window.isSecureContext));
    return;
  }
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000));
  const registration = await Promise.race([navigator.serviceWorker.ready, timeout]);
  const worker = registration?.active;
  if (!worker) {
    setOffline(failed('the service worker did not start'));
    return;
  }
  const notKept = workerNotKept(loaded);
  // A binary the worker could not store is not fetched again: the service worker would meet the same refusal.
  const skip = new Set(notKept.flatMap((n) => (n.url ? [n.url] : [])));
  const request: PrecacheRequest = { type: 'precache', used: usedFiles(loaded.resources).filter((u) => !skip.has(u)) };
  const channel = new MessageChannel();
  const reply = new Promise<PrecacheReply>((resolve) => {
    channel.port1.onmessage = (e) => resolve(e.data);
  });
  worker.postMessage(request, [channel.port2]);
  const result = await Promise.race([reply, new Promise<null>((r) => setTimeout(() => r(null), 120_000))]);
  if (!result) {
    setOffline(failed('the service worker did not answer'));
    return;
  }
  // An older service worker, still in control until the browser installs this build's, answers without `unrefreshed`.
  const unrefreshed = result.unrefreshed ?? [];
  const named = (list: PrecacheReply['failed']) => list.map((f) => ({ file: fileOf(f.url), reason: f.reason }));
  if (result.failed.length > 0) console.warn('Not available offline:', result.failed);
  if (unrefreshed.length > 0) console.warn('Kept from an earlier visit, not refreshed now:', unrefreshed);
  // Every file a visit without a network needs: what the service worker keeps, the skipped binary, the models.
  const total = result.stored + result.failed.length + skip.size + loaded.denoisers.length;
  setOffline(
    keptReport(total, [...named(result.failed), ...notKept], { fromCopy: result.fromCopy === true, unrefreshed: named(unrefreshed) }),
  );
}
