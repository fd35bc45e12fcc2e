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
  // serviceWorker(): src/sw/sw.ts built into dist/sw.js, with the build's list of files (tools/vite/serviceWorker.ts).
  // ogImage(): the share preview (og-image.png and its tags) sampled from the shipped models (tools/vite/ogImage.ts).
  // firstPaint(): the title and lede in index.html before any script runs (tools/vite/firstPaint.ts).
  plugins: [react(), contentSecurityPolicy(), firstPaint(), serviceWorker(), ogImage()],
  worker: {
    format: 'es',
    // Every chunk of the runtime worker (its entry, onnxruntime's build it picks, the hashing fallback)
    // named worker-*: tools/lib/firstVisit.ts tells them from the page's own JavaScript by that.
    rolldownOptions: { output: { chunkFileNames: 'assets/worker-[name]-[hash].js' } },
  },
  // Served as is in dev: pre-bundling onnxruntime-web would only move its files around.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    // onnxruntime-web's wasm binary is ~28 MB; it is expected, not a warning.
    chunkSizeWarningLimit: 2048,
    // The page, and the benchmark page that tools/bench.ts --backend browser drives.
    rolldownOptions: { input: ['index.html', 'bench.html'] },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'tools/**/*.test.ts', 'build/**/*.test.ts', 'testing/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
  },
});
