// Cross-origin isolation (the technique of coi-serviceworker): every response this worker serves
// gets `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`
// unless the host sent its own, so a visit this worker controls is cross-origin isolated and
// onnxruntime's wasm backend may run threads (SharedArrayBuffer; src/worker/ortBuild.ts
// wasmThreads). The headers are added when a response is served, never stored with it. The page
// that registers the worker is not isolated (a page's isolation is fixed when it is navigated to)
// and nothing reloads it: isolation starts with the next visit or reload. Everything the app loads
// is same-origin, which require-corp never blocks.

const ISOLATION: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Embedder-Policy', 'require-corp'],
];

/** `response` with the isolation headers it lacks; one that cannot be rebuilt as it was (a redirect, an opaque one) as it is. */
export function isolated(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect' || response.redirected) return response;
  const missing = ISOLATION.filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
