import { describe, expect, it } from 'vitest';
import { siteUrl } from '../../../testing/site';
import {
  cachedVisitMarkdown,
  stat,
  statsBy,
  visitTimes,
  type CachedVisitReport,
  type PageTimeline,
  type WorkerTimeline,
} from './cachedVisit';

const base = siteUrl(1);
const page: PageTimeline = {
  timeOrigin: 1000,
  readyMs: 900,
  navigation: { responseEnd: 10, domInteractive: 30, domContentLoadedEventEnd: 80 },
  resources: [
    { name: `${base}assets/index-abc.js`, startTime: 12, responseEnd: 20 },
    { name: `${base}models/manifest.json?x=1`, startTime: 85, responseEnd: 95 },
    { name: `${base}assets/worker-xyz.js`, startTime: 60, responseEnd: 70 },
  ],
};
// The worker's clock starts 70 ms after the page's.
const worker: WorkerTimeline = {
  timeOrigin: 1070,
  entries: (
    [
      ['request:probe', 'mark', 20, 0],
      ['request:load', 'mark', 40, 0],
      ['probe', 'measure', 40, 5],
      ['open:wasm', 'measure', 45, 400],
      ['ort', 'measure', 45, 100],
      ['bytes:s.onnx', 'measure', 145, 20],
      ['session:s.onnx', 'measure', 165, 280],
      ['warm-up:small@2', 'measure', 445, 100],
      ['warm-up:large@2', 'measure', 445, 300],
      ['warm-up:wasm', 'measure', 445, 300],
      ['load', 'measure', 40, 710],
    ] as [string, string, number, number][]
  )
    .map(([name, entryType, startTime, duration]) => ({ name: `tstitch:${name}`, entryType, startTime, duration }))
    .concat([{ name: 'other', entryType: 'measure', startTime: 0, duration: 1 }]),
};

describe('visitTimes', () => {
  const v = visitTimes(page, worker);

  it('puts the worker stages on the page clock, in order, adding up to the total', () => {
    expect(v.totalMs).toBe(900);
    expect(v.segments.map((s) => [s.end, s.ms])).toEqual([
      [30, 30],
      [70, 40],
      [80, 10],
      [110, 30],
      [115, 5],
      [215, 100],
      [235, 20],
      [515, 280],
      [815, 300],
      [820, 5],
      [900, 80],
    ]);
    expect(v.segments.reduce((a, s) => a + s.ms, 0)).toBe(900);
    expect(v.segments[2].label).toMatch(/DOMContentLoaded/);
    expect(v.segments[3].label).toMatch(/load request/);
    expect(v.segments[7].label).toBe('s.onnx session created');
    expect(v.segments.at(-1)!.label).toMatch(/Generate enabled/);
  });

  it('keeps every stage as a span, page resources and overlapping warm-ups included', () => {
    const byName = Object.fromEntries(v.spans.map((s) => [s.name, s]));
    expect(byName['manifest fetched']).toEqual({ name: 'manifest fetched', start: 85, ms: 10 });
    expect(byName['worker script fetched'].ms).toBe(10);
    expect(byName['app JS fetched'].start).toBe(12);
    expect(byName['warm-up:small@2']).toEqual({ name: 'warm-up:small@2', start: 515, ms: 100 });
    expect(byName['open:wasm'].ms).toBe(400);
    expect(byName.other).toBeUndefined();
  });
});

describe('stats', () => {
  it('median, min and max', () => {
    expect(stat([3, 1, 2, 10])).toEqual({ median: 2.5, min: 1, max: 10 });
  });

  it('groups by name in first-seen order, counting the visits that have each', () => {
    const s = statsBy(
      [
        [
          { k: 'a', v: 1 },
          { k: 'b', v: 5 },
        ],
        [{ k: 'a', v: 3 }],
      ],
      (x) => x.k,
      (x) => x.v,
    );
    expect(s).toEqual([
      { name: 'a', visits: 2, stat: { median: 2, min: 1, max: 3 } },
      { name: 'b', visits: 1, stat: { median: 5, min: 5, max: 5 } },
    ]);
  });
});

describe('cachedVisitMarkdown', () => {
  it('puts the command next to the median and the breakdown', () => {
    const v = visitTimes(page, worker);
    const r: CachedVisitReport = {
      tool: 't',
      command: 'npx vite build && npm run visits',
      date: '2026-11-29T00:00:00Z',
      revision: 'abc',
      browser: 'Chromium 1',
      server: 's',
      models: 'models',
      backend: 'wasm',
      firstVisit: { readyMs: 4000, offlineStatus: 'Ready' },
      loadAverage: { before: [0.5, 1, 1], after: [0.7, 1, 1] },
      networkRequests: [],
      total: stat([v.totalMs]),
      segments: statsBy(
        [v.segments],
        (s) => s.label,
        (s) => s.ms,
      ),
      spans: statsBy(
        [v.spans],
        (s) => s.name,
        (s) => s.ms,
      ),
      visits: [{ ...v, loadAverage1m: 0.5 }],
      diagnostics: { 'x.wasm: compile': 1200 },
      consoleWarnings: [],
    };
    const md = cachedVisitMarkdown(r);
    expect(md).toContain('Command: `npx vite build && npm run visits`');
    expect(md).toContain('**Median 900 ms**');
    expect(md).toContain('| s.onnx session created');
    expect(md).toContain('1.20 s');
    expect(md).toContain('before 0.50 / 1.00 / 1.00');
  });
});
