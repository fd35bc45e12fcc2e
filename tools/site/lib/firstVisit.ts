// The pure part of `npm run size` (tools/site/first-visit.ts) and of the static-deploy test
// (e2e/deploy/size.spec.ts): which file is what, what it compresses to, and the sums; the tables
// and the report's Markdown are in firstVisitReport.ts.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Kind = 'html' | 'js' | 'css' | 'wasm' | 'onnx' | 'json' | 'other';
export const KINDS: readonly Kind[] = ['html', 'js', 'css', 'wasm', 'onnx', 'json', 'other'];

/** Who fetched a file: the page or its runtime worker, or the service worker storing the offline copy. */
export type Fetcher = 'page' | 'service worker';

const EXTENSIONS: Record<string, Kind> = {
  html: 'html',
  htm: 'html',
  js: 'js',
  mjs: 'js',
  css: 'css',
  wasm: 'wasm',
  onnx: 'onnx',
  json: 'json',
};

/** The kind of a URL, by its path's extension; a directory URL (".../") is its index.html. */
export function kindOf(url: string): Kind {
  const path = new URL(url).pathname;
  if (path.endsWith('/')) return 'html';
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) || 'other';
}

/**
 * The runtime worker's chunks (src/worker/worker.ts and what it imports, emitted by Vite as
 * assets/worker-*.js, vite.config.ts): its entry, the onnxruntime-web build it picks
 * (src/worker/ortBuild.ts; ortWeb.ts is the only module that imports onnxruntime-web) and the
 * hashing fallback.
 */
export function isRuntimeChunk(url: string): boolean {
  return /\/assets\/worker-[^/]+\.m?js$/.test(new URL(url).pathname);
}

/** JavaScript split into the app's own (the page's chunks, sw.js) and the worker chunk that carries onnxruntime-web. */
export function jsRole(url: string): 'app' | 'runtime' | undefined {
  if (kindOf(url) !== 'js') return undefined;
  return isRuntimeChunk(url) ? 'runtime' : 'app';
}

/**
 * The budget e2e/deploy/size.spec.ts holds the app's own JavaScript to, gzip -9 bytes: about 20%
 * over what it was when first set (`npm run size`, docs/results/first-visit.md); onnxruntime-web's
 * worker chunk is not in it. Raised from 120 000 when the manifest contract became a bounded zod
 * schema that refuses hostile sets by field (src/models/manifestSchema.ts, issue 18/21): the
 * page's JavaScript went from about 118 to 123.5 kB (index 108.2, shared chunk with zod and the
 * client 12.7, sw.js 2.6). Folding the research sections away until opened (issue 19) is where
 * it should come down again.
 */
export const APP_JS_GZIP_BUDGET = 125_000;

/** The URLs that leave the sub-path the app is served from (data: and blob: never reach a server). */
export function outsideBase(urls: readonly string[], baseURL: string): string[] {
  const base = new URL(baseURL);
  const prefix = base.origin + base.pathname.replace(/[^/]*$/, '');
  return urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith(prefix));
}

/** One file per path: the query and fragment do not change the file, a directory is its index.html. */
export function fileName(url: string, baseURL: string): string {
  const u = new URL(url);
  const base = new URL(baseURL);
  const dir = base.pathname.replace(/[^/]*$/, '');
  let path = u.origin === base.origin && u.pathname.startsWith(dir) ? u.pathname.slice(dir.length) : u.origin + u.pathname;
  if (path === '' || path.endsWith('/')) path += 'index.html';
  return path;
}

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** Bytes of `body` compressed with gzip -9. */
export function gzipSize(body: Uint8Array): number {
  return gzipSync(body, { level: 9 }).byteLength;
}

/** What a static host that compresses would send: gzip -9, and brotli at its maximum quality (11). */
export function compressedSizes(body: Uint8Array): Sizes {
  return {
    raw: body.byteLength,
    gzip: gzipSize(body),
    brotli: brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    }).byteLength,
  };
}

/** One response that came over the network, as recorded in the browser; `bytes` of body (0: not modified, a 304). */
export interface Fetch {
  url: string;
  by: Fetcher;
  bytes: number;
}

/** A response that came over the network; `bySw`: the service worker made the request. */
export interface NetworkFetch {
  url: string;
  bytes: number;
  bySw: boolean;
}

/**
 * Who needed each network download. A service worker's fetch that answered a request of the page
 * or its worker (one recorded as answered by the service worker, same URL, in order) was the
 * page's load passing through; the service worker's other fetches (its script, the offline copy)
 * are its own.
 */
export function attribute(network: readonly NetworkFetch[], answeredBySw: readonly string[]): Fetch[] {
  const owed = new Map<string, number>();
  for (const url of answeredBySw) owed.set(url, (owed.get(url) ?? 0) + 1);
  return network.map(({ url, bytes, bySw }) => {
    const n = owed.get(url) ?? 0;
    if (!bySw) return { url, bytes, by: 'page' };
    if (n > 0) {
      owed.set(url, n - 1);
      return { url, bytes, by: 'page' };
    }
    return { url, bytes, by: 'service worker' };
  });
}

export interface FileRow extends Sizes {
  file: string;
  kind: Kind;
  /** For JavaScript: the app's own, or the worker chunk with onnxruntime-web. */
  js?: 'app' | 'runtime';
  /** How many times each fetcher downloaded its body. */
  fetches: Record<Fetcher, number>;
  /** How many times a request for it came back without a body (not modified: the HTTP cache had it). */
  notModified: number;
}

/** Per-file rows (largest first) from the recorded fetches and each file's sizes. */
export function fileRows(fetches: readonly Fetch[], sizesOf: (url: string) => Sizes, baseURL: string): FileRow[] {
  const rows = new Map<string, FileRow>();
  for (const f of fetches) {
    const file = fileName(f.url, baseURL);
    let row = rows.get(file);
    if (!row) {
      row = { file, kind: kindOf(f.url), ...sizesOf(f.url), fetches: { page: 0, 'service worker': 0 }, notModified: 0 };
      const js = jsRole(f.url);
      if (js) row.js = js;
      rows.set(file, row);
    }
    // The servers neither compress nor send ranges: a body is the whole file.
    if (f.bytes > 0 || row.raw === 0) row.fetches[f.by]++;
    else row.notModified++;
  }
  return [...rows.values()].sort((a, b) => b.raw - a.raw || a.file.localeCompare(b.file));
}

const ZERO = (): Sizes => ({ raw: 0, gzip: 0, brotli: 0 });

function add(to: Sizes, s: Sizes, times = 1): void {
  to.raw += s.raw * times;
  to.gzip += s.gzip * times;
  to.brotli += s.brotli * times;
}

export interface Totals {
  /** Files the page and its worker loaded, each counted once per download. */
  page: Sizes & { files: number; downloads: number };
  /** The same, per kind. */
  pageByKind: Record<Kind, Sizes & { files: number }>;
  /** Every JavaScript file, once: the app's own, and the worker chunk with onnxruntime-web. */
  js: { app: Sizes & { files: string[] }; runtime: Sizes & { files: string[] } };
  /** Downloads by the service worker (its script, the offline copy), on the same visit. */
  serviceWorker: Sizes & { files: number; downloads: number };
  /** Everything that went over the network; `notModified`: requests answered without a body. */
  all: Sizes & { downloads: number; notModified: number };
}

export function totals(rows: readonly FileRow[]): Totals {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { ...ZERO(), files: 0 }])) as Totals['pageByKind'];
  const t: Totals = {
    page: { ...ZERO(), files: 0, downloads: 0 },
    pageByKind: byKind,
    js: { app: { ...ZERO(), files: [] }, runtime: { ...ZERO(), files: [] } },
    serviceWorker: { ...ZERO(), files: 0, downloads: 0 },
    all: { ...ZERO(), downloads: 0, notModified: 0 },
  };
  for (const r of rows) {
    const byPage = r.fetches.page;
    const bySw = r.fetches['service worker'];
    if (byPage > 0) {
      add(t.page, r, byPage);
      t.page.files++;
      t.page.downloads += byPage;
      add(byKind[r.kind], r, byPage);
      byKind[r.kind].files++;
    }
    if (r.js) {
      add(t.js[r.js], r);
      t.js[r.js].files.push(r.file);
    }
    if (bySw > 0) {
      add(t.serviceWorker, r, bySw);
      t.serviceWorker.files++;
      t.serviceWorker.downloads += bySw;
    }
    add(t.all, r, byPage + bySw);
    t.all.downloads += byPage + bySw;
    t.all.notModified += r.notModified;
  }
  return t;
}

/** The budgeted number: gzip bytes of the app's own JavaScript files (each once), without the onnxruntime-web worker chunk. */
export function appJsGzip(files: readonly { url: string; gzip: number }[]): number {
  const seen = new Set<string>();
  let sum = 0;
  for (const f of files) {
    const key = new URL(f.url).pathname;
    if (jsRole(f.url) !== 'app' || seen.has(key)) continue;
    seen.add(key);
    sum += f.gzip;
  }
  return sum;
}
