// npm run schema: writes the manifest's JSON Schema (src/models/manifestJsonSchema.ts) to
// training/manifest.schema.json, for writers in other languages (training/contract.py checks sets
// with npm run check-set; src/models/manifestSchema.test.ts fails while the file is out of date).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MANIFEST_SCHEMA_FILE, manifestJsonSchemaText } from '../src/models/manifestJsonSchema';
import { runMain } from '../tools/lib/cli';

runMain('schema', () => {
  writeFileSync(resolve(import.meta.dirname, '..', MANIFEST_SCHEMA_FILE), manifestJsonSchemaText());
  console.log(`[schema] wrote ${MANIFEST_SCHEMA_FILE}`);
});
