// One table of manifests, one verdict on both sides: every case of training/fixtures/manifest-cases.json
// through the page's check here, and through training/contract.py's check_manifest in
// training/test_contract.py (test_manifest_cases). And the committed JSON Schema is the schema's.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocalManifest, parseManifest } from './readManifest';
import { MANIFEST_SCHEMA_FILE, manifestJsonSchemaText } from './manifestJsonSchema';
import { LIMITS } from './manifestSchema';
import { checkManifestText } from './manifestText';

interface ManifestCase {
  name: string;
  /** A base manifest of the table, with fields set (path: value), generated arrays (repeat) and fields removed. */
  base?: string;
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
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const table = JSON.parse(read('training/fixtures/manifest-cases.json')) as { bases: Record<string, unknown>; cases: ManifestCase[] };

const tokens = (path: string): (string | number)[] => [...path.matchAll(/[^.[\]]+/g)].map(([t]) => (/^\d+$/.test(t) ? Number(t) : t));

function parentOf(root: unknown, path: string): [Record<string | number, unknown>, string | number] {
  const keys = tokens(path);
  let at = root as Record<string | number, unknown>;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  return [at, keys[keys.length - 1]];
}

/** A case as a manifest. Twin: build_case in training/test_contract.py. */
function buildCase(c: ManifestCase): unknown {
  if (c.file !== undefined) return JSON.parse(read(c.file));
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

/** The page's verdict: null when accepted, else the message. */
function verdict(m: unknown, served: boolean): string | null {
  try {
    (served ? parseManifest : parseLocalManifest)(m);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('the table of manifests (training/fixtures/manifest-cases.json)', () => {
  it('covers accepted and refused sets, and every committed manifest', () => {
    const files = table.cases.flatMap((c) => (c.file ? [c.file] : []));
    expect(files).toEqual(expect.arrayContaining(['public/models/manifest.json', 'public/fixtures/manifest.json', 'e2e/models/latent/manifest.json', 'e2e/models/rgb/manifest.json']));
    expect(table.cases.filter((c) => c.verdict === 'refused').length).toBeGreaterThan(50);
  });

  for (const c of table.cases) {
    it(`${c.verdict === 'ok' ? 'accepts' : 'refuses'}: ${c.name}`, () => {
      const message = verdict(buildCase(c), c.served ?? false);
      if (c.verdict === 'ok') {
        expect(message).toBeNull();
        if (c.file) expect(() => checkManifestText(read(c.file!), c.file!)).not.toThrow();
        return;
      }
      expect(message).toMatch(/^Invalid manifest \(manifest\.json\): /);
      // The field is the message's subject: "Invalid manifest (manifest.json): <field> must ...".
      if (c.field) expect(message).toMatch(new RegExp(`^Invalid manifest \\(manifest\\.json\\): ${escape(c.field)} `));
    });
  }

  it('refuses 2,000,000 classes by name, without walking them for long', () => {
    const m = buildCase({ name: 'pixel', base: 'pixel', verdict: 'ok' }) as { classes: unknown[] };
    m.classes = Array.from({ length: 2_000_000 }, (_, i) => `class ${i}`);
    const start = performance.now();
    expect(verdict(m, false)).toMatch(/: classes must have at most 1000 entries, got 2000000$/);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('the JSON Schema file', () => {
  it(`${MANIFEST_SCHEMA_FILE} is what the schema exports (run \`npm run schema\` after changing manifestSchema.ts)`, () => {
    expect(read(MANIFEST_SCHEMA_FILE)).toBe(manifestJsonSchemaText());
  });
  it('carries the limits training/contract.py reads', () => {
    const schema = JSON.parse(read(MANIFEST_SCHEMA_FILE));
    expect(schema['x-limits']).toMatchObject({ manifestBytes: LIMITS.manifestBytes, imageValues: 65536, betaStart: 1e-4, betaEnd: 0.02 });
    expect(schema.properties.classes.maxItems).toBe(LIMITS.classes);
  });
});
