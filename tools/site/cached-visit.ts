// npm run visits: how long a returning visitor, with everything cached, waits for an enabled
// Generate (issue 11). Serves the build (dist/; run `npx vite build` first) at a nested sub-path
// like npm run size, opens it in a fresh persistent headless Chromium profile (no WebGPU flags, so
// the page runs wasm), waits for Generate and the offline copy (the first visit, not counted), then
// makes --visits new navigations in new tabs of the same profile. Each is timed inside the page,
// from navigation start until the Generate button is enabled, and broken down with the page's
// navigation/resource timing and the runtime worker's `tstitch:` measures (lib/cachedVisit.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../testing/browsers';
import {
  cachedVisitMarkdown,
  stat,
  statsBy,
  visitTimes,
  type CachedVisitReport,
  type PageTimeline,
  type VisitTimes,
  type WorkerTimeline,
} from './lib/cachedVisit';
import { intFlag, log, runMain, writeReport } from '../lib/cli';
import { SUB_PATH } from '../../testing/site';
import { parseServedFlags, revision, SERVERS, withServedBuild, type ServedOptions } from './lib/servedBuild';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = 'visits';

const HELP = `npm run visits -- [flags]     (build first: npx vite build)
  --visits N        timed returning visits after the first (default 7)
  --models NAME     models (default, the shipped ones) | fixtures (the tiny test models, ?models=fixtures)
  --server NAME     e2e (default): testing/serve.ts, as the e2e tests; python: python3 -m http.server
  --dist DIR        the build to serve (default dist)
  --out FILE.json   results; FILE.md next to it (default docs/results/cached-visit.json)
  --timeout S       seconds to wait for each visit to be ready (default 300)`;

interface Options extends ServedOptions {
  visits: number;
}

function parse(argv: string[]): Options | undefined {
  const parsed = parseServedFlags(argv, 'visits', { out: 'docs/results/cached-visit.json', timeoutS: 300 }, ['visits']);
  return parsed && { ...parsed.opts, visits: intFlag('visits', parsed.extra.visits, 7) };
}

/**
 * In every page of the profile: note performance.now() when a button named Generate is first
 * enabled. A MutationObserver's callback runs right after the DOM change, in the same task, so
 * the time does not depend on how often Playwright polls.
 */
const READY_SCRIPT = `(() => {
  if (typeof document === 'undefined') return;
  const check = () => {
    for (const b of document.querySelectorAll('button')) {
      if (b.textContent.trim() === 'Generate' && !b.disabled) {
        window.__tstitchReady = performance.now();
        performance.mark('tstitch:generate-enabled');
        return true;
      }
    }
    return false;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'], characterData: true });
})();`;

async function pageTimeline(page: Page): Promise<PageTimeline> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      timeOrigin: performance.timeOrigin,
      readyMs: (window as unknown as { __tstitchReady: number }).__tstitchReady,
      navigation: {
        responseEnd: nav.responseEnd,
        domInteractive: nav.domInteractive,
        domContentLoadedEventEnd: nav.domContentLoadedEventEnd,
      },
      resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
        name: e.name,
        startTime: e.startTime,
        responseEnd: e.responseEnd,
      })),
    };
  });
}

function runtimeWorker(page: Page): Worker {
  const w = page.workers().find((x) => /\/assets\/worker-[\w-]+\.js/.test(x.url()));
  if (!w)
    throw new Error(
      `no runtime worker in the page (workers: ${
        page
          .workers()
          .map((x) => x.url())
          .join(', ') || 'none'
      })`,
    );
  return w;
}

async function workerTimeline(page: Page): Promise<WorkerTimeline> {
  return runtimeWorker(page).evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    entries: [...performance.getEntriesByType('mark'), ...performance.getEntriesByType('measure')]
      .filter((e) => e.name.startsWith('tstitch:'))
      .map((e) => ({ name: e.name, entryType: e.entryType, startTime: e.startTime, duration: e.duration })),
  }));
}

// A string, not a function: tsx would wrap the inner helpers' names in a __name() the worker lacks.
const DIAGNOSTICS = `(async () => {
  const out = {};
  const time = async (label, f) => {
    const t = performance.now();
    await f();
    out[label] = Math.round(performance.now() - t);
  };
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const file = new URL(req.url).pathname.split('/').pop();
      let bytes;
      if (file.endsWith('.wasm')) {
        await time(file + ': read from the Cache API', async () => (bytes = await (await cache.match(req)).arrayBuffer()));
        out[file + ': size'] = (bytes.byteLength / 1e6).toFixed(2) + ' MB';
        await time(file + ': WebAssembly.compile(bytes), 1st', () => WebAssembly.compile(bytes));
        await time(file + ': WebAssembly.compile(bytes), 2nd', () => WebAssembly.compile(bytes));
        await time(file + ': WebAssembly.compileStreaming(cached Response), 1st', async () => WebAssembly.compileStreaming(await cache.match(req)));
        await time(file + ': WebAssembly.compileStreaming(cached Response), 2nd', async () => WebAssembly.compileStreaming(await cache.match(req)));
      } else if (file.endsWith('.onnx')) {
        await time(file + ': read from the Cache API', async () => (bytes = await (await cache.match(req)).arrayBuffer()));
        await time(file + ': sha256 (crypto.subtle, ' + (bytes.byteLength / 1e6).toFixed(2) + ' MB)', () => crypto.subtle.digest('SHA-256', bytes));
      }
    }
  }
  return out;
})()`;

/**
 * Timings that tell a stage's parts apart, once, in a runtime worker after the visits: compiling
 * the cached onnxruntime wasm binary from bytes (what onnxruntime does with wasmBinary) and by
 * streaming from the cached Response, and sha256 of each cached model file.
 */
async function diagnostics(page: Page): Promise<Record<string, number | string>> {
  return runtimeWorker(page).evaluate(DIAGNOSTICS) as Promise<Record<string, number | string>>;
}

const waitReady = (page: Page, timeoutMs: number) =>
  page.waitForFunction(() => (window as unknown as { __tstitchReady?: number }).__tstitchReady !== undefined, undefined, {
    timeout: timeoutMs,
    polling: 200,
  });

async function visits(opts: Options, baseURL: string) {
  const { chromium, expect } = await import('@playwright/test');
  const profile = mkdtempSync(join(tmpdir(), 'tstitch-visits-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const consoleWarnings: string[] = [];
  const network: string[] = [];
  let timing = false;
  context.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleWarnings.push(`${m.type()}: ${m.text()}`);
  });
  context.on('requestfinished', (r) => {
    void r.response().then((res) => {
      if (timing && res && !res.fromServiceWorker()) network.push(new URL(r.url()).pathname.replace(`/${SUB_PATH}/`, ''));
    });
  });
  try {
    await context.addInitScript(READY_SCRIPT);
    const url = opts.models === 'fixtures' ? `${baseURL}?models=fixtures` : baseURL;
    log(TOOL, `first visit: ${url} (fresh profile)`);
    let page = await context.newPage();
    await page.goto(url);
    await waitReady(page, opts.timeoutMs);
    const firstReady = (await pageTimeline(page)).readyMs;
    const backend = ((await page.getByTestId('backend').textContent()) ?? '').replace(/^Backend: /, '');
    const offline = page.getByTestId('offline-status');
    await expect(offline).not.toContainText('Preparing', { timeout: opts.timeoutMs });
    const offlineStatus = ((await offline.textContent()) ?? '').trim();
    log(TOOL, `first visit ready after ${(firstReady / 1000).toFixed(2)} s (${backend}); ${offlineStatus}`);
    await page.waitForTimeout(3000);
    const times: (VisitTimes & { loadAverage1m: number })[] = [];
    timing = true;
    for (let i = 0; i < opts.visits; i++) {
      await page.close(); // pagehide: the page terminates its runtime worker
      await new Promise((ok) => setTimeout(ok, 1500));
      const loadAverage1m = loadavg()[0];
      page = await context.newPage();
      await page.goto(url);
      await waitReady(page, opts.timeoutMs);
      const t = visitTimes(await pageTimeline(page), await workerTimeline(page));
      times.push({ ...t, loadAverage1m });
      log(TOOL, `visit ${i + 1}: Generate enabled after ${(t.totalMs / 1000).toFixed(2)} s (load ${loadAverage1m.toFixed(2)})`);
    }
    timing = false;
    log(TOOL, 'one-off timings in the runtime worker');
    const diag = await diagnostics(page);
    return { times, backend, offlineStatus, firstReady, consoleWarnings, network, diag };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  if (!opts) {
    console.log(HELP);
    return;
  }
  const loadBefore = loadavg();
  const r = await withServedBuild(opts, (baseURL) => visits(opts, baseURL));
  const loadAfter = loadavg();
  const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const report: CachedVisitReport = {
    tool: 'tools/site/cached-visit.ts',
    command: opts.command,
    date: new Date().toISOString(),
    revision: revision(),
    browser: `${version} (headless, one persistent profile)`,
    server: `${SERVERS[opts.server]}, at /${SUB_PATH}/`,
    models: opts.models,
    backend: r.backend,
    firstVisit: { readyMs: Math.round(r.firstReady), offlineStatus: r.offlineStatus },
    loadAverage: { before: loadBefore.map((v) => Number(v.toFixed(2))), after: loadAfter.map((v) => Number(v.toFixed(2))) },
    networkRequests: r.network,
    total: stat(r.times.map((t) => t.totalMs)),
    segments: statsBy(
      r.times.map((t) => t.segments),
      (s) => s.label,
      (s) => s.ms,
    ),
    spans: statsBy(
      r.times.map((t) => t.spans),
      (s) => s.name,
      (s) => s.ms,
    ),
    visits: r.times,
    diagnostics: r.diag,
    consoleWarnings: r.consoleWarnings,
  };
  writeReport(TOOL, ROOT, opts.out, report, cachedVisitMarkdown(report));
}

runMain(TOOL, main);
