// A Map-backed stand-in for the Cache API (the unit tests of this folder): keys are URLs; a
// navigation's lookup ignores the query, as the real one asked with ignoreSearch.
import type { ShellCache } from './fits';

export interface MemoryCache extends ShellCache {
  entries: Map<string, Response>;
  /** Makes every put fail with `error` (a full quota, say). */
  refuse(error: Error): void;
}

const plain = (u: string) => u.split('?')[0];

export function memoryCache(): MemoryCache {
  const entries = new Map<string, Response>();
  let refusal: Error | undefined;
  const find = (key: string, ignoreSearch?: boolean) =>
    entries.has(key) ? key : ignoreSearch ? [...entries.keys()].find((k) => plain(k) === plain(key)) : undefined;
  const cache = {
    entries,
    refuse: (error: Error) => void (refusal = error),
    match: async (key: RequestInfo | URL, options?: CacheQueryOptions) => {
      const k = find(String(key instanceof Request ? key.url : key), options?.ignoreSearch);
      return k === undefined ? undefined : entries.get(k)!.clone();
    },
    put: async (key: RequestInfo | URL, response: Response) => {
      if (refusal) throw refusal;
      entries.set(String(key instanceof Request ? key.url : key), response);
    },
    delete: async (key: RequestInfo | URL, options?: CacheQueryOptions) => {
      const k = find(String(key instanceof Request ? key.url : key), options?.ignoreSearch);
      return k !== undefined && entries.delete(k);
    },
    keys: async () => [...entries.keys()].map((url) => ({ url }) as Request),
  };
  return cache as unknown as MemoryCache;
}

/** A response as a host sends it; `type` is the content type. */
export function served(body: BodyInit, type: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': type } });
}
