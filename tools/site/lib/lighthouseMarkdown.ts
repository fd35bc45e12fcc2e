// The Markdown of `npm run lighthouse` (tools/site/lighthouse.ts) from its report
// (lighthouseReport.ts).
import { CATEGORIES, METRICS, PRESETS, type AuditSummary, type Item, type LighthouseReport, type Metric } from './lighthouseReport';

const ms = (v: number | null) => (v === null ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`);
const metricText = (k: Metric, v: number | null) => (v === null ? 'n/a' : k === 'CLS' ? v.toFixed(3) : ms(v));
const scoreText = (v: number | null) => (v === null ? 'n/a' : String(v));

/** A URL as the report shows it: relative to the page (`base`), without its query (the models' ?sha256=...). */
const shortUrl = (url: string, base: string) => {
  const u = url.split('?')[0];
  return u.startsWith(base) ? u.slice(base.length) || './' : u;
};

function itemText(i: Item, base: string): string {
  const parts: string[] = [];
  if (i.selector) parts.push(`\`${i.selector}\``);
  if (i.nodeLabel && !i.selector) parts.push(`"${i.nodeLabel}"`);
  if (i.url) parts.push(shortUrl(String(i.url), base));
  if (i.source) parts.push(shortUrl(String(i.source), base));
  if (i.groupLabel) parts.push(String(i.groupLabel));
  if (i.phase) parts.push(String(i.phase));
  for (const k of ['duration', 'total', 'scripting', 'wastedMs', 'timing'] as const)
    if (typeof i[k] === 'number') parts.push(`${k} ${ms(i[k] as number)}`);
  for (const k of ['wastedBytes', 'totalBytes'] as const)
    if (typeof i[k] === 'number') parts.push(`${k} ${((i[k] as number) / 1024).toFixed(1)} KiB`);
  if (typeof i.score === 'number') parts.push(`shift ${i.score}`);
  if (i.explanation) parts.push(String(i.explanation).replace(/\s+/g, ' '));
  return parts.join(' · ');
}

function auditLines(
  a: Pick<AuditSummary, 'id' | 'title' | 'score' | 'displayValue' | 'error' | 'items'> & { weight?: number },
  base: string,
): string[] {
  const head = `- **${a.id}** (${a.title})${a.score !== null ? `: score ${a.score}` : ''}${a.displayValue ? `, ${a.displayValue}` : ''}${a.weight ? `, weight ${a.weight}` : ''}${a.error ? `: **error**: ${a.error}` : ''}`;
  return [head, ...a.items.map((i) => `  - ${itemText(i, base)}`)];
}

/** Audits that errored, one line per message (one failure of Lighthouse's often takes several audits down). */
function erroredLines(audits: readonly Pick<AuditSummary, 'id' | 'error'>[]): string[] {
  const byMessage = new Map<string, Set<string>>();
  for (const a of audits) {
    if (!a.error) continue;
    const message = a.error.replace(/^Required \w+ gatherer encountered an error: (Dependency "\w+" failed with exception: )?/, '');
    byMessage.set(message, (byMessage.get(message) ?? new Set()).add(a.id));
  }
  if (byMessage.size === 0) return [];
  return [
    '',
    'Audits Lighthouse could not compute (no score, not counted in the category):',
    '',
    ...[...byMessage].map(([m, ids]) => `- ${[...ids].join(', ')}: ${m}`),
  ];
}

export function lighthouseMarkdown(r: LighthouseReport): string {
  const lines: string[] = [
    '# Lighthouse: the built page, served from a sub-path',
    '',
    `Written by \`${r.command}\` (tools/site/lighthouse.ts) on ${r.date} at commit ${r.commit}: Lighthouse ${r.lighthouse}, ${r.chromium} (headless),`,
    `${r.url} served by ${r.server}; compression: ${r.compression}. Machine: ${r.machine.cpus} CPUs (${r.machine.cpu}), 1-minute load ${r.machine.loadAverage1m} at the start.`,
    'Scores and metrics are medians over the runs, each on its own; the audits listed are those of the run nearest the median FCP and TTI.',
    '',
    '## Targets (issue 19, mobile preset)',
    '',
    '| target | wanted | median | |',
    '|---|---|---|---|',
    ...r.targets.map(
      (t) =>
        `| ${t.what} | ${t.want} | ${t.got === null ? 'n/a' : t.what.includes('CLS') ? t.got.toFixed(3) : t.got} | ${t.pass ? 'pass' : '**fail**'} |`,
    ),
    '',
    '## Scores and metrics (medians)',
    '',
    `| preset | runs | ${CATEGORIES.join(' | ')} | ${Object.keys(METRICS).join(' | ')} |`,
    `|---|---|${CATEGORIES.map(() => '---').join('|')}|${Object.keys(METRICS)
      .map(() => '---')
      .join('|')}|`,
  ];
  for (const p of PRESETS) {
    const pr = r.presets[p];
    if (!pr) continue;
    lines.push(
      `| ${p} | ${pr.runs.length} | ${CATEGORIES.map((c) => scoreText(pr.median.scores[c])).join(' | ')} | ${(Object.keys(METRICS) as Metric[]).map((k) => metricText(k, pr.median.metrics[k])).join(' | ')} |`,
    );
  }
  for (const p of PRESETS) {
    const pr = r.presets[p];
    if (!pr) continue;
    const t = pr.settings.throttling;
    lines.push(
      '',
      `## ${p}`,
      '',
      `Form factor ${pr.settings.formFactor}, throttling ${pr.settings.throttlingMethod}${t ? ` (RTT ${t.rttMs} ms, ${t.throughputKbps} kbps, CPU slowdown ${t.cpuSlowdownMultiplier}x)` : ''}; Lighthouse's benchmark index of this machine per run: ${pr.benchmarkIndex.map((b) => (b === null ? 'n/a' : Math.round(b))).join(', ')}.`,
      '',
    );
    lines.push(
      `| run | ${CATEGORIES.join(' | ')} | ${Object.keys(METRICS).join(' | ')} |`,
      `|---|${CATEGORIES.map(() => '---').join('|')}|${Object.keys(METRICS)
        .map(() => '---')
        .join('|')}|`,
    );
    pr.runs.forEach((run, i) => {
      lines.push(
        `| ${i + 1}${i === pr.representative ? ' (audits below)' : ''} | ${CATEGORIES.map((c) => scoreText(run.scores[c])).join(' | ')} | ${(Object.keys(METRICS) as Metric[]).map((k) => metricText(k, run.metrics[k])).join(' | ')} |`,
      );
    });
    const base = r.url.split('?')[0];
    lines.push('', `### ${p}: failing audits (score under 0.9)`, '');
    const failing = pr.failing.filter((a) => !a.error);
    if (failing.length === 0) lines.push('None.');
    for (const c of CATEGORIES) {
      const list = failing.filter((a) => a.category === c);
      if (list.length > 0) lines.push(`${c}:`, '', ...list.flatMap((a) => auditLines(a, base)), '');
    }
    lines.push(...erroredLines([...pr.failing, ...pr.diagnostics]));
    lines.push(
      '',
      `### ${p}: where the time goes (diagnostics, passing or not)`,
      '',
      ...pr.diagnostics.filter((a) => !a.error).flatMap((a) => auditLines(a, base)),
    );
    const warnings = [...new Set(pr.runs.flatMap((run) => run.warnings))];
    if (warnings.length > 0) lines.push('', `Lighthouse's warnings: ${warnings.join('; ')}`);
  }
  for (const p of PRESETS) {
    const o = r.observedShifts?.[p];
    if (!o) continue;
    lines.push(
      '',
      `## ${p}: layout shifts seen by the page (Layout Instability API)`,
      '',
      `One more visit at the ${p} preset's screen (${o.viewport}), no throttling, a PerformanceObserver registered before the page's scripts, until the first run was done: ` +
        `${o.shifts.length} shift${o.shifts.length === 1 ? '' : 's'}, sum ${o.cls.toFixed(3)} without recent input.`,
      '',
    );
    for (const s of o.shifts) {
      lines.push(`- ${s.value.toFixed(4)} at ${Math.round(s.startTime)} ms${s.hadRecentInput ? ' (after input: not counted)' : ''}`);
      for (const src of s.sources) lines.push(`  - \`${src.selector}\`: ${src.previous} -> ${src.current}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
