// npm run eval:merge -- A.json B.json ... --out FILE.json
// Joins evaluation runs into one file (format 2), so a long evaluation can run as several
// processes, one core each, and new rows can join the committed ones. Refuses runs of other models
// or another classifier, and a row measured twice. Files of the first format are restated first.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareRows, parseEvaluation, type Evaluation, type EvaluationRow } from '../../src/models/evaluation';
import { log, runMain, sibling, writeText } from '../lib/cli';
import { markdown, plot } from './lib/evalReport';

/** What makes two rows the same measurement. */
function rowKey(r: EvaluationRow): string {
  return JSON.stringify([r.plan, r.sampler, r.steps, r.samples, r.guidance, r.eta ?? null, r.seed ?? null]);
}

export function mergeResults(parts: Evaluation[], command: string): Evaluation {
  if (parts.length < 1) throw new Error('give at least one evaluation JSON to merge');
  const first = parts[0];
  for (const p of parts.slice(1)) {
    for (const key of ['classifier'] as const) {
      if (JSON.stringify(p[key] ?? null) !== JSON.stringify(first[key] ?? null)) throw new Error(`cannot merge: "${key}" differs`);
    }
    // Every model a part ran must be the same file as in the first part (a medium model may be new),
    // or the later export of it that the first part's exportCheck showed to give the same results.
    type Model = { role: string; sha256: string };
    const same = [
      ...((first.models as Model[] | undefined) ?? []),
      ...((first.exportCheck as { shipped?: Model[] } | undefined)?.shipped ?? []),
    ];
    for (const m of (p.models as Model[] | undefined) ?? []) {
      const known = same.filter((o) => o.role === m.role);
      if (known.length > 0 && !known.some((o) => o.sha256 === m.sha256)) {
        throw new Error(`cannot merge: the ${m.role} model differs (sha256 ${known[0].sha256} vs ${m.sha256})`);
      }
    }
  }
  const models = new Map<string, unknown>();
  for (const p of parts) for (const m of (p.models as { role: string }[] | undefined) ?? []) if (!models.has(m.role)) models.set(m.role, m);

  const runs: Evaluation['runs'] = [];
  const rows: EvaluationRow[] = [];
  const seen = new Set<string>();
  for (const p of parts) {
    const offset = runs.length;
    runs.push(...p.runs);
    for (const r of p.rows) {
      const key = rowKey(r);
      if (seen.has(key)) throw new Error(`cannot merge: a row appears twice (${key})`);
      seen.add(key);
      rows.push({ ...r, run: (r.run ?? 0) + offset });
    }
  }
  rows.sort(compareRows);
  const references: Evaluation['references'] = [];
  for (const p of parts) for (const ref of p.references) if (!references.some((r) => r.samples === ref.samples)) references.push(ref);
  references.sort((a, b) => b.samples - a.samples);
  return {
    format: 2,
    tool: 'tools/research/merge-eval.ts',
    command,
    models: [...models.values()],
    classifier: first.classifier,
    // A check that the rows hold for a later export of the same checkpoints
    // (docs/measurements.md, "The lean export").
    ...(parts.find((p) => p.exportCheck) ? { exportCheck: parts.find((p) => p.exportCheck)!.exportCheck } : {}),
    references,
    runs,
    timing:
      runs.length > 1
        ? 'runs were made at different times, some two at a time on two cores: seconds per image compare across runs only roughly (use npm run bench for speed)'
        : undefined,
    rows,
  };
}

function main(): void {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { out: { type: 'string' } }, allowPositionals: true });
  if (!values.out) throw new Error('--out FILE.json is required');
  const parts = positionals.map((p) => parseEvaluation(JSON.parse(readFileSync(resolve(p), 'utf8')), p));
  const command = `npm run eval:merge --${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join('')}`;
  const merged = mergeResults(parts, command);
  const out = resolve(values.out);
  writeText(out, JSON.stringify(merged, null, 2) + '\n');
  writeText(sibling(out, '.md'), markdown(merged));
  writeText(sibling(out, '.svg'), plot(merged));
  log('eval:merge', `wrote ${out} (+ .md, .svg): ${merged.rows.length} rows from ${parts.length} files`);
}

// Tests import mergeResults: main runs only when this file is the command.
runMain('eval:merge', main, { module: import.meta });
