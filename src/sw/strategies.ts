// How the service worker answers the app's requests. Network first, the stored copy as the
// fallback: an online visit always gets the current files. Hashed build outputs (assets/) are the
// exception: cache first, since a name never changes content. Model files (.onnx) are not handled
// here: the runtime worker keeps them in its own Cache API store (src/worker/modelCache.ts).
import { storeFailure } from '../offline/cache';
import { misfit, storedCopy, type ShellCache } from './fits';

/**
 * How long a network-first request waits for the network's answer before a stored copy answers
 * instead. A connection that is up but does not deliver (a train, a captive portal, a dying Wi-Fi)
 * leaves fetch() pending until the browser gives up, a minute or more of blank page; 3.5 s is
 * well above what a working connection takes for these small files (the page is 1 kB, a
 * manifest a few kB), yet short for someone waiting. Without a stored copy the request waits for
 * the network however long it takes (a slow first visit still loads).
 */
export const NETWORK_TIMEOUT_MS = 3500;

/** What a strategy needs from the worker: its scope, the shell cache, the network, and the event's lifetime. */
export interface Env {
  scope: URL;
  openShell(): Promise<ShellCache | null>;
  fetch(request: Request | string, init?: RequestInit): Promise<Response>;
  /** Keeps the worker alive for work after the response is handed over (event.waitUntil). */
  waitUntil(work: Promise<unknown>): void;
}

/** Vite's hashed build outputs never change under the same name; fetch them once. */
export const immutable = (url: URL, scope: URL): boolean => url.pathname.startsWith(`${scope.pathname}assets/`);

/** Same-origin files of the app, but not its models. */
export const handled = (url: URL, scope: URL): boolean =>
  url.origin === scope.origin && url.pathname.startsWith(scope.pathname) && !url.pathname.endsWith('.onnx');

/** Navigations are cached without their query string: every link with settings opens the same page. */
export function keyOf(request: Request): string {
  const url = new URL(request.url);
  return request.mode === 'navigate' ? url.origin + url.pathname : url.href;
}

/** Store `response` under `key` if it fits the name. Never throws: returns why it was not stored, or ''. */
export async function keep(cache: ShellCache | null, key: string, response: Response): Promise<string> {
  const why = cache ? await misfit(key, response) : 'the cache could not be opened';
  if (!why) {
    try {
      await cache!.put(key, response);
      return '';
    } catch (error) {
      const reason = storeFailure(error);
      console.warn(`Not stored for offline use: ${key}: ${reason}`);
      return reason;
    }
  }
  console.warn(`Not stored for offline use: ${key}: ${why}`);
  return why;
}

export async function cacheFirst(env: Env, request: Request): Promise<Response> {
  const cache = await env.openShell();
  const hit = await storedCopy(cache, request.url);
  if (hit) return hit;
  const response = await env.fetch(request);
  env.waitUntil(keep(cache, request.url, response.clone()));
  return response;
}

/** The response, and whether it is the stored copy (the network failed, or did not answer in time). */
export interface Answer {
  response: Response;
  fromCopy: boolean;
}

const after = (ms: number) => new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms));

export async function networkFirst(env: Env, request: Request, timeoutMs = NETWORK_TIMEOUT_MS): Promise<Answer> {
  const key = keyOf(request);
  const cache = await env.openShell();
  const network = env.fetch(request);
  // Whatever the network answers is kept for the next visit, even when it comes after the stored copy answered.
  env.waitUntil(
    network.then(
      (response) => keep(cache, key, response.clone()),
      () => '',
    ),
  );
  const first = await Promise.race([
    network.then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    ),
    after(timeoutMs),
  ]);
  if (first !== 'late' && 'response' in first) return { response: first.response, fromCopy: false };
  // The network failed outright (at once) or is too slow: the stored copy, if there is one.
  const hit = await storedCopy(cache, key, request.mode === 'navigate');
  if (hit) return { response: hit, fromCopy: true };
  if (first !== 'late') throw first.error;
  return { response: await network, fromCopy: false };
}
