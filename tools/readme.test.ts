// tools/README.md has one row per npm script, and only those: a script added without a row (or
// a row left behind by a removed script) fails here, so the table stays the list to read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** The scripts the README's table names: rows that start with `npm run NAME` (or `npm start`, `npm test`). */
export function scriptsInReadme(markdown: string): string[] {
  return [...markdown.matchAll(/^\| `npm (?:run )?([\w:.-]+)`/gm)].map((m) => m[1]);
}

it('tools/README.md has a row for every npm script in package.json, and none for a script that is not there', () => {
  const scripts = Object.keys(
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
  );
  const rows = scriptsInReadme(readFileSync(join(ROOT, 'tools/README.md'), 'utf8'));
  expect(
    rows.filter((name, i) => rows.indexOf(name) !== i),
    'named twice',
  ).toEqual([]);
  expect(
    scripts.filter((s) => !rows.includes(s)),
    'scripts without a row',
  ).toEqual([]);
  expect(
    rows.filter((r) => !scripts.includes(r)),
    'rows without a script',
  ).toEqual([]);
});

it('reads `npm run NAME`, `npm start` and `npm test` rows, and nothing else', () => {
  expect(
    scriptsInReadme('| `npm run eval:merge` | a |\n| `npm start` | b |\n| `npm test` | c |\n| `npx vite build` | d |\n| x `npm run dev` |'),
  ).toEqual(['eval:merge', 'start', 'test']);
});
