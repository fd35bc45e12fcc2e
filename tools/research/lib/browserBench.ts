// --backend browser: build bench.html alone (so the page's own build state never matters), serve
// it, and run it in headless Debian Chromium through Playwright. The page picks WebGPU when the
// browser hands out an adapter (with the SwiftShader flags below it does, slowly), else wasm.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchConfig, BenchResult } from '../../../src/core';
import type { BrowserBenchReport } from '../../../src/bench/main';
import { CHROMIUM_ARGS, requireChromium, WEBGPU_ARGS } from '../../../testing/browsers';
import { serveStatic } from '../../../testing/server';

const ROOT = resolve(import.meta.dirname, '../../..');

/** vite build of bench.html only, into runs/bench-dist (git-ignored). */
async function buildBenchPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: ROOT,
    base: './',
    appType: 'mpa',
    logLevel: 'warn',
    // As the app's vite.config.ts: onnxruntime's build in a chunk of its own, which its wasm threads
    // load as their worker script (in one classic-format file they would load the runtime worker and hang).
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 4096,
      rolldownOptions: { input: [join(ROOT, 'bench.html')] },
    },
  });
}

export interface BrowserBenchOutput {
  result: BenchResult;
  runtime: string;
  browser: string;
  /** What the page ran on: webgpu or wasm. */
  pageBackend: 'webgpu' | 'wasm';
  fallbackReason?: string;
  /** What the page reported: self.crossOriginIsolated, and the threads of onnxruntime's wasm backend. */
  crossOriginIsolated: boolean;
  threads?: number;
}

export async function runBrowserBench(
  cfg: BenchConfig,
  opts: { webgpu: boolean; isolate?: boolean; progress: (m: string) => void; timeoutMs?: number },
): Promise<BrowserBenchOutput> {
  const executablePath = requireChromium();
  const outDir = join(ROOT, 'runs/bench-dist');
  opts.progress('building bench.html (vite)');
  await buildBenchPage(outDir);
  // With isolate, the headers of a host that sends them (COOP/COEP): onnxruntime's wasm threads.
  const server = await serveStatic({ root: outDir, index: 'bench.html', isolate: opts.isolate ?? false });
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...(opts.webgpu ? WEBGPU_ARGS : [])] });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]')) opts.progress(`browser: ${m.text().slice(8)}`);
    });
    page.on('pageerror', (e) => opts.progress(`browser error: ${e.message}`));
    const q = new URLSearchParams({
      fractions: cfg.fractions.join(','),
      steps: String(cfg.steps),
      batch: String(cfg.batch),
      repeats: String(cfg.repeats),
      sampler: cfg.sampler,
      eta: String(cfg.eta),
      guidance: String(cfg.guidance),
      seed: String(cfg.seed),
      backend: 'auto',
    });
    await page.goto(`${server.url}bench.html?${q}`);
    await page.waitForFunction(() => (window as unknown as { __bench?: { done: boolean } }).__bench?.done === true, null, {
      timeout: opts.timeoutMs ?? 0,
      polling: 500,
    });
    const report = (await page.evaluate(() => (window as unknown as { __bench: unknown }).__bench)) as BrowserBenchReport;
    if (report.error || !report.result) throw new Error(`bench.html failed: ${report.error ?? 'no result'}`);
    const ortVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-web/package.json'), 'utf8')).version as string;
    const chromeVersion = browser.version();
    const threads = report.threads === undefined ? 'threads not reported' : `${report.threads} thread${report.threads === 1 ? '' : 's'}`;
    const isolation = report.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated';
    const ep =
      report.backend === 'webgpu' ? `WebGPU EP${report.adapter ? ` on ${report.adapter}` : ''}` : `wasm EP, ${threads}, ${isolation}`;
    return {
      result: report.result,
      runtime: `onnxruntime-web ${ortVersion} (${ep}) in headless Chromium ${chromeVersion}`,
      browser: `Chromium ${chromeVersion}${opts.webgpu ? ' with the SwiftShader WebGPU flags' : ''}`,
      pageBackend: report.backend ?? 'wasm',
      fallbackReason: report.fallbackReason,
      crossOriginIsolated: report.crossOriginIsolated ?? false,
      threads: report.threads,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
