import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SUB_PATH, siteUrl } from '../../../testing/site';
import {
  appJsGzip,
  attribute,
  compressedSizes,
  fileName,
  fileRows,
  isRuntimeChunk,
  jsRole,
  kindOf,
  outsideBase,
  totals,
  type Sizes,
} from './firstVisit';
import { fileTable, firstVisitMarkdown, formatBytes, kindTable, markdownTable, type FirstVisitReport } from './firstVisitReport';

const BASE = siteUrl(4174);
const at = (path: string) => BASE + path;

describe('kinds and roles', () => {
  it('classifies by extension; a directory is its index.html; the query does not matter', () => {
    expect(kindOf(BASE)).toBe('html');
    expect(kindOf(`${BASE}?models=fixtures`)).toBe('html');
    expect(kindOf(at('index.html'))).toBe('html');
    expect(kindOf(at('assets/index-C5HudPxn.js'))).toBe('js');
    expect(kindOf(at('assets/x.mjs'))).toBe('js');
    expect(kindOf(at('assets/index-BzzHHyQE.css'))).toBe('css');
    expect(kindOf(at('assets/ort-wasm-simd-threaded.jsep-MDYUKy93.wasm'))).toBe('wasm');
    expect(kindOf(at('models/dit-l4.onnx'))).toBe('onnx');
    expect(kindOf(at('models/manifest.json?v=1'))).toBe('json');
    expect(kindOf(at('models/evaluation.svg'))).toBe('other');
    expect(kindOf(at('LICENSE'))).toBe('other');
  });

  it('tells the worker chunk with onnxruntime-web from the app’s own JavaScript', () => {
    expect(isRuntimeChunk(at('assets/worker-aDWN5fJu.js'))).toBe(true);
    expect(isRuntimeChunk(at('assets/index-C5HudPxn.js'))).toBe(false);
    expect(isRuntimeChunk(at('worker-aDWN5fJu.js'))).toBe(false); // only Vite's assets/ output
    expect(jsRole(at('assets/worker-aDWN5fJu.js'))).toBe('runtime');
    expect(jsRole(at('assets/manifest-BlKYRiKr.js'))).toBe('app');
    expect(jsRole(at('sw.js'))).toBe('app');
    expect(jsRole(at('assets/index-BzzHHyQE.css'))).toBeUndefined();
  });
});

describe('paths', () => {
  it('lists what leaves the sub-path, ignoring data: and blob:', () => {
    const urls = [
      BASE,
      at('assets/a.js'),
      'data:,',
      'blob:http://127.0.0.1:4174/abc',
      'http://127.0.0.1:4174/some/nested/other.js',
      'http://127.0.0.1:4174/favicon.ico',
      'https://cdn.example/ort.wasm',
      `${siteUrl(4175)}a.js`,
    ];
    expect(outsideBase(urls, BASE)).toEqual([
      'http://127.0.0.1:4174/some/nested/other.js',
      'http://127.0.0.1:4174/favicon.ico',
      'https://cdn.example/ort.wasm',
      `${siteUrl(4175)}a.js`,
    ]);
    // A base given as a page inside the directory means that directory.
    expect(outsideBase([at('a.js')], at('index.html'))).toEqual([]);
  });

  it('names files relative to the sub-path, one name per file', () => {
    expect(fileName(BASE, BASE)).toBe('index.html');
    expect(fileName(`${BASE}?models=fixtures`, BASE)).toBe('index.html');
    expect(fileName(at('assets/a.js#x'), BASE)).toBe('assets/a.js');
    expect(fileName(at('fixtures/'), BASE)).toBe('fixtures/index.html');
    expect(fileName('https://cdn.example/ort.wasm', BASE)).toBe('https://cdn.example/ort.wasm');
  });
});

describe('compressedSizes', () => {
  it('gives the raw length and what gzip -9 and brotli make of it', () => {
    const body = new TextEncoder().encode('the same line again\n'.repeat(500));
    const s = compressedSizes(body);
    expect(s.raw).toBe(body.byteLength);
    expect(s.gzip).toBeLessThan(s.raw / 10);
    expect(s.brotli).toBeLessThan(s.raw / 10);
    expect(s.gzip).toBe(gzipSync(body, { level: 9 }).byteLength);
  });

  it('counts what an incompressible body costs: about its own size, a little more', () => {
    // 10 kB from xorshift32: no repeats for deflate or brotli to find.
    let x = 0x9e3779b9;
    const body = Uint8Array.from({ length: 10_000 }, () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 24;
    });
    const s = compressedSizes(body);
    expect(s.raw).toBe(10_000);
    expect(s.gzip).toBeGreaterThanOrEqual(s.raw); // stored blocks: the bytes, a header, a trailer
    expect(s.gzip).toBeLessThan(s.raw + 100);
    expect(s.brotli).toBeGreaterThanOrEqual(s.raw);
    expect(s.brotli).toBeLessThan(s.raw + 100);
  });

  it("handles an empty body: gzip's frame alone", () => {
    const s = compressedSizes(new Uint8Array(0));
    expect(s.raw).toBe(0);
    // RFC 1952: a 10-byte header, deflate's empty final block (2 bytes), CRC-32 and length (8).
    expect(s.gzip).toBe(20);
    expect(s.brotli).toBe(1); // one byte: the last, empty meta-block
  });
});

describe('attribute', () => {
  it('gives a service worker fetch that answered the page to the page, the rest to the service worker', () => {
    const wasm = at('assets/ort.wasm');
    const network = [
      { url: at('index.html'), bytes: 965, bySw: false },
      { url: at('sw.js'), bytes: 3209, bySw: true }, // its script
      { url: wasm, bytes: 100, bySw: true }, // passing the runtime worker's request through
      { url: wasm, bytes: 100, bySw: true }, // the offline copy
      { url: at('index.html'), bytes: 0, bySw: true }, // the offline copy, not modified
    ];
    expect(attribute(network, [wasm]).map((f) => f.by)).toEqual(['page', 'service worker', 'page', 'service worker', 'service worker']);
    expect(attribute(network, []).filter((f) => f.by === 'page')).toHaveLength(1);
  });
});

describe('rows and totals', () => {
  const SIZES: Record<string, Sizes> = {
    'index.html': { raw: 1000, gzip: 500, brotli: 400 },
    'assets/index-a.js': { raw: 300_000, gzip: 90_000, brotli: 80_000 },
    'assets/manifest-b.js': { raw: 7000, gzip: 3000, brotli: 2500 },
    'assets/worker-c.js': { raw: 420_000, gzip: 115_000, brotli: 97_000 },
    'assets/ort.wasm': { raw: 28_000_000, gzip: 6_600_000, brotli: 3_900_000 },
    'models/dit-s4.onnx': { raw: 1_300_000, gzip: 750_000, brotli: 630_000 },
    'models/manifest.json': { raw: 2700, gzip: 1000, brotli: 900 },
    'sw.js': { raw: 3200, gzip: 1300, brotli: 1100 },
  };
  const sizesOf = (url: string) => SIZES[fileName(url, BASE)];
  const fetches = [
    { url: `${BASE}?models=models`, by: 'page', bytes: 1000 },
    { url: at('assets/index-a.js'), by: 'page', bytes: 300_000 },
    { url: at('assets/manifest-b.js'), by: 'page', bytes: 7000 },
    { url: at('sw.js'), by: 'service worker', bytes: 3200 },
    { url: at('models/manifest.json'), by: 'page', bytes: 2700 },
    { url: at('assets/worker-c.js'), by: 'page', bytes: 420_000 },
    { url: at('assets/ort.wasm'), by: 'page', bytes: 28_000_000 },
    { url: at('models/dit-s4.onnx'), by: 'page', bytes: 1_300_000 },
    { url: BASE, by: 'service worker', bytes: 1000 },
    { url: at('assets/ort.wasm'), by: 'service worker', bytes: 28_000_000 },
    { url: at('models/manifest.json'), by: 'service worker', bytes: 0 }, // 304
  ] as const;
  const rows = fileRows(fetches, sizesOf, BASE);
  const t = totals(rows);

  it('has one row per file, largest first, counting downloads per fetcher and the bodiless answers', () => {
    expect(rows.map((r) => r.file)).toEqual([
      'assets/ort.wasm',
      'models/dit-s4.onnx',
      'assets/worker-c.js',
      'assets/index-a.js',
      'assets/manifest-b.js',
      'sw.js',
      'models/manifest.json',
      'index.html',
    ]);
    const wasm = rows[0];
    expect(wasm.fetches).toEqual({ page: 1, 'service worker': 1 });
    expect(wasm.kind).toBe('wasm');
    expect(rows.find((r) => r.file === 'index.html')!.fetches).toEqual({ page: 1, 'service worker': 1 });
    const manifest = rows.find((r) => r.file === 'models/manifest.json')!;
    expect(manifest.fetches).toEqual({ page: 1, 'service worker': 0 });
    expect(manifest.notModified).toBe(1);
    expect(rows.find((r) => r.file === 'assets/worker-c.js')!.js).toBe('runtime');
  });

  it('sums the page’s downloads, per kind, the service worker’s, and all', () => {
    expect(t.page.files).toBe(7);
    expect(t.page.downloads).toBe(7);
    expect(t.page.raw).toBe(1000 + 300_000 + 7000 + 2700 + 420_000 + 28_000_000 + 1_300_000);
    expect(t.pageByKind.js).toEqual({ raw: 727_000, gzip: 208_000, brotli: 179_500, files: 3 });
    expect(t.pageByKind.wasm.gzip).toBe(6_600_000);
    expect(t.pageByKind.other.files).toBe(0);
    const kinds = Object.values(t.pageByKind);
    expect(kinds.reduce((a, k) => a + k.brotli, 0)).toBe(t.page.brotli);
    expect(t.serviceWorker).toEqual({
      raw: 3200 + 1000 + 28_000_000,
      gzip: 1300 + 500 + 6_600_000,
      brotli: 1100 + 400 + 3_900_000,
      files: 3,
      downloads: 3,
    });
    expect(t.all.downloads).toBe(10);
    expect(t.all.notModified).toBe(1);
    expect(t.all.raw).toBe(t.page.raw + t.serviceWorker.raw);
  });

  it('keeps the app’s own JavaScript (sw.js included) apart from the onnxruntime-web worker chunk', () => {
    expect(t.js.app.files).toEqual(['assets/index-a.js', 'assets/manifest-b.js', 'sw.js']);
    expect(t.js.app.gzip).toBe(90_000 + 3000 + 1300);
    expect(t.js.runtime.files).toEqual(['assets/worker-c.js']);
    expect(t.js.runtime.gzip).toBe(115_000);
  });

  it('appJsGzip, the budgeted number, agrees with the totals and counts each file once', () => {
    const responses = fetches.map((f) => ({ url: f.url, gzip: sizesOf(f.url).gzip }));
    expect(appJsGzip(responses)).toBe(t.js.app.gzip);
    expect(appJsGzip([...responses, { url: `${at('assets/index-a.js')}?again`, gzip: 90_000 }])).toBe(t.js.app.gzip);
    expect(appJsGzip([{ url: at('assets/worker-c.js'), gzip: 1 }])).toBe(0);
  });

  it('formats tables with every file and the totals', () => {
    expect(kindTable(t)).toContain('| wasm ');
    expect(kindTable(t)).not.toContain('| other ');
    expect(kindTable(t).split('\n').at(-1)).toContain(`**${formatBytes(t.page.gzip)}**`);
    const table = fileTable(rows);
    for (const r of rows) expect(table).toContain(`\`${r.file}\``);
    expect(table).toContain('js (worker + onnxruntime)');
    const report: FirstVisitReport = {
      tool: 'tools/site/first-visit.ts',
      command: 'npx vite build && npm run size',
      date: '2026-01-02T03:04:05Z',
      revision: 'abc',
      browser: 'Chromium',
      server: 'e2e',
      wasmContentType: 'application/wasm',
      models: 'models',
      backend: 'wasm',
      onnxruntimeWeb: '1.30.0',
      readySeconds: 9.5,
      offlineStatus: 'Offline copy: Ready',
      requestsOutsideSubPath: [],
      consoleWarnings: [],
      compression: 'zlib',
      totals: t,
      files: rows,
    };
    const md = firstVisitMarkdown(report, SUB_PATH);
    expect(md).toContain('Command: `npx vite build && npm run size`');
    expect(md).toContain(`Requests outside /${SUB_PATH}/: none.`);
    expect(md).toContain('Requests answered "not modified"');
    expect(md).toContain(formatBytes(t.all.brotli));
  });
});

describe('formatting', () => {
  it('formats bytes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(98_420)).toBe('98.4 kB');
    expect(formatBytes(28_312_028)).toBe('28.31 MB');
  });

  it('pads Markdown tables into aligned columns', () => {
    expect(
      markdownTable(
        ['a', 'bytes'],
        [
          ['x', '1'],
          ['long', '22'],
        ],
      ),
    ).toBe(['| a    | bytes |', '|------|------:|', '| x    |     1 |', '| long |    22 |'].join('\n'));
  });
});
