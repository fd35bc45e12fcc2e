// The offline copy, stored on the page's request once its models are open (src/page/offline.ts):
// the build's list of files (compiled into sw.js by build/serviceWorker.ts), the optional
// ones only when this visit used them. Storing is best-effort and reported file by file.
import type { FileReason, OfflineFiles, PrecacheReply } from '../offline/protocol';
import { QUOTA_FULL } from '../offline/cache';
import { storedCopy } from './fits';
import { handled, immutable, keep, type Env } from './strategies';

/**
 * How long a file's download may take to start before it counts as failed, and the network as
 * gone for the rest of the list: a connection that does not deliver would otherwise hold the
 * page's report for the browser's own timeout, a minute or more per file (the page waits 2
 * minutes in all). Generous, since only the headers must arrive within it.
 */
export const PRECACHE_TIMEOUT_MS = 20_000;

class NoAnswer extends Error {}

/** Why a fetch failed, as a clause (browsers end their messages with a period; the page adds its own). */
const networkFailure = (error: unknown) => `the network failed (${String((error as Error)?.message ?? error).replace(/[.\s]+$/, '')})`;

async function download(env: Env, href: string, timeoutMs: number): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new NoAnswer(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    return await env.fetch(href, { cache: 'no-cache', signal: abort.signal });
  } finally {
    clearTimeout(timer); // the body may take longer than the headers: only their wait is limited
  }
}

/** A URL without its query and fragment, resolved against the scope: a file's name. */
const plainUrl = (u: string, scope: URL) => {
  const url = new URL(u, scope);
  return url.origin + url.pathname;
};

/** The absolute URLs to keep: the shell, and the optional files among `used` (compared without query or fragment). */
export function wanted(files: OfflineFiles, used: readonly string[], scope: URL): string[] {
  const usedSet = new Set(used.map((u) => plainUrl(u, scope)));
  const abs = (path: string) => new URL(path, scope).href;
  return [...new Set([...files.shell.map(abs), ...files.optional.map(abs).filter((u) => usedSet.has(plainUrl(u, scope)))])];
}

export async function precache(
  env: Env,
  files: OfflineFiles,
  used: readonly string[],
  timeoutMs = PRECACHE_TIMEOUT_MS,
): Promise<Omit<PrecacheReply, 'fromCopy'>> {
  const cache = await env.openShell();
  const failed: FileReason[] = [];
  const unrefreshed: FileReason[] = [];
  let stored = 0;
  /** Set once the quota is full (the remaining files are not downloaded only to be refused), or the network did not answer. */
  let stop = '';
  /** A file that could not be (re)stored: stored all the same when an earlier copy that fits stays. */
  const notRefreshed = async (url: string, reason: string) => {
    if (await storedCopy(cache, url)) {
      stored++;
      unrefreshed.push({ url, reason });
    } else failed.push({ url, reason });
  };
  const urls = wanted(files, used, env.scope).filter((u) => handled(new URL(u), env.scope));
  for (const url of urls) {
    if (!cache) {
      failed.push({ url, reason: 'the cache could not be opened' });
      continue;
    }
    if (immutable(new URL(url), env.scope) && (await storedCopy(cache, url))) {
      stored++; // a hashed name: the stored copy is the current one
      continue;
    }
    if (stop) {
      await notRefreshed(url, stop);
      continue;
    }
    let response: Response;
    try {
      response = await download(env, url, timeoutMs);
    } catch (error) {
      const why = networkFailure(error);
      if (error instanceof NoAnswer) stop = why; // each of the next files would wait as long
      await notRefreshed(url, why);
      continue;
    }
    if (response.status === 404) continue; // the host has no such file: nothing to keep
    const why = await keep(cache, url, response);
    if (!why) stored++;
    else {
      if (why === QUOTA_FULL) stop = why;
      await notRefreshed(url, why);
    }
  }
  // Hashed outputs of other builds are no longer referenced: drop them. This build's stay, used or
  // not, and so does what this visit used: the page may be newer than this worker (a release's
  // index.html arrives before the browser installs its sw.js), and its scripts are not in this list.
  const current = new Set([...files.shell, ...files.optional, ...used].map((u) => plainUrl(u, env.scope)));
  for (const request of (await cache?.keys().catch(() => [])) ?? []) {
    if (immutable(new URL(request.url), env.scope) && !current.has(plainUrl(request.url, env.scope)))
      await cache!.delete(request.url).catch(() => false);
  }
  return { stored, failed, unrefreshed };
}
