// The tables and the Markdown of `npm run size` (first-visit.ts), from the sums of firstVisit.ts;
// markdownTable and ServedRunInfo serve `npm run visits` (cachedVisit.ts) too.
import { APP_JS_GZIP_BUDGET, KINDS, type FileRow, type Sizes, type Totals } from './firstVisit';

/** 1234567 -> "1.23 MB" (decimal units, as the table's exact byte counts next to it). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(2)} MB`;
}

/** A Markdown table (also readable as plain text); columns after the first are right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const sizeCells = (s: Sizes) => [formatBytes(s.raw), formatBytes(s.gzip), formatBytes(s.brotli)];

/** The per-kind summary: what loading the page until it can generate transfers. */
export function kindTable(t: Totals): string {
  const rows = KINDS.filter((k) => t.pageByKind[k].files > 0).map((k) => [k, String(t.pageByKind[k].files), ...sizeCells(t.pageByKind[k])]);
  rows.push(['**total**', String(t.page.files), ...sizeCells(t.page).map((c) => `**${c}**`)]);
  return markdownTable(['kind', 'files', 'raw', 'gzip -9', 'brotli 11'], rows);
}

/** Every file, with who downloaded it how often. */
export function fileTable(rows: readonly FileRow[]): string {
  return markdownTable(
    ['file', 'kind', 'page', 'service worker', 'not modified', 'raw', 'gzip -9', 'brotli 11'],
    rows.map((r) => [
      `\`${r.file}\``,
      r.js ? `js (${r.js === 'runtime' ? 'worker + onnxruntime' : 'app'})` : r.kind,
      String(r.fetches.page),
      String(r.fetches['service worker']),
      String(r.notModified),
      ...sizeCells(r),
    ]),
  );
}

/** The app's own JavaScript against the worker chunk that carries onnxruntime-web, each file once. */
export function jsTable(t: Totals, budget = APP_JS_GZIP_BUDGET): string {
  const row = (label: string, s: Sizes & { files: string[] }) => [
    `${label}: ${s.files.map((f) => `\`${f}\``).join(', ') || '-'}`,
    ...sizeCells(s),
  ];
  return markdownTable(
    ['JavaScript (each file once)', 'raw', 'gzip -9', 'brotli 11'],
    [row(`the app's own (budget ${formatBytes(budget)} gzip)`, t.js.app), row('runtime worker, with onnxruntime-web', t.js.runtime)],
  );
}

/** Totals: the page and its worker, the service worker, everything. */
export function totalsTable(t: Totals): string {
  return markdownTable(
    ['downloaded by', 'files', 'downloads', 'raw', 'gzip -9', 'brotli 11'],
    [
      ['the page and its runtime worker', String(t.page.files), String(t.page.downloads), ...sizeCells(t.page)],
      [
        'the service worker (its script, the offline copy)',
        String(t.serviceWorker.files),
        String(t.serviceWorker.downloads),
        ...sizeCells(t.serviceWorker),
      ],
      ['**whole first visit**', '', String(t.all.downloads), ...sizeCells(t.all).map((c) => `**${c}**`)],
    ],
  );
}

/** What every report of a served build starts with (first-visit.ts, cached-visit.ts). */
export interface ServedRunInfo {
  tool: string;
  command: string;
  date: string;
  revision: string;
  browser: string;
  server: string;
}

/** What tools/site/first-visit.ts writes to docs/results/first-visit.json. */
export interface FirstVisitReport extends ServedRunInfo {
  wasmContentType: string;
  models: string;
  backend: string;
  onnxruntimeWeb: string;
  readySeconds: number;
  offlineStatus: string;
  requestsOutsideSubPath: string[];
  consoleWarnings: string[];
  compression: string;
  totals: Totals;
  files: FileRow[];
}

export function firstVisitMarkdown(r: FirstVisitReport, subPath: string): string {
  const t = r.totals;
  return [
    '# First visit: bytes transferred',
    '',
    `Command: \`${r.command}\``,
    '',
    `${r.date.slice(0, 10)}, revision ${r.revision}; ${r.browser}, page backend ${r.backend} (onnxruntime-web ${r.onnxruntimeWeb}); ` +
      `model set \`${r.models}\`; served by ${r.server}` +
      (r.wasmContentType === 'application/wasm' ? '.' : `; the .wasm sent as \`${r.wasmContentType}\`.`),
    '',
    `Every download of a first visit, from opening the page until it can generate (Generate enabled after ` +
      `${r.readySeconds} s here) and its service worker has stored the offline copy ("${r.offlineStatus}"), ` +
      `then 3 s without network activity. raw: what a host that does not compress sends; gzip -9 / brotli 11 ` +
      `(${r.compression}): what one that compresses every file at its strongest setting would send.`,
    '',
    '## Totals',
    '',
    totalsTable(t),
    '',
    ...(t.all.notModified > 0 ? [`Requests answered "not modified" (no body, from the HTTP cache): ${t.all.notModified}.`, ''] : []),
    '## The page and its runtime worker, per kind',
    '',
    kindTable(t),
    '',
    '## JavaScript',
    '',
    jsTable(t),
    '',
    '## Files',
    '',
    fileTable(r.files),
    '',
    `Requests outside /${subPath}/: ${r.requestsOutsideSubPath.length === 0 ? 'none' : r.requestsOutsideSubPath.join(', ')}.`,
    '',
    `Console errors and warnings: ${r.consoleWarnings.length === 0 ? 'none' : ''}`,
    ...r.consoleWarnings.map((w) => `- ${w.replace(/\s+/g, ' ').slice(0, 300)}`),
    '',
  ].join('\n');
}
