// npm run size: the bytes a first visit to the built app transfers. Serves the build (dist/; run
// `npx vite build` first) at a nested sub-path with the e2e tests' server (or python3 -m
// http.server), opens the page in a fresh headless Chromium profile, waits until it can generate
// (Generate enabled) and its service worker has stored the offline copy, and records every
// response. Reports each file raw, gzip -9 and brotli 11 (what a host that compresses would send;
// raw is what one that does not sends), per kind, and the app's own JavaScript apart from the
// worker chunk that carries onnxruntime-web. Sums, tables and file kinds: tools/lib/firstVisit.ts.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BrowserContext } from '@playwright/test';
import { log, sibling, writeText } from './lib/cli';
import {
  attribute, compressedSizes, fileName, fileRows, firstVisitMarkdown, outsideBase, totals,
  type FirstVisitReport, type NetworkFetch, type Sizes,
} from './lib/firstVisit';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Nested, as in playwright.config.ts: nothing may assume the app sits at /. */
const SUB_PATH = 'some/nested/tstitch';
const TOOL = 'size';

const HELP = `npm run size -- [flags]     (build first: npx vite build)
  --models NAME     models (default, the shipped ones) | fixtures (the tiny test models, ?models=fixtures)
  --server NAME     e2e (default): e2e/static-server.mjs, as the e2e tests (no ETag, no Last-Modified);
                    python: python3 -m http.server (sends Last-Modified, so repeated requests can be 304)
  --wasm-type TYPE  serve the .wasm with this Content-Type instead (checks a host that gets it wrong)
  --dist DIR        the build to serve (default dist; e.g. after npx vite build --outDir runs/size-dist)
  --out FILE.json   results; FILE.md next to it (default docs/results/first-visit.json)
  --timeout S       seconds to wait for each stage: ready to generate, offline copy stored (default 900)`;

type ServerName = 'e2e' | 'python';
const SERVERS: Record<ServerName, string> = {
  e2e: 'node e2e/static-server.mjs (the e2e tests\' server: no compression, no special headers, no ETag or Last-Modified)',
  python: 'python3 -m http.server (no compression, no special headers; sends Last-Modified)',
};

interface Options {
  models: 'models' | 'fixtures';
  server: ServerName;
  wasmType?: string;
  dist: string;
  out: string;
  timeoutMs: number;
  command: string;
}

function parse(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      models: { type: 'string' }, server: { type: 'string' }, 'wasm-type': { type: 'string' }, dist: { type: 'string' },
      out: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const models = values.models ?? 'models';
  if (models !== 'models' && models !== 'fixtures') throw new Error(`--models must be models or fixtures, got ${JSON.stringify(models)}`);
  const server = values.server ?? 'e2e';
  if (server !== 'e2e' && server !== 'python') throw new Error(`--server must be e2e or python, got ${JSON.stringify(server)}`);
  const timeoutMs = Number(values.timeout ?? 900) * 1000;
  if (!(timeoutMs > 0)) throw new Error('--timeout must be a positive number of seconds');
  const build = values.dist ? `npx vite build --outDir ${values.dist} --emptyOutDir` : 'npx vite build';
  return {
    models, server, timeoutMs,
    wasmType: values['wasm-type'],
    dist: resolve(ROOT, values.dist ?? 'dist'),
    out: values.out ?? 'docs/results/first-visit.json',
    command: `${build} && npm run size${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
  };
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** Serve `dist` at /SUB_PATH/ on the port; resolves once the server listens. */
async function startServer(name: ServerName, port: number, dist: string): Promise<ChildProcess> {
  let child: ChildProcess;
  if (name === 'e2e') {
    child = spawn(process.execPath, [join(ROOT, 'e2e/static-server.mjs'), String(port), SUB_PATH], {
      cwd: ROOT,
      env: { ...process.env, DIST_DIR: dist },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } else {
    // python3 -m http.server serves a directory at /: link the build in at the sub-path.
    const top = mkdtempSync(join(tmpdir(), 'tstitch-size-'));
    mkdirSync(join(top, dirname(SUB_PATH)), { recursive: true });
    symlinkSync(dist, join(top, SUB_PATH));
    child = spawn('python3', ['-u', '-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', top], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.once('exit', () => rmSync(top, { recursive: true, force: true }));
  }
  await new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`the ${name} server exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (/serving/i.test(d.toString())) ok();
    });
  });
  return child;
}

/** Every file of the build with its size and time, to notice a rebuild during the measurement. */
function snapshot(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const st = statSync(join(e.parentPath, e.name));
      return `${join(e.parentPath, e.name)} ${st.size} ${st.mtimeMs}`;
    })
    .sort()
    .join('\n');
}

/** The commit measured, with "-dirty" when the working tree had changes. */
function revision(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
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
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
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
  if (!existsSync(join(opts.dist, 'index.html'))) throw new Error(`No ${join(opts.dist, 'index.html')}: run \`npx vite build\` first`);
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const before = snapshot(opts.dist);
  const port = await freePort();
  const server = await startServer(opts.server, port, opts.dist);
  const baseURL = `http://127.0.0.1:${port}/${SUB_PATH}/`;
  let result: Awaited<ReturnType<typeof visit>>;
  try {
    result = await visit(opts, baseURL);
  } finally {
    server.kill();
  }
  const { rec } = result;
  if (snapshot(opts.dist) !== before) throw new Error(`${opts.dist} changed during the measurement (another build?): run it again`);
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
    tool: 'tools/first-visit.ts',
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
  const md = firstVisitMarkdown(report, SUB_PATH);
  const outPath = resolve(ROOT, opts.out);
  writeText(outPath, `${JSON.stringify(report, null, 2)}\n`);
  writeText(sibling(outPath, '.md'), md);
  console.log(md);
  log(TOOL, `wrote ${opts.out} and ${sibling(opts.out, '.md')}`);
}

main().catch((e: Error) => {
  console.error(`[${TOOL}] ${e.message}`);
  process.exit(1);
});
