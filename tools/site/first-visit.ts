// npm run size: the bytes a first visit to the built app transfers. Serves the build (dist/; run
// `npx vite build` first) at a nested sub-path with the e2e tests' server (or python3 -m
// http.server), opens the page in a fresh headless Chromium profile, waits until it can generate
// (Generate enabled) and its service worker has stored the offline copy, and records every
// response. Reports each file raw, gzip -9 and brotli 11 (what a host that compresses would send;
// raw is what one that does not sends), per kind, and the app's own JavaScript apart from the
// worker chunk that carries onnxruntime-web. Sums and file kinds: lib/firstVisit.ts; tables: lib/firstVisitReport.ts.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../testing/browsers';
import { log, runMain, writeReport } from '../lib/cli';
import { attribute, compressedSizes, fileName, fileRows, outsideBase, totals, type NetworkFetch, type Sizes } from './lib/firstVisit';
import { firstVisitMarkdown, type FirstVisitReport } from './lib/firstVisitReport';
import { SUB_PATH } from '../../testing/site';
import { parseServedFlags, revision, SERVERS, withServedBuild, type ServedOptions } from './lib/servedBuild';

const ROOT = resolve(import.meta.dirname, '../..');
const TOOL = 'size';

const HELP = `npm run size -- [flags]     (build first: npx vite build)
  --models NAME     models (default, the shipped ones) | fixtures (the tiny test models, ?models=fixtures)
  --server NAME     e2e (default): testing/serve.ts, as the e2e tests (no ETag, no Last-Modified);
                    python: python3 -m http.server (sends Last-Modified, so repeated requests can be 304)
  --wasm-type TYPE  serve the .wasm with this Content-Type instead (checks a host that gets it wrong)
  --dist DIR        the build to serve (default dist; e.g. after npx vite build --outDir runs/size-dist)
  --out FILE.json   results; FILE.md next to it (default docs/results/first-visit.json)
  --timeout S       seconds to wait for each stage: ready to generate, offline copy stored (default 900)`;

interface Options extends ServedOptions {
  wasmType?: string;
}

function parse(argv: string[]): Options | undefined {
  const parsed = parseServedFlags(argv, 'size', { out: 'docs/results/first-visit.json', timeoutS: 900 }, ['wasm-type']);
  return parsed && { ...parsed.opts, wasmType: parsed.extra['wasm-type'] };
}

/** What the browser did: every network response, and the bodies Playwright could read. */
class Recorder {
  readonly network: NetworkFetch[] = [];
  readonly answeredBySw: string[] = [];
  readonly bodies = new Map<string, Buffer>();
  readonly requested: string[] = [];
  readonly failed: string[] = [];
  readonly console: string[] = [];
  private readonly pending = new Set<Promise<void>>();
  private last = performance.now();

  constructor(context: BrowserContext) {
    context.on('request', (r) => {
      this.requested.push(r.url());
      this.last = performance.now();
    });
    context.on('requestfailed', (r) => this.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    context.on('requestfinished', (request) => {
      const job = (async () => {
        const response = await request.response();
        const status = response?.status() ?? 0;
        if (!response || (status >= 300 && status < 400)) return; // the redirect to the sub-path's trailing slash
        const url = request.url();
        if (status >= 400) this.failed.push(`${url}: HTTP ${status}`);
        // No body for a service worker's fetch, a 304, or a large body DevTools no longer holds.
        const body = await response.body().catch(() => undefined);
        const key = new URL(url).pathname;
        if (body && body.byteLength > 0 && !this.bodies.has(key)) this.bodies.set(key, body);
        // Without the body: Chromium's count of body bytes received (0 for a 304 answered from the HTTP cache).
        const bytes = body && body.byteLength > 0 ? body.byteLength : Math.max(0, (await request.sizes()).responseBodySize);
        if (response.fromServiceWorker()) this.answeredBySw.push(url);
        else this.network.push({ url, bytes, bySw: request.serviceWorker() !== null });
      })().catch((e: Error) => void this.failed.push(`${request.url()}: not recorded (${e.message})`));
      this.pending.add(job);
      void job.finally(() => {
        this.pending.delete(job);
        this.last = performance.now();
      });
    });
    // The page's messages and its runtime worker's.
    context.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') this.console.push(`${m.type()}: ${m.text()}`);
    });
  }

  /** Until nothing has happened on the network for `quietMs`. */
  async settle(quietMs = 3000): Promise<void> {
    while (this.pending.size > 0 || performance.now() - this.last < quietMs) {
      await Promise.all(this.pending);
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
}

async function visit(opts: Options, baseURL: string) {
  const { chromium, expect } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    if (opts.wasmType) {
      const type = opts.wasmType;
      await context.route('**/*.wasm', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-type': type } });
      });
    }
    const rec = new Recorder(context);
    const page = await context.newPage();
    const url = opts.models === 'fixtures' ? `${baseURL}?models=fixtures` : baseURL;
    log(TOOL, `opening ${url} in Chromium ${browser.version()} (fresh profile)`);
    const t0 = performance.now();
    await page.goto(url);
    await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: opts.timeoutMs });
    const readySeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    const backend = ((await page.getByTestId('backend').textContent()) ?? '').replace(/^Backend: /, '');
    log(TOOL, `ready to generate after ${readySeconds} s (backend: ${backend}); waiting for the offline copy`);
    const offline = page.getByTestId('offline-status');
    await expect(offline).not.toContainText('Preparing', { timeout: opts.timeoutMs });
    const offlineStatus = ((await offline.textContent()) ?? '').trim();
    await rec.settle();
    log(TOOL, `${offlineStatus} (after ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return { rec, readySeconds, backend, offlineStatus, browser: `Chromium ${browser.version()} (headless, fresh profile)` };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  if (!opts) {
    console.log(HELP);
    return;
  }
  let baseURL = '';
  const result = await withServedBuild(opts, (url) => visit(opts, (baseURL = url)));
  const { rec } = result;
  if (rec.failed.length > 0) throw new Error(`downloads failed, so the numbers would be wrong:\n  ${rec.failed.join('\n  ')}`);

  log(TOOL, 'compressing (brotli 11 takes a while on the 28 MB wasm)');
  const sizes = new Map<string, Sizes>();
  const sizesOf = (url: string): Sizes => {
    const key = new URL(url).pathname;
    let s = sizes.get(key);
    if (!s) {
      // A file Playwright never handed out a body for: the file the server sent.
      s = compressedSizes(rec.bodies.get(key) ?? readFileSync(join(opts.dist, fileName(url, baseURL))));
      sizes.set(key, s);
    }
    return s;
  };
  const rows = fileRows(attribute(rec.network, rec.answeredBySw), sizesOf, baseURL);
  const ortVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-web/package.json'), 'utf8')).version as string;
  const report: FirstVisitReport = {
    tool: 'tools/site/first-visit.ts',
    command: opts.command,
    date: new Date().toISOString(),
    revision: revision(),
    browser: result.browser,
    server: `${SERVERS[opts.server]}, at /${SUB_PATH}/`,
    wasmContentType: opts.wasmType ?? 'application/wasm',
    models: opts.models,
    backend: result.backend,
    onnxruntimeWeb: ortVersion,
    readySeconds: result.readySeconds,
    offlineStatus: result.offlineStatus,
    requestsOutsideSubPath: outsideBase(rec.requested, baseURL),
    consoleWarnings: rec.console,
    compression: 'node:zlib, gzip level 9 and brotli quality 11, of each response body',
    totals: totals(rows),
    files: rows,
  };
  writeReport(TOOL, ROOT, opts.out, report, firstVisitMarkdown(report, SUB_PATH));
}

runMain(TOOL, main);
