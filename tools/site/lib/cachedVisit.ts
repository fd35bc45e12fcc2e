// The pure part of `npm run visits` (tools/site/cached-visit.ts): from what a returning visit left in
// the page's and the runtime worker's performance timelines, where its time went until Generate
// was enabled; the sums over visits, and the report.
import { median } from '../../lib/cli';
import { markdownTable, type ServedRunInfo } from './firstVisitReport';

/** What the page's timeline says, in ms from the page's navigation start (its performance.timeOrigin). */
export interface PageTimeline {
  timeOrigin: number;
  /** performance.now() when the Generate button was first enabled (the init script's observer). */
  readyMs: number;
  navigation: { responseEnd: number; domInteractive: number; domContentLoadedEventEnd: number };
  resources: readonly { name: string; startTime: number; responseEnd: number }[];
}

/** The runtime worker's `tstitch:` marks and measures, in ms from its own timeOrigin. */
export interface WorkerTimeline {
  timeOrigin: number;
  entries: readonly { name: string; entryType: string; startTime: number; duration: number }[];
}

/** One step of the way to an enabled Generate: from the previous point to `end`, in ms from navigation start. */
export interface Segment {
  label: string;
  end: number;
  ms: number;
}

export interface Span {
  name: string;
  start: number;
  ms: number;
}

export interface VisitTimes {
  /** Navigation start to Generate enabled. */
  totalMs: number;
  /** Contiguous steps that add up to totalMs. */
  segments: Segment[];
  /** Every measured stage, on the page's clock (they may overlap). */
  spans: Span[];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The first resource whose path matches, as a span on the page's clock. */
function resourceSpan(page: PageTimeline, name: string, re: RegExp): Span | undefined {
  const r = page.resources.find((e) => re.test(new URL(e.name).pathname));
  // No responseEnd (0) when Chromium keeps no timing for it (a worker script served from its memory).
  return r && r.responseEnd >= r.startTime ? { name, start: round(r.startTime), ms: round(r.responseEnd - r.startTime) } : undefined;
}

const STAGE_LABELS: Record<string, string> = {
  probe: 'backend probed (WebGPU adapter asked for)',
  ort: 'onnxruntime-web module + wasm binary bytes ready',
  'warm-up:wasm': 'warm-up calls done',
  'warm-up:webgpu': 'warm-up calls done',
  load: "'loaded' posted by the worker",
};

function stageLabel(stage: string): string {
  if (STAGE_LABELS[stage]) return STAGE_LABELS[stage];
  if (stage.startsWith('bytes:')) return `${stage.slice(6)} read from the cache + sha256 checked`;
  if (stage.startsWith('session:')) return `${stage.slice(8)} session created`;
  return stage;
}

/**
 * Where one visit's time went. Points on the way (HTML parsed, app JS run, worker started, load
 * asked for, each worker stage's end, Generate enabled) in time order; each step is the time
 * from the point before it. Worker times move to the page's clock by the two timeOrigins.
 */
export function visitTimes(page: PageTimeline, worker: WorkerTimeline): VisitTimes {
  const shift = worker.timeOrigin - page.timeOrigin;
  const spans: Span[] = [
    { name: 'HTML received', start: 0, ms: round(page.navigation.responseEnd) },
    {
      name: 'HTML parsed',
      start: round(page.navigation.responseEnd),
      ms: round(page.navigation.domInteractive - page.navigation.responseEnd),
    },
    {
      name: 'app JS run (to DOMContentLoaded end)',
      start: round(page.navigation.domInteractive),
      ms: round(page.navigation.domContentLoadedEventEnd - page.navigation.domInteractive),
    },
  ];
  for (const [name, re] of [
    ['app JS fetched', /\/assets\/index-[^/]*\.js$/],
    ['manifest fetched', /\/models\/manifest\.json$/],
    ['worker script fetched', /\/assets\/worker-[\w-]+\.js$/],
  ] as const) {
    const s = resourceSpan(page, name, re);
    if (s) spans.push(s);
  }
  const points: { label: string; at: number }[] = [
    { label: 'HTML parsed', at: page.navigation.domInteractive },
    { label: 'app JS run (DOMContentLoaded)', at: page.navigation.domContentLoadedEventEnd },
    { label: 'runtime worker started', at: shift },
  ];
  for (const e of worker.entries) {
    if (!e.name.startsWith('tstitch:')) continue;
    const stage = e.name.slice('tstitch:'.length);
    const start = shift + e.startTime;
    if (e.entryType === 'mark') {
      if (stage === 'request:load') points.push({ label: 'load request received by the worker', at: start });
      continue;
    }
    spans.push({ name: stage, start: round(start), ms: round(e.duration) });
    // Per model warm-ups overlap (one queue): their sum is the warm-up stage's end.
    if (!/^(warm-up:.*@|open:)/.test(stage)) points.push({ label: stageLabel(stage), at: start + e.duration });
  }
  points.push({ label: 'Generate enabled (the page got loaded and rendered)', at: page.readyMs });
  points.sort((a, b) => a.at - b.at);
  let prev = 0;
  const segments = points.map((p) => {
    const s = { label: p.label, end: round(p.at), ms: round(p.at - prev) };
    prev = p.at;
    return s;
  });
  return { totalMs: round(page.readyMs), segments, spans };
}

export interface Stat {
  median: number;
  min: number;
  max: number;
}

export function stat(values: readonly number[]): Stat {
  return { median: round(median([...values])), min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

/** Per label (in the order of the first visit that has it), the stats over the visits that have it. */
export function statsBy<T>(
  visits: readonly T[][],
  key: (t: T) => string,
  value: (t: T) => number,
): { name: string; visits: number; stat: Stat }[] {
  const names: string[] = [];
  const values = new Map<string, number[]>();
  for (const items of visits) {
    for (const t of items) {
      const k = key(t);
      if (!values.has(k)) {
        names.push(k);
        values.set(k, []);
      }
      values.get(k)!.push(value(t));
    }
  }
  return names.map((name) => ({ name, visits: values.get(name)!.length, stat: stat(values.get(name)!) }));
}

export interface CachedVisitReport extends ServedRunInfo {
  models: string;
  backend: string;
  /** How the first visit went (downloads, then the offline copy); not counted. */
  firstVisit: { readyMs: number; offlineStatus: string };
  /** os.loadavg() (1, 5, 15 minutes) before the first visit and after the last. */
  loadAverage: { before: number[]; after: number[] };
  /** Responses not answered by the service worker during the timed visits, its own fetches included (network-first files). */
  networkRequests: string[];
  total: Stat;
  segments: { name: string; visits: number; stat: Stat }[];
  spans: { name: string; visits: number; stat: Stat }[];
  visits: (VisitTimes & { loadAverage1m: number })[];
  /** One-off timings in the runtime worker after the visits, to tell the stages' parts apart. */
  diagnostics?: Record<string, number | string>;
  consoleWarnings: string[];
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const statCells = (s: Stat) => [ms(s.median), ms(s.min), ms(s.max)];

export function cachedVisitMarkdown(r: CachedVisitReport): string {
  const la = (v: number[]) => v.map((x) => x.toFixed(2)).join(' / ');
  const lines = [
    '# Cached visit: time to an enabled Generate',
    '',
    `Command: \`${r.command}\``,
    '',
    `${r.date.slice(0, 10)}, revision ${r.revision}; ${r.browser}; page backend ${r.backend}; model set \`${r.models}\`; served by ${r.server}. ` +
      `Load average (1 / 5 / 15 min) before ${la(r.loadAverage.before)}, after ${la(r.loadAverage.after)}.`,
    '',
    `A first visit in a fresh profile (Generate enabled after ${ms(r.firstVisit.readyMs)}, then "${r.firstVisit.offlineStatus}") fills the caches; ` +
      `then ${r.visits.length} returning visits, each a new tab in the same profile navigating to the page, are timed from navigation start to the ` +
      'moment the Generate button is enabled (a MutationObserver in the page notes performance.now()).',
    '',
    `**Median ${ms(r.total.median)}** (min ${ms(r.total.min)}, max ${ms(r.total.max)}); each visit: ${r.visits.map((v) => ms(v.totalMs)).join(', ')}.`,
    '',
    '## Where the time goes (steps in time order; they add up to the total)',
    '',
    markdownTable(
      ['step: from the previous point until', 'visits', 'median', 'min', 'max'],
      r.segments.map((s) => [s.name, String(s.visits), ...statCells(s.stat)]),
    ),
    '',
    '## Every measured stage (durations; they may overlap)',
    '',
    'Worker stages are the `tstitch:` measures of src/worker/runtime.ts and openModels.ts; page stages come from its navigation and resource timing.',
    '',
    markdownTable(
      ['stage', 'visits', 'median', 'min', 'max'],
      r.spans.map((s) => [s.name, String(s.visits), ...statCells(s.stat)]),
    ),
    '',
  ];
  if (r.diagnostics) {
    lines.push(
      '## One-off timings in the runtime worker (after the visits)',
      '',
      markdownTable(
        ['what', 'value'],
        Object.entries(r.diagnostics).map(([k, v]) => [k, typeof v === 'number' ? ms(v) : v]),
      ),
      '',
    );
  }
  const counts = new Map<string, number>();
  for (const u of r.networkRequests) counts.set(u || './', (counts.get(u || './') ?? 0) + 1);
  const answered = [...counts].map(([u, n]) => `\`${u}\` ${n} times`).join(', ');
  lines.push(
    `Responses not answered by the service worker during the timed visits (its own network-first fetches included; no model or wasm file may be here): ${answered || 'none'}.`,
    '',
  );
  lines.push(`Console errors and warnings: ${r.consoleWarnings.length === 0 ? 'none' : ''}`, ...r.consoleWarnings.map((w) => `- ${w}`), '');
  return lines.join('\n');
}
