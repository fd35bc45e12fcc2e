// The Content-Security-Policy the built pages ship with (a <meta> tag added by vite.config.ts at
// build time, so no server configuration is needed). Hosts that can send headers may send the
// same policy as a header; e2e/deploy/csp.spec.ts runs the app under both.
//
// Everything comes from the page's own origin. The one relaxation is 'wasm-unsafe-eval':
// compiling WebAssembly (onnxruntime-web's runtime) needs it. There is no 'unsafe-eval' and no
// 'unsafe-inline': the build has no inline script or style, and React sets styles through the
// CSSOM, which CSP does not restrict. data: images are the empty favicon; blob: is the PNG export.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
