// The table of manifests (training/fixtures/manifest-cases.json), checked once: each case written
// as a folder's manifest.json and given check-set's verdict on the manifest alone (as a set from
// disk, or a served set where the case says so), which is the page's own reader and schema. The
// verdict must be the case's, and a refusal's subject the field the case names.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSet } from './checkSet';

interface ManifestCase {
  name: string;
  /** A base manifest of the table, with fields set (path: value), generated arrays (repeat) and fields removed. */
  base?: string | null;
  set?: Record<string, unknown>;
  repeat?: Record<string, number>;
  unset?: string[];
  /** Or a whole manifest, or a committed manifest.json (relative to the repository). */
  manifest?: unknown;
  file?: string;
  /** Checked as a served set (every sha256 required), else as a set opened from disk. */
  served?: boolean;
  verdict: 'ok' | 'refused';
  /** The field the message must name. */
  field?: string;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const table = JSON.parse(readFileSync(join(ROOT, 'training/fixtures/manifest-cases.json'), 'utf8')) as {
  bases: Record<string, unknown>;
  cases: ManifestCase[];
};

const tokens = (path: string): (string | number)[] => [...path.matchAll(/[^.[\]]+/g)].map(([t]) => (/^\d+$/.test(t) ? Number(t) : t));

function parentOf(root: unknown, path: string): [Record<string | number, unknown>, string | number] {
  const keys = tokens(path);
  let at = root as Record<string | number, unknown>;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  return [at, keys[keys.length - 1]];
}

/** A case as a manifest. */
function buildCase(c: ManifestCase): unknown {
  if (c.manifest !== undefined) return structuredClone(c.manifest);
  const m = structuredClone(table.bases[c.base!]);
  for (const [path, value] of Object.entries(c.set ?? {})) {
    const [parent, key] = parentOf(m, path);
    parent[key] = structuredClone(value);
  }
  for (const [path, n] of Object.entries(c.repeat ?? {})) {
    const [parent, key] = parentOf(m, path);
    parent[key] = Array.from({ length: n }, (_, i) => `class ${i}`);
  }
  for (const path of c.unset ?? []) {
    const [parent, key] = parentOf(m, path);
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete parent[key];
  }
  return m;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const folders: string[] = [];
afterAll(() => folders.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The case's folder: the committed one, or a temp folder holding the case as manifest.json. */
function folderOf(c: ManifestCase): string {
  if (c.file !== undefined) return dirname(join(ROOT, c.file));
  const dir = mkdtempSync(join(tmpdir(), 'manifest-case-'));
  folders.push(dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(buildCase(c), null, 2));
  return dir;
}

const noOrt = () => Promise.reject(new Error('the manifest alone needs no onnxruntime'));

describe('the table of manifests (training/fixtures/manifest-cases.json) through check-set', () => {
  it('covers accepted and refused sets, and every committed manifest', () => {
    const files = table.cases.flatMap((c) => (c.file ? [c.file] : []));
    expect(files).toEqual(
      expect.arrayContaining([
        'public/models/manifest.json',
        'public/fixtures/manifest.json',
        'e2e/models/latent/manifest.json',
        'e2e/models/rgb/manifest.json',
      ]),
    );
    expect(table.cases.filter((c) => c.verdict === 'refused').length).toBeGreaterThan(50);
  });

  for (const c of table.cases) {
    it(`${c.verdict === 'ok' ? 'accepts' : 'refuses'}: ${c.name}`, async () => {
      const dir = folderOf(c);
      const v = await checkSet(dir, { manifestOnly: true, served: c.served, ort: noOrt });
      if (c.verdict === 'ok') {
        expect(v.verdict === 'refused' ? v.message : null).toBeNull();
        return;
      }
      expect(v.verdict).toBe('refused');
      if (v.verdict !== 'refused') return;
      // A served set's manifest is named by its path, a set from disk's as manifest.json (the page's words).
      const where = escape(c.served ? join(dir, 'manifest.json') : 'manifest.json');
      expect(v.message).toMatch(new RegExp(`^Invalid manifest \\(${where}\\): `));
      // The field is the message's subject: "Invalid manifest (manifest.json): <field> must ...".
      if (c.field) expect(v.message).toMatch(new RegExp(`^Invalid manifest \\(${where}\\): ${escape(c.field)} `));
    });
  }
});
