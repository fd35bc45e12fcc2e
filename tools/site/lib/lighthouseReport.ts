// The pure part of `npm run lighthouse` (tools/site/lighthouse.ts): what each Lighthouse run scored
// and measured, the median over the runs, the audits that fail and what they name (selectors,
// files, milliseconds, bytes) and the targets; its Markdown is lighthouseMarkdown.ts. Reads Lighthouse's result
// (LHR) through the few fields below, so the tests can hand it small made-up results.

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The five metrics the report shows, by Lighthouse audit id; all in ms but CLS (unitless). */
export const METRICS = {
  FCP: 'first-contentful-paint',
  LCP: 'largest-contentful-paint',
  TBT: 'total-blocking-time',
  CLS: 'cumulative-layout-shift',
  SI: 'speed-index',
} as const;
export type Metric = keyof typeof METRICS;

export const PRESETS = ['mobile', 'desktop'] as const;
export type Preset = (typeof PRESETS)[number];

/** Audits listed for what they cost even when they pass: where the time and the bytes go. */
export const DIAGNOSTICS = [
  'long-tasks',
  'bootup-time',
  'mainthread-work-breakdown',
  'unused-javascript',
  'layout-shifts',
  'largest-contentful-paint-element',
  'render-blocking-resources',
] as const;

/** A failing audit lists at most this many items (largest first, as Lighthouse sorts them). */
const MAX_ITEMS = 8;

export interface AuditLike {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
  numericValue?: number;
  errorMessage?: string;
  details?: { type?: string; items?: unknown[] };
}

export interface LhrLike {
  lighthouseVersion: string;
  finalDisplayedUrl?: string;
  environment?: { hostUserAgent?: string; benchmarkIndex?: number };
  configSettings: {
    formFactor?: string;
    throttlingMethod?: string;
    throttling?: Record<string, number>;
    screenEmulation?: Record<string, unknown>;
  };
  categories: Partial<Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>>;
  audits: Record<string, AuditLike>;
  runWarnings?: string[];
  runtimeError?: { code: string; message: string };
}

export interface RunSummary {
  /** 0 to 100, as Lighthouse shows them; null when the category could not be scored. */
  scores: Record<Category, number | null>;
  metrics: Record<Metric, number | null>;
  /** Lighthouse's 'interactive' (ms): with FCP, what picks the median run. */
  interactive: number | null;
  warnings: string[];
}

export function summarizeRun(lhr: LhrLike): RunSummary {
  if (lhr.runtimeError) throw new Error(`Lighthouse could not load the page: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const score = (c: Category) => {
    const s = lhr.categories[c]?.score;
    return typeof s === 'number' ? Math.round(s * 100) : null;
  };
  const value = (id: string) => (typeof lhr.audits[id]?.numericValue === 'number' ? lhr.audits[id].numericValue! : null);
  return {
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, score(c)])) as RunSummary['scores'],
    metrics: Object.fromEntries(Object.entries(METRICS).map(([k, id]) => [k, value(id)])) as RunSummary['metrics'],
    interactive: value('interactive'),
    warnings: lhr.runWarnings ?? [],
  };
}

function medianOf(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/** Each score and each metric's median over the runs, on its own (so they may come from different runs). */
export function medianSummary(runs: readonly RunSummary[]): Pick<RunSummary, 'scores' | 'metrics'> {
  if (runs.length === 0) throw new Error('no Lighthouse runs to take the median of');
  return {
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, medianOf(runs.map((r) => r.scores[c]))])) as RunSummary['scores'],
    metrics: Object.fromEntries(
      Object.keys(METRICS).map((k) => [k, medianOf(runs.map((r) => r.metrics[k as Metric]))]),
    ) as RunSummary['metrics'],
  };
}

/**
 * The run whose audits the report lists: the one nearest the median FCP and the median time to
 * interactive (Lighthouse's own rule, core/lib/median-run.js), the first of equals.
 */
export function representativeRun(runs: readonly RunSummary[]): number {
  const fcp = medianOf(runs.map((r) => r.metrics.FCP)) ?? 0;
  const tti = medianOf(runs.map((r) => r.interactive)) ?? 0;
  let best = 0;
  let bestD = Infinity;
  runs.forEach((r, i) => {
    const d = Math.hypot((r.metrics.FCP ?? Infinity) - fcp, (r.interactive ?? Infinity) - tti);
    if (d < bestD) [best, bestD] = [i, d];
  });
  return best;
}

/** One row of an audit's details, flattened to the fields that say where the cost is. */
export type Item = Record<string, string | number>;

const ITEM_KEYS = [
  'url',
  'source',
  'groupLabel',
  'label',
  'phase',
  'duration',
  'startTime',
  'total',
  'scripting',
  'scriptParseCompile',
  'totalBytes',
  'wastedBytes',
  'wastedMs',
  'wastedPercent',
  'score',
  'timing',
  'percent',
] as const;
const NODE_KEYS = ['selector', 'nodeLabel', 'snippet', 'explanation'] as const;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function flattenItem(raw: unknown): Item {
  const item = raw as Record<string, unknown>;
  const out: Item = {};
  for (const k of ITEM_KEYS) {
    const v = item[k];
    if (typeof v === 'number') out[k] = Math.round(v * 100) / 100;
    else if (typeof v === 'string') out[k] = clip(v, 160);
    else if (v && typeof v === 'object' && 'url' in v && typeof (v as { url: unknown }).url === 'string')
      out[k] = clip((v as { url: string }).url, 160);
  }
  const node = (item.node ?? (item.type === 'node' ? item : undefined)) as Record<string, unknown> | undefined;
  for (const k of NODE_KEYS) if (node && typeof node[k] === 'string') out[k] = clip(node[k] as string, k === 'explanation' ? 300 : 160);
  return out;
}

/** An audit's rows, the nested tables of a 'list' (e.g. the LCP element and its phases) included. */
export function auditItems(audit: AuditLike, max = MAX_ITEMS): Item[] {
  const d = audit.details;
  if (!d?.items) return [];
  const rows = d.type === 'list' ? d.items.flatMap((t) => (t as { items?: unknown[] }).items ?? []) : d.items;
  return rows
    .slice(0, max)
    .map(flattenItem)
    .filter((i) => Object.keys(i).length > 0);
}

export interface AuditSummary {
  id: string;
  title: string;
  category: Category;
  /** 0 to 1; null for an audit that errored. */
  score: number | null;
  /** The audit's weight in its category's score (0: a diagnostic that does not count). */
  weight: number;
  displayValue?: string;
  error?: string;
  items: Item[];
}

/** Scored audits below 0.9 (Lighthouse's pass mark) and audits that errored, per category, heaviest first. */
export function failingAudits(lhr: LhrLike): AuditSummary[] {
  const out: AuditSummary[] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a) continue;
      const errored = a.scoreDisplayMode === 'error';
      const failing = a.score !== null && a.score < 0.9 && ['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode);
      if (!errored && !failing) continue;
      out.push({
        id: a.id,
        title: a.title,
        category,
        score: a.score,
        weight: ref.weight,
        ...(a.displayValue ? { displayValue: a.displayValue } : {}),
        ...(errored ? { error: clip(a.errorMessage ?? 'error', 300) } : {}),
        items: auditItems(a),
      });
    }
  }
  return out.sort(
    (a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || b.weight - a.weight || (a.score ?? 1) - (b.score ?? 1),
  );
}

/** The DIAGNOSTICS audits as they came out, passing or not. */
export function diagnostics(lhr: LhrLike): Omit<AuditSummary, 'category' | 'weight'>[] {
  return DIAGNOSTICS.flatMap((id) => {
    const a = lhr.audits[id];
    if (!a) return [];
    return [
      {
        id,
        title: a.title,
        score: a.score,
        ...(a.displayValue ? { displayValue: a.displayValue } : {}),
        ...(a.scoreDisplayMode === 'error' ? { error: clip(a.errorMessage ?? 'error', 300) } : {}),
        items: auditItems(a),
      },
    ];
  });
}

export interface Target {
  what: string;
  want: string;
  got: number | null;
  pass: boolean;
}

/** Issue 19's targets, on the mobile preset's medians. */
export function targets(mobile: Pick<RunSummary, 'scores' | 'metrics'>): Target[] {
  const perf = mobile.scores.performance;
  const cls = mobile.metrics.CLS;
  const a11y = mobile.scores.accessibility;
  return [
    { what: 'mobile performance', want: '>= 90', got: perf, pass: perf !== null && perf >= 90 },
    { what: 'mobile CLS', want: '<= 0.02', got: cls, pass: cls !== null && cls <= 0.02 },
    { what: 'mobile accessibility', want: '= 100', got: a11y, pass: a11y === 100 },
  ];
}

/** Layout shifts as the page's own Layout Instability API saw them (lighthouse.ts records them). */
export interface ObservedShift {
  value: number;
  startTime: number;
  hadRecentInput: boolean;
  sources: { selector: string; previous: string; current: string }[];
}

export interface ObservedVisit {
  viewport: string;
  /** Sum of the shifts without recent input (the page's whole visit, not Lighthouse's session windows). */
  cls: number;
  shifts: ObservedShift[];
}

export interface PresetReport {
  settings: {
    formFactor?: string;
    throttlingMethod?: string;
    throttling?: Record<string, number>;
    screenEmulation?: Record<string, unknown>;
  };
  benchmarkIndex: (number | null)[];
  runs: RunSummary[];
  median: Pick<RunSummary, 'scores' | 'metrics'>;
  /** Index into runs: whose audits follow. */
  representative: number;
  failing: AuditSummary[];
  diagnostics: Omit<AuditSummary, 'category' | 'weight'>[];
}

export interface LighthouseReport {
  tool: 'lighthouse';
  date: string;
  commit: string;
  command: string;
  lighthouse: string;
  chromium: string;
  url: string;
  server: string;
  /** What compressed the responses, or 'none'. */
  compression: string;
  machine: Record<string, unknown>;
  presets: Partial<Record<Preset, PresetReport>>;
  /** Per preset, the layout shifts of one more visit at its screen size, from the page's PerformanceObserver. */
  observedShifts?: Partial<Record<Preset, ObservedVisit>>;
  targets: Target[];
}
