// The model-set manifest's contract as one zod schema (docs/ARCHITECTURE.md, "Model sets"), with
// crossFieldProblem for the few rules a schema cannot state. The page, the runtime worker and
// `npm run check-set` (tools/checkSet/, which training/contract.py calls) all check manifests with
// it, so there is one verdict; it is also exported as JSON Schema (manifestJsonSchema.ts) for
// writers in other languages. Every bound below is there so that a hostile manifest is refused
// with a message naming the field (and quoting the value) before the page allocates anything for it.
import * as z from 'zod/mini';
import { MODEL_ROLES, SAMPLERS, type ModelRole, type SamplerName } from '../core';
import { LIMITS, MAX_IMAGE_VALUES } from './manifestLimits';

export { LIMITS, MAX_IMAGE_VALUES } from './manifestLimits';

/** DDPM's betas, which the core uses where a linear schedule leaves them out (core/schedule.ts). */
export const DEFAULT_BETAS = { betaStart: 1e-4, betaEnd: 0.02 } as const;

const text = (max: number) => z.string().check(z.maxLength(max));
const int = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));
const nonNegative = (max: number) => z.number().check(z.gte(0), z.lte(max));

// A plain name or a relative path below the manifest's folder: segments that are not "." or "..",
// no backslash, no ":" (no URL scheme, no drive letter), no "?", "#" or "%" (a URL's query,
// fragment, or an escaped "..": the worker resolves the name as a URL), no control characters.
// No leading "/" (the first segment is not empty), so no absolute path and no "//host".
const SEGMENT = String.raw`(?!\.\.?(?:/|$))[^/\\:?#%\u0000-\u001f]+`;
const FILE_NAME = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);
const HEX64 = /^[0-9a-fA-F]{64}$/;

// A rule broken by a value says which value: the caller puts the field in front, so the message
// reads `denoisers[0].file "../s.onnx" must be ...` (the field alone leaves the user to find it).
const quoting = (rule: string) => ({ error: (iss: { input?: unknown }) => `${quoted(iss.input)} ${rule}` });

/**
 * A refused string as the manifest's text has it (JSON-quoted, so control characters show as
 * escapes), cut at 100 characters: long enough for a whole URL or path, short for a hostile one.
 */
function quoted(v: unknown): string {
  if (typeof v !== 'string') return brief(v);
  if (v.length <= 100) return JSON.stringify(v);
  return `${JSON.stringify(v.slice(0, 100)).slice(0, -1)}..."`;
}

const fileName = () =>
  z
    .string()
    .check(
      z.maxLength(LIMITS.file),
      z.regex(
        FILE_NAME,
        quoting(
          'must be a file name next to manifest.json or a relative path below it (no "..", URL, absolute path, "\\", "%", "?" or "#")',
        ),
      ),
    );

const sha256 = (local: boolean) => z.string().check(z.regex(HEX64, quoting(`must be a 64-hex sha256${local ? ' when given' : ''}`)));

/** A served set names every file's sha256 (the worker keys its cache by it); a local set may leave it out. */
const fileFields = (local: boolean) => ({
  file: fileName(),
  sha256: local ? z.optional(sha256(true)) : sha256(false),
  bytes: z.optional(z.int().check(z.gte(1, 'must be a positive integer when given'), z.lte(LIMITS.bytes))),
});

const shape = (channels: z.ZodMiniType<number>) => z.object({ channels, height: int(1, LIMITS.side), width: int(1, LIMITS.side) });

const primitive = () =>
  z.union([text(LIMITS.recordString), z.number(), z.boolean(), z.null()], {
    error: (iss) => `must be a string, number, boolean or null, got ${brief(iss.input)}`,
  });

/**
 * A bounded record: free-form fields the model cards show (architecture, training), the classifier's.
 * Its JSON Schema says maxProperties (manifestJsonSchema.ts adds it to every record).
 */
const record = <T extends z.ZodMiniType>(value: T) =>
  z.record(text(LIMITS.recordKey), value).check(
    z.refine((r) => Object.keys(r).length <= LIMITS.recordKeys, {
      error: (iss) => `must have at most ${LIMITS.recordKeys} fields, got ${Object.keys(iss.input as object).length}`,
    }),
  );

const flatRecord = () => record(primitive());

const oneOf = <T extends number>(values: readonly [T, ...T[]]) =>
  z.literal(values, {
    error: (iss) => (iss.input === undefined ? 'is missing' : `must be ${values.join(' or ')}, got ${brief(iss.input)}`),
  });

function makeSchema(local: boolean) {
  return z.object({
    format: oneOf([1, 2]),
    title: text(LIMITS.title),
    image: shape(int(1, LIMITS.channels)),
    classes: z.array(text(LIMITS.className)).check(z.minLength(1), z.maxLength(LIMITS.classes)),
    /** The unconditional branch's class id: an embedding row, so at most classes.length (crossFieldProblem). */
    nullClass: int(0, LIMITS.classes),
    schedule: z.object({
      type: z.enum(['linear', 'cosine']),
      T: int(1, LIMITS.T),
      betaStart: z.optional(z.number().check(z.gt(0), z.lt(1))),
      betaEnd: z.optional(z.number().check(z.gt(0), z.lt(1))),
    }),
    prediction: z.literal('epsilon'),
    defaults: z.object({
      sampler: z.enum(SAMPLERS as [SamplerName, ...SamplerName[]]),
      steps: int(1, LIMITS.steps),
      guidance: nonNegative(LIMITS.guidance),
      eta: nonNegative(1),
    }),
    denoisers: z
      .array(
        z.object({
          id: z.string().check(z.minLength(1), z.maxLength(LIMITS.id)),
          role: z.enum(MODEL_ROLES as [ModelRole, ...ModelRole[]]),
          ...fileFields(local),
          params: z.optional(nonNegative(1e13)),
          gflops: z.optional(nonNegative(1e7)),
          architecture: z.optional(flatRecord()),
          training: z.optional(flatRecord()),
        }),
      )
      .check(z.minLength(2), z.maxLength(3)),
    decoder: z.optional(
      z.object({
        ...fileFields(local),
        latentScale: z.number().check(z.gt(0), z.lte(1e6)),
        output: shape(oneOf([1, 3])),
      }),
    ),
    /** The evaluation classifier (shipped set only; tools/lib/models.ts checks its fields). */
    classifier: z.optional(
      record(
        z.union([primitive(), flatRecord()], {
          error: (iss) => `must be a string, number, boolean, null or a flat object, got ${brief(iss.input)}`,
        }),
      ),
    ),
  });
}

type ManifestSchema = ReturnType<typeof makeSchema>;
const schemas: { local?: ManifestSchema; served?: ManifestSchema } = {};

/**
 * The schema of a set opened from the user's disk (`local`: sha256 may be left out; the one
 * exported as JSON Schema) or of a served set (public/models, public/fixtures: every sha256
 * given). Made on first use, not at import: the runtime worker imports manifest.ts for
 * modelFileUrl only, and a module with no top-level zod calls lets the bundler leave zod out of it.
 */
export function manifestSchema(local: boolean): ManifestSchema {
  const key = local ? 'local' : 'served';
  return (schemas[key] ??= makeSchema(local));
}

export type ParsedLocalManifest = z.output<ReturnType<typeof makeSchema>>;

/** A value in a message: short, whatever was given. */
export function brief(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

const KINDS: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  boolean: 'true or false',
};

/** zod's issues as "must be ..." phrases; the caller puts the field's path in front. */
function message(iss: z.core.$ZodRawIssue): string | undefined {
  const i = iss as unknown as Record<string, unknown>;
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? 'is missing' : `must be ${KINDS[i.expected as string] ?? i.expected}, got ${brief(iss.input)}`;
    case 'too_big':
    case 'too_small': {
      const big = iss.code === 'too_big';
      const bound = (big ? i.maximum : i.minimum) as number;
      if (i.origin === 'string')
        return !big && bound === 1 ? 'must not be empty' : `must be at ${big ? 'most' : 'least'} ${bound} characters long`;
      if (i.origin === 'array')
        return `must have at ${big ? 'most' : 'least'} ${bound} ${bound === 1 ? 'entry' : 'entries'}, got ${(iss.input as unknown[]).length}`;
      const rel = i.inclusive === false ? (big ? 'less than' : 'greater than') : `at ${big ? 'most' : 'least'}`;
      return `must be ${rel} ${bound}, got ${brief(iss.input)}`;
    }
    case 'invalid_value':
      if (iss.input === undefined) return 'is missing';
      return `must be ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(' or ')}, got ${brief(iss.input)}`;
    default:
      return undefined; // the schema's own message (regex, refine, unions)
  }
}

export interface ManifestProblem {
  /** The field, as "denoisers[1].sha256". */
  path: string;
  message: string;
}

const pathText = (path: readonly PropertyKey[]) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');

/**
 * `json` checked by the schema, then by the cross-field rules: the manifest's known fields (any
 * other field is dropped), or the first problem found.
 */
export function checkManifestJson(json: unknown, local: boolean): { data: ParsedLocalManifest } | { problem: ManifestProblem } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { problem: { path: '', message: 'not a JSON object' } };
  const result = manifestSchema(local).safeParse(json, { error: message });
  if (!result.success) {
    const issue = result.error.issues[0];
    return { problem: { path: pathText(issue.path), message: issue.message } };
  }
  const problem = crossFieldProblem(result.data);
  return problem ? { problem } : { data: result.data };
}

function values(s: { channels: number; height: number; width: number }): number {
  return s.channels * s.height * s.width;
}

/** The rules JSON Schema cannot state, in this order. */
export function crossFieldProblem(m: ParsedLocalManifest): ManifestProblem | null {
  // A small and a large model, and at most one medium model between them (three-model stitching).
  for (const role of MODEL_ROLES) {
    const n = m.denoisers.filter((e) => e.role === role).length;
    if (role === 'medium' ? n > 1 : n !== 1) {
      return { path: 'denoisers', message: `must have ${role === 'medium' ? 'at most' : 'exactly'} one "${role}" denoiser, found ${n}` };
    }
  }
  if (m.decoder !== undefined && m.format !== 2) return { path: 'decoder', message: 'needs format 2' };
  if (m.decoder === undefined && m.image.channels !== 1 && m.image.channels !== 3) {
    return { path: 'image.channels', message: `must be 1 or 3 for a set without a decoder, got ${m.image.channels}` };
  }
  for (const [path, s] of [
    ['image', m.image],
    ['decoder.output', m.decoder?.output],
  ] as const) {
    if (s && values(s) > MAX_IMAGE_VALUES) {
      return {
        path,
        message: `holds ${s.channels}x${s.height}x${s.width} = ${values(s)} values, more than the page's limit of ${MAX_IMAGE_VALUES}`,
      };
    }
  }
  if (m.nullClass > m.classes.length) {
    return { path: 'nullClass', message: `must be at most classes.length (${m.classes.length}), got ${m.nullClass}` };
  }
  if (m.schedule.T < m.defaults.steps) {
    return { path: 'schedule.T', message: `must be at least defaults.steps (${m.defaults.steps}), got ${m.schedule.T}` };
  }
  const start = m.schedule.betaStart ?? DEFAULT_BETAS.betaStart;
  const end = m.schedule.betaEnd ?? DEFAULT_BETAS.betaEnd;
  if (!(start < end)) {
    return {
      path: 'schedule.betaStart',
      message: `must be less than schedule.betaEnd (${end}; DDPM's ${DEFAULT_BETAS.betaStart} and ${DEFAULT_BETAS.betaEnd} where left out), got ${start}`,
    };
  }
  return null;
}
