// The manifest schema (manifestSchema.ts) as JSON Schema, for writers in other languages (no
// checker here reads it: that is npm run check-set): `npm run schema` writes it to
// training/manifest.schema.json, and manifestSchema.test.ts fails when the committed file is not
// what this returns. Only the script and the test import this file, so the page's bundles never
// carry zod's JSON Schema code.
import * as z from 'zod/mini';
import { DEFAULT_BETAS, LIMITS, manifestSchema } from './manifestSchema';

export const MANIFEST_SCHEMA_FILE = 'training/manifest.schema.json';

export function manifestJsonSchema(): Record<string, unknown> {
  // io "input": what a manifest may hold; fields the schema does not name are allowed (and
  // dropped by the page), so no additionalProperties: false.
  const schema = z.toJSONSchema(manifestSchema(true), {
    io: 'input',
    target: 'draft-2020-12',
    // The schema's refine on every record (at most LIMITS.recordKeys fields), which zod cannot export.
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'record') jsonSchema.maxProperties = LIMITS.recordKeys;
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $comment:
      'Written by `npm run schema` from src/models/manifestSchema.ts; do not edit. A set opened from disk: ' +
      'sha256 may be left out (a served set needs it). Also checked, beyond this schema: the cross-field rules ' +
      '(crossFieldProblem in manifestSchema.ts; npm run check-set applies every rule) with x-limits, ' +
      'and the raw file (x-limits.manifestBytes bytes, x-limits.depth levels of nesting).',
    title: 'T-Stitch model-set manifest (docs/ARCHITECTURE.md, "Model sets")',
    'x-limits': { ...LIMITS, ...DEFAULT_BETAS },
    ...rest,
  };
}

/** The file's text, as the script writes it and the test compares it. */
export const manifestJsonSchemaText = (): string => `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
