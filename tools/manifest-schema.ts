// npm run schema: writes the manifest's JSON Schema (src/models/manifestJsonSchema.ts) to
// training/manifest.schema.json, which training/contract.py's check_manifest validates against.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MANIFEST_SCHEMA_FILE, manifestJsonSchemaText } from '../src/models/manifestJsonSchema';

const path = resolve(import.meta.dirname, '..', MANIFEST_SCHEMA_FILE);
writeFileSync(path, manifestJsonSchemaText());
console.log(`wrote ${MANIFEST_SCHEMA_FILE}`);
