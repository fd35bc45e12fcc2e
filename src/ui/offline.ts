// The offline copy: a service worker (public/sw.js) keeps the app shell, the runtime worker keeps
// the models and onnxruntime's wasm binary (Cache API). Once the models are open, the page tells
// the service worker which files it and the worker loaded, so the very next visit works without a
// network, and the line under the model cards says exactly what was kept. Storing is best-effort
// everywhere: a refusal (full quota, private mode, plain HTTP) is reported, and the page runs from memory.
import type { LoadResult } from '../client/client';
import { failed, keptReport, unsupported, type NotKept } from './offlineReport';
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

/** Same-origin files this page loaded, its own URL without the query, the web app manifest (the service worker adds its icons), and the worker's files. */
function appFiles(workerResources: readonly string[]): string[] {
  const page = [
    location.origin + location.pathname,
    ...performance.getEntriesByType('resource').map((e) => e.name),
    ...Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'), (s) => s.src),
    ...Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet], link[rel=manifest]'), (l) => l.href),
  ];
  return [...new Set([...page, ...workerResources])].filter(
    (u) => u.startsWith(location.origin) && !new URL(u).pathname.endsWith('.onnx'),
  );
}

/** The service worker's answer to a precache message (public/sw.js). */
interface PrecacheReply {
  stored: number;
  failed: { url: string; reason: string }[];
}

const fileOf = (url: string) => new URL(url).pathname.split('/').pop() || 'index.html';

/** What the runtime worker could not keep: models, and onnxruntime's wasm binary. */
function workerNotKept(loaded: LoadResult): (NotKept & { url?: string })[] {
  const files = [...loaded.denoisers, ...(loaded.runtime ? [loaded.runtime] : [])];
  return files.filter((f) => !f.stored).map((f) => ({ file: f.file, reason: f.notStored ?? 'not stored', url: 'url' in f ? f.url : undefined }));
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
  const urls = appFiles(loaded.resources).filter((u) => !skip.has(u));
  const channel = new MessageChannel();
  const reply = new Promise<PrecacheReply>((resolve) => {
    channel.port1.onmessage = (e) => resolve(e.data);
  });
  worker.postMessage({ type: 'precache', urls }, [channel.port2]);
  const result = await Promise.race([reply, new Promise<null>((r) => setTimeout(() => r(null), 120_000))]);
  if (!result) {
    setOffline(failed('the service worker did not answer'));
    return;
  }
  const shell = result.failed.map((f) => ({ file: fileOf(f.url), reason: f.reason }));
  if (shell.length > 0) console.warn('Not available offline:', result.failed);
  // Every file a visit without a network needs: what the service worker was asked for, the skipped binary, the models.
  const total = result.stored + result.failed.length + skip.size + loaded.denoisers.length;
  setOffline(keptReport(total, [...shell, ...notKept]));
}
