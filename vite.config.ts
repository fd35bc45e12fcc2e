/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
// Extensions named (.js for the .ts files, as TypeScript resolves them): Vite's native config loader has no resolution without them.
import { CONTENT_SECURITY_POLICY } from './src/csp.js';
import { serviceWorker } from './build/serviceWorker.js';
import { ogImage } from './build/shareImage/plugin.js';
import { firstPaint } from './build/firstPaint.js';

/** The built pages carry their own CSP (src/csp.ts); not in dev, where Vite injects inline scripts. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'tstitch-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

// base './': the built app works from any sub-path (file names are resolved relative to the page).
export default defineConfig({
  base: './',
  // 'mpa': a missing manifest or model file is a 404, not index.html served in its place.
  appType: 'mpa',
  // serviceWorker(): src/sw/sw.ts built into dist/sw.js, with the build's list of files (build/serviceWorker.ts).
  // ogImage(): the share preview (og-image.png and its tags) of the shipped models, drawn by
  // npm run share-image and kept in build/shareImage/ (build/shareImage/plugin.ts).
  // firstPaint(): the title and lede in index.html before any script runs (build/firstPaint.ts).
  plugins: [react(), contentSecurityPolicy(), firstPaint(), serviceWorker(), ogImage()],
  worker: {
    format: 'es',
    // Every chunk of the runtime worker (its entry, onnxruntime's build it picks, the hashing fallback)
    // named worker-*: tools/site/lib/firstVisit.ts tells them from the page's own JavaScript by that.
    // checks: as build.rolldownOptions below (the runtime worker's sub-build is where onnxruntime-web's
    // files are handled).
    rolldownOptions: { output: { chunkFileNames: 'assets/worker-[name]-[hash].js' }, checks: { bundlerTimings: false } },
  },
  // Served as is in dev: pre-bundling onnxruntime-web would only move its files around.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    // index.html preloads the entry's imports (they are the first screen). A lazy chunk's imports are
    // not preloaded: Vite's helper would add a <link rel=modulepreload> per import on the main thread
    // at the moment the chunk is asked for (Presentation's, while the first run starts), one of the
    // longer start-up tasks in a trace; the browser fetches them itself once the chunk arrives. Its
    // CSS is still added.
    modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) },
    // onnxruntime-web's wasm binary is ~28 MB; it is expected, not a warning.
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      // The page, and the benchmark page that tools/research/bench.ts --backend browser drives.
      input: ['index.html', 'bench.html'],
      // No PLUGIN_TIMINGS report: it fires once Rolldown's side of a build passes 3 s, which on
      // this project's 2 shared cores depends on the machine's load more than on the build. Our
      // own plugins' hooks take under 50 ms in all (the share image is no longer sampled here:
      // build/shareImage/stored.ts); the rest of the JavaScript time it reports is Vite's own
      // handling of onnxruntime-web in the runtime worker (its ~80 MB of .wasm emitted into the
      // bundle, its .mjs files scanned for `new URL(..., import.meta.url)`).
      checks: { bundlerTimings: false },
    },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tools/**/*.test.ts', 'build/**/*.test.ts', 'testing/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    // Worker threads, not forked processes: the same tests in 35 s instead of 48 on CI's 2 cores.
    pool: 'threads',
  },
});
