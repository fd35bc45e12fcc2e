// Facts about the shell cache that the service worker (src/sw), the runtime worker
// (src/worker/shellCache.ts) and the page must agree on: kept here once.

/**
 * The service worker's cache (the app shell and onnxruntime's wasm binaries). A new name would
 * orphan every visitor's offline copy, so it changes only with the layout of what is stored.
 */
export const SHELL_CACHE = 'tstitch-shell-v1';

/** Every WebAssembly module starts with these four bytes ("\0asm"). */
export const WASM_MAGIC: readonly number[] = [0x00, 0x61, 0x73, 0x6d];

/** True when `head` (the first bytes of a file) starts like a WebAssembly module. */
export function startsLikeWasm(head: Uint8Array): boolean {
  return head.length >= WASM_MAGIC.length && WASM_MAGIC.every((b, i) => head[i] === b);
}

/** A write refused because this site's storage is used up: the page names it on the cards and the offline line. */
export const QUOTA_FULL = "the browser's storage quota for this site is full (QuotaExceededError)";

/** Why a write to the Cache API failed, in words for the page. */
export function storeFailure(e: unknown): string {
  const err = e as Error | undefined;
  if (err?.name === 'QuotaExceededError') return QUOTA_FULL;
  return `the browser refused to store it (${err?.name ?? 'Error'}: ${err?.message ?? String(e)})`;
}
