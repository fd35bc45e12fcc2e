// A stored response fits its name (docs/ARCHITECTURE.md, "A stored response fits its name"): a
// host that answers a file missing from a half-uploaded deployment with its index.html (200) must
// never leave that page in the offline copy under the file's name.
import { startsLikeWasm } from '../offline/cache';

/** The part of the Cache API this worker uses (a Map-backed fake in the unit tests). */
export type ShellCache = Pick<Cache, 'match' | 'put' | 'delete' | 'keys'>;

/** The first bytes of a response's body, read from a clone (the response itself stays unread). */
async function head(response: Response, n: number): Promise<Uint8Array> {
  const reader = response.clone().body?.getReader();
  if (!reader) return new Uint8Array(0);
  const { value } = await reader.read();
  void reader.cancel();
  return value?.subarray(0, n) ?? new Uint8Array(0);
}

/** Why `response` must not be stored (or served from the cache) under `key`'s name; '' when it fits. */
export async function misfit(key: string, response: Response): Promise<string> {
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
    case '.wasm':
      // Any type will do for the binary (the runtime worker compiles it from its bytes); the bytes must be WebAssembly.
      return startsLikeWasm(await head(response, 4)) ? '' : `the server sent ${sent}, not WebAssembly`;
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

/**
 * The stored copy under `key` when it fits its name. One that does not (left by an older service
 * worker) is dropped, so the file is fetched again.
 */
export async function storedCopy(cache: ShellCache | null, key: string, ignoreSearch = false): Promise<Response | undefined> {
  const hit = await cache?.match(key, { ignoreSearch }).catch(() => undefined);
  if (!hit) return undefined;
  if (!(await misfit(key, hit))) return hit;
  await cache!.delete(key, { ignoreSearch }).catch(() => false);
  return undefined;
}
