import { describe, expect, it } from 'vitest';
import { siteUrl } from '../../../testing/site';
import {
  auditItems,
  diagnostics,
  failingAudits,
  medianSummary,
  representativeRun,
  summarizeRun,
  targets,
  type AuditLike,
  type LhrLike,
  type LighthouseReport,
  type RunSummary,
} from './lighthouseReport';
import { lighthouseMarkdown } from './lighthouseMarkdown';

const BASE = siteUrl(5000);

const audit = (id: string, o: Partial<AuditLike> = {}): AuditLike => ({
  id,
  title: `title of ${id}`,
  score: 1,
  scoreDisplayMode: 'binary',
  ...o,
});

/** A small result in Lighthouse's shape: the metrics given, everything else passing. */
function lhr(
  o: { perf?: number; a11y?: number; fcp?: number; tti?: number; tbt?: number; cls?: number; audits?: AuditLike[] } = {},
): LhrLike {
  const audits: Record<string, AuditLike> = {};
  const add = (a: AuditLike) => (audits[a.id] = a);
  add(audit('first-contentful-paint', { scoreDisplayMode: 'numeric', numericValue: o.fcp ?? 1000, score: 0.95 }));
  add(audit('largest-contentful-paint', { scoreDisplayMode: 'numeric', numericValue: 2000 }));
  add(audit('total-blocking-time', { scoreDisplayMode: 'numeric', numericValue: o.tbt ?? 100 }));
  add(audit('cumulative-layout-shift', { scoreDisplayMode: 'numeric', numericValue: o.cls ?? 0 }));
  add(audit('speed-index', { scoreDisplayMode: 'numeric', numericValue: 1500 }));
  add(audit('interactive', { scoreDisplayMode: 'numeric', numericValue: o.tti ?? 3000 }));
  for (const a of o.audits ?? []) add(a);
  const refs = (ids: string[]) => ids.map((id) => ({ id, weight: id === 'total-blocking-time' ? 30 : id.startsWith('color') ? 7 : 0 }));
  return {
    lighthouseVersion: '12.2.3',
    configSettings: { formFactor: 'mobile', throttlingMethod: 'simulate' },
    environment: { benchmarkIndex: 1800 },
    categories: {
      performance: {
        score: o.perf ?? 0.91,
        auditRefs: refs(['first-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'unused-javascript', 'layout-shifts']),
      },
      accessibility: { score: o.a11y ?? 1, auditRefs: refs(['color-contrast']) },
      'best-practices': { score: 1, auditRefs: [] },
      seo: { score: 0.999, auditRefs: [] },
    },
    audits,
  };
}

describe('one run', () => {
  it('scores 0 to 100 and the five metrics', () => {
    const s = summarizeRun(lhr({ perf: 0.734, tbt: 497.5, cls: 0.081 }));
    expect(s.scores).toEqual({ performance: 73, accessibility: 100, 'best-practices': 100, seo: 100 });
    expect(s.metrics).toEqual({ FCP: 1000, LCP: 2000, TBT: 497.5, CLS: 0.081, SI: 1500 });
    expect(s.interactive).toBe(3000);
  });

  it('a category Lighthouse could not score is null, and a page that did not load is an error', () => {
    const r = lhr();
    r.categories.performance!.score = null;
    expect(summarizeRun(r).scores.performance).toBeNull();
    expect(() => summarizeRun({ ...lhr(), runtimeError: { code: 'NO_FCP', message: 'The page did not paint' } })).toThrow(
      /could not load the page: NO_FCP/,
    );
  });
});

describe('several runs', () => {
  const runs: RunSummary[] = [
    summarizeRun(lhr({ perf: 0.6, fcp: 3000, tti: 6000, tbt: 900 })),
    summarizeRun(lhr({ perf: 0.8, fcp: 2000, tti: 4100, tbt: 400 })),
    summarizeRun(lhr({ perf: 0.9, fcp: 1000, tti: 3000, tbt: 100 })),
  ];

  it('takes each median on its own', () => {
    const m = medianSummary(runs);
    expect(m.scores.performance).toBe(80);
    expect(m.metrics.TBT).toBe(400);
    expect(medianSummary(runs.slice(1)).scores.performance).toBe(85); // even count: the mean of the middle two
    expect(() => medianSummary([])).toThrow(/no Lighthouse runs/);
  });

  it('lists the audits of the run nearest the median FCP and TTI', () => {
    expect(representativeRun(runs)).toBe(1);
    expect(representativeRun([runs[2], runs[0], runs[1]])).toBe(2);
  });

  it("holds the mobile medians to the issue's targets", () => {
    expect(
      targets({
        scores: { performance: 90, accessibility: 100, 'best-practices': 100, seo: 100 },
        metrics: { FCP: 1, LCP: 1, TBT: 1, CLS: 0.02, SI: 1 },
      }).map((t) => t.pass),
    ).toEqual([true, true, true]);
    expect(
      targets({
        scores: { performance: 89, accessibility: 98, 'best-practices': 100, seo: 100 },
        metrics: { FCP: 1, LCP: 1, TBT: 1, CLS: 0.021, SI: 1 },
      }).map((t) => t.pass),
    ).toEqual([false, false, false]);
  });
});

describe('audits', () => {
  const contrast = audit('color-contrast', {
    score: 0,
    details: {
      type: 'table',
      items: [
        {
          node: {
            type: 'node',
            selector: 'span.role-small',
            nodeLabel: 'small',
            snippet: '<span class="role-small">',
            explanation: 'Fix any of the following:\n  Element has insufficient color contrast of 2.01',
          },
        },
      ],
    },
  });
  const unused = audit('unused-javascript', {
    score: 0,
    scoreDisplayMode: 'metricSavings',
    displayValue: 'Potential savings of 162 KiB',
    details: {
      type: 'opportunity',
      items: [{ url: `${BASE}assets/index-abc.js`, totalBytes: 312671, wastedBytes: 166045.4, wastedPercent: 53.1 }],
    },
  });
  const errored = audit('layout-shifts', {
    score: null,
    scoreDisplayMode: 'error',
    errorMessage: "Required RootCauses gatherer encountered an error: Cannot read properties of undefined (reading 'frame_sequence')",
  });
  const r = lhr({
    tbt: 600,
    audits: [
      contrast,
      unused,
      errored,
      audit('long-tasks', {
        scoreDisplayMode: 'informative',
        details: { type: 'table', items: [{ url: `${BASE}assets/m.js`, duration: 263, startTime: 3521.9 }] },
      }),
    ],
  });
  r.audits['total-blocking-time'] = { ...r.audits['total-blocking-time'], score: 0.58, displayValue: '600 ms' };

  it('fails scored audits under 0.9 and audits that errored, heaviest first per category; passing and informative ones are left out', () => {
    const f = failingAudits(r);
    expect(f.map((a) => [a.category, a.id])).toEqual([
      ['performance', 'total-blocking-time'],
      ['performance', 'unused-javascript'],
      ['performance', 'layout-shifts'],
      ['accessibility', 'color-contrast'],
    ]);
    expect(f.find((a) => a.id === 'layout-shifts')!.error).toMatch(/frame_sequence/);
  });

  it('names where the cost is: selectors, files, bytes, milliseconds', () => {
    expect(auditItems(contrast)).toEqual([
      {
        selector: 'span.role-small',
        nodeLabel: 'small',
        snippet: '<span class="role-small">',
        explanation: expect.stringContaining('2.01'),
      },
    ]);
    expect(auditItems(unused)).toEqual([
      { url: `${BASE}assets/index-abc.js`, totalBytes: 312671, wastedBytes: 166045.4, wastedPercent: 53.1 },
    ]);
    // A 'list' (the LCP element audit): its nested tables, rows of each.
    const lcp = audit('largest-contentful-paint-element', {
      details: {
        type: 'list',
        items: [
          { type: 'table', items: [{ node: { selector: 'main > h1' } }] },
          { type: 'table', items: [{ phase: 'TTFB', timing: 12.345, percent: '1%' }] },
        ],
      },
    });
    expect(auditItems(lcp)).toEqual([{ selector: 'main > h1' }, { phase: 'TTFB', timing: 12.35, percent: '1%' }]);
  });

  it('lists the diagnostics passing or not', () => {
    expect(diagnostics(r).map((d) => d.id)).toEqual(['long-tasks', 'unused-javascript', 'layout-shifts']);
  });

  it('writes the targets, the tables and the audits into the Markdown, errors once per message', () => {
    const run = summarizeRun(r);
    const report: LighthouseReport = {
      tool: 'lighthouse',
      date: '2026-12-02T01:00:00.000Z',
      commit: 'abc1234',
      command: 'npx vite build && npm run lighthouse',
      lighthouse: '12.2.3',
      chromium: 'Chromium 156',
      url: BASE,
      server: 'testing/serve.ts',
      compression: 'none',
      machine: { cpus: 2, cpu: 'EPYC', loadAverage1m: 3 },
      presets: {
        mobile: {
          settings: r.configSettings,
          benchmarkIndex: [1800],
          runs: [run],
          median: medianSummary([run]),
          representative: 0,
          failing: failingAudits(r),
          diagnostics: diagnostics(r),
        },
      },
      observedShifts: {
        mobile: {
          viewport: '412x823',
          cls: 0.05,
          shifts: [
            {
              value: 0.05,
              startTime: 812,
              hadRecentInput: false,
              sources: [{ selector: 'div.notice', previous: '0,100 412x0', current: '0,100 412x80' }],
            },
          ],
        },
      },
      targets: targets(medianSummary([run])),
    };
    const md = lighthouseMarkdown(report);
    expect(md).toContain('| mobile performance | >= 90 | 91 | pass |');
    expect(md).toContain('| mobile | 1 | 91 | 100 | 100 | 100 | 1.00 s | 2.00 s | 600 ms | 0.000 | 1.50 s |');
    expect(md).toContain('- **color-contrast** (title of color-contrast): score 0, weight 7');
    expect(md).toContain('  - `span.role-small` · Fix any of the following: Element has insufficient color contrast of 2.01');
    expect(md).toContain('  - assets/index-abc.js · wastedBytes 162.2 KiB · totalBytes 305.3 KiB');
    expect(md.match(/frame_sequence/g)).toHaveLength(1);
    expect(md).toContain("- layout-shifts: Cannot read properties of undefined (reading 'frame_sequence')");
    expect(md).toContain('  - `div.notice`: 0,100 412x0 -> 0,100 412x80');
  });
});
