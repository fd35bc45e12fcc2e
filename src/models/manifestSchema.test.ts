// The schema's own checks that the table of manifests (training/fixtures/manifest-cases.json, run
// once through check-set: tools/checkSet/manifestCases.test.ts) does not make: a 2,000,000-class
// array refused without walking it, and the committed JSON Schema is the schema's.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocalManifest } from './readManifest';
import { MANIFEST_SCHEMA_FILE, manifestJsonSchemaText } from './manifestJsonSchema';
import { LIMITS } from './manifestSchema';

const ROOT = resolve(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const pixel = (JSON.parse(read('training/fixtures/manifest-cases.json')) as { bases: { pixel: Record<string, unknown> } }).bases.pixel;

describe('a manifest too long to walk', () => {
  it('refuses 2,000,000 classes by name, without walking them for long', () => {
    const m = { ...structuredClone(pixel), classes: Array.from({ length: 2_000_000 }, (_, i) => `class ${i}`) };
    const start = performance.now();
    expect(() => parseLocalManifest(m)).toThrow(/: classes must have at most 1000 entries, got 2000000$/);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('the JSON Schema file', () => {
  it(`${MANIFEST_SCHEMA_FILE} is what the schema exports (run \`npm run schema\` after changing manifestSchema.ts)`, () => {
    expect(read(MANIFEST_SCHEMA_FILE)).toBe(manifestJsonSchemaText());
  });
  it('carries the limits (x-limits) for a writer in another language', () => {
    const schema = JSON.parse(read(MANIFEST_SCHEMA_FILE));
    expect(schema['x-limits']).toMatchObject({ manifestBytes: LIMITS.manifestBytes, imageValues: 65536, betaStart: 1e-4, betaEnd: 0.02 });
    expect(schema.properties.classes.maxItems).toBe(LIMITS.classes);
  });
});
