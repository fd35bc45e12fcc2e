// Work that can wait for a quiet moment of the main thread: at start-up the demo's first run is what
// a visitor (and Lighthouse's blocking time) feels, so fetching or building what is not on the
// first screen waits until the browser has nothing else to do.

/**
 * `f` once the main thread is idle, and within `timeoutMs` at the latest; after the current task
 * where requestIdleCallback is missing (Safari). Returns a function that calls it off.
 */
export function whenIdle(f: () => void, timeoutMs = 5_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => f(), { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(f, 0);
  return () => clearTimeout(id);
}
