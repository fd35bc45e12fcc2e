// npm run eval:merge -- A.json B.json ... --out FILE.json
// Joins evaluation runs over disjoint fractions into one result (rows sorted by r), so a long
// evaluation can run as several processes, one core each. Refuses runs whose settings differ.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { log, sibling, writeText } from './lib/cli';
import { markdown, plot, type Result, type Row } from './lib/evalReport';

/** Settings that must be equal for rows of two runs to sit in one table. */
const SAME = ['samples', 'steps', 'sampler', 'eta', 'guidance', 'seed', 'batch', 'backend', 'threads', 'models', 'classifier'] as const;

export function mergeResults(parts: Result[], command: string): Result {
  if (parts.length < 1) throw new Error('give at least one evaluation JSON to merge');
  const first = parts[0].config;
  for (const p of parts.slice(1)) {
    for (const key of SAME) {
      if (JSON.stringify(p.config[key]) !== JSON.stringify(first[key])) {
        throw new Error(`cannot merge: "${key}" differs (${JSON.stringify(first[key])} vs ${JSON.stringify(p.config[key])})`);
      }
    }
  }
  const rows: Row[] = parts.flatMap((p) => p.rows).sort((a, b) => a.fraction - b.fraction);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].fraction === rows[i - 1].fraction) throw new Error(`cannot merge: fraction ${rows[i].fraction} appears twice`);
  }
  const base = rows.find((r) => r.fraction === 0);
  for (const r of rows) r.speedup = base ? base.secondsPerImage / r.secondsPerImage : null;
  return {
    config: {
      ...first,
      command,
      fractions: rows.map((r) => r.fraction),
      parts: parts.map((p) => ({ command: p.config.command, fractions: p.rows.map((r) => r.fraction), wallSeconds: p.config.wallSeconds, date: p.config.date })),
      timing: parts.length > 1 ? 'parts ran at the same time, each in its own process: seconds per image compare across parts only roughly (use npm run bench for speed)' : undefined,
    },
    reference: parts.find((p) => p.reference)?.reference ?? null,
    rows,
  };
}

function main(): void {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { out: { type: 'string' } }, allowPositionals: true });
  if (!values.out) throw new Error('--out FILE.json is required');
  const parts = positionals.map((p) => JSON.parse(readFileSync(resolve(p), 'utf8')) as Result);
  const command = `npm run eval:merge --${process.argv.slice(2).map((a) => ` ${a}`).join('')}`;
  const merged = mergeResults(parts, command);
  const out = resolve(values.out);
  writeText(out, JSON.stringify(merged, null, 2) + '\n');
  writeText(sibling(out, '.md'), markdown(merged));
  writeText(sibling(out, '.svg'), plot(merged));
  log('eval:merge', `wrote ${out} (+ .md, .svg): ${merged.rows.length} fractions from ${parts.length} runs`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'merge-eval.ts')) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`[eval:merge] ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
