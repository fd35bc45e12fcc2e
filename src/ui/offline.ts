// The offline copy: a service worker (public/sw.js) keeps the app shell, the runtime worker keeps
// the models (Cache API). Once the models are open, the page tells the service worker which files
// it and the worker loaded, so the very next visit works without a network.
import type { AppStore } from './store';

export function registerServiceWorker(store: AppStore): void {
  if (!('serviceWorker' in navigator)) {
    store.getState().setOffline('unsupported');
    return;
  }
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI)).catch((e: Error) => {
    console.warn(`No offline copy: the service worker could not be registered (${e.message}).`);
    store.getState().setOffline('failed');
  });
}

/** Same-origin files this page loaded, its own URL without the query, and the worker's files. */
function appFiles(workerResources: readonly string[]): string[] {
  const page = [
    location.origin + location.pathname,
    ...performance.getEntriesByType('resource').map((e) => e.name),
    ...Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]'), (s) => s.src),
    ...Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet]'), (l) => l.href),
  ];
  return [...new Set([...page, ...workerResources])].filter(
    (u) => u.startsWith(location.origin) && !u.endsWith('.onnx'),
  );
}

/** Ask the service worker to keep every file of the app; sets the store's offline state. */
export async function precacheApp(store: AppStore, workerResources: readonly string[]): Promise<void> {
  const { setOffline } = store.getState();
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) {
    setOffline('unsupported');
    return;
  }
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000));
  const registration = await Promise.race([navigator.serviceWorker.ready, timeout]);
  const worker = registration?.active;
  if (!worker) {
    setOffline('failed');
    return;
  }
  const channel = new MessageChannel();
  const reply = new Promise<{ stored: number; failed: string[] }>((resolve) => {
    channel.port1.onmessage = (e) => resolve(e.data);
  });
  worker.postMessage({ type: 'precache', urls: appFiles(workerResources) }, [channel.port2]);
  const result = await Promise.race([reply, new Promise<null>((r) => setTimeout(() => r(null), 120_000))]);
  if (result && result.failed.length > 0) console.warn('Not available offline:', result.failed);
  setOffline(result && result.failed.length === 0 ? 'ready' : 'failed');
}
