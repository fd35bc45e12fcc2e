// The measured speed/quality trade-off of a model set (<set>/evaluation.json, written by
// tools/research/eval.ts and tools/research/merge-eval.ts, read by the page's charts). Every row
// says what produced it: the plan (order and each model's share of the steps), sampler, steps,
// samples, and the run (command, runtime) it came from. Checked with zod: a bad file gets a message naming the field.
import * as z from 'zod/mini';
import { MODEL_ROLES, SAMPLERS, type ModelRole, type SamplerName } from '../core';

/** Plan orders of the core, and the baseline: the large model alone with fewer steps at the same cost. */
const EVAL_ORDERS = ['small-first', 'large-first', 'interleaved', 'fewer-steps'] as const;
export type EvalOrder = (typeof EVAL_ORDERS)[number];

const share = z.number().check(z.gte(0), z.lte(1));
const fractionsSchema = z.object({ small: share, medium: share, large: share });
const count = z.int().check(z.positive());

const rowSchema = z.looseObject({
  plan: z.object({ order: z.enum(EVAL_ORDERS), fractions: fractionsSchema }),
  sampler: z.enum(SAMPLERS as [SamplerName, ...SamplerName[]]),
  steps: count,
  samples: count,
  guidance: z.number(),
  /** FID-FMNIST; null when the evaluation had no classifier. */
  fid: z.nullable(z.number().check(z.gte(0))),
  classAccuracy: z.nullable(share),
  /** Model GFLOPs spent per generated image (all its calls, both halves of classifier-free guidance). */
  gflopsPerImage: z.nullable(z.number().check(z.gte(0))),
  secondsPerImage: z.number().check(z.gte(0)),
  /** fewer-steps rows: the stitched plan whose cost they match. */
  sameCostAs: z.optional(z.object({ fractions: fractionsSchema, steps: count })),
  /** Index into `runs`: the command that measured this row. */
  run: z.optional(z.int().check(z.gte(0))),
});

const referenceSchema = z.looseObject({
  samples: count,
  fid: z.number().check(z.gte(0)),
  classAccuracy: z.optional(share),
  source: z.optional(z.string()),
});

const runSchema = z.looseObject({
  command: z.string(),
  /** Where the times were measured, e.g. "onnxruntime-node 1.30.0 (cpu EP, 1 thread)". */
  runtime: z.optional(z.string()),
  date: z.optional(z.string()),
});

const evaluationSchema = z.looseObject({
  format: z.literal(2),
  /** Real images scored the same way, per sample count: the FID floor for that count. */
  references: z.array(referenceSchema),
  runs: z.array(runSchema),
  rows: z.array(rowSchema).check(z.minLength(1)),
  /** Free text shown with the charts (the test fixture says its numbers are made up). */
  note: z.optional(z.string()),
});

export type EvalFractions = z.infer<typeof fractionsSchema>;
export type EvaluationRow = z.infer<typeof rowSchema>;
export type EvaluationReference = z.infer<typeof referenceSchema>;
export type EvaluationRun = z.infer<typeof runSchema>;
export type Evaluation = z.infer<typeof evaluationSchema>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Model GFLOPs per generated image: each model's steps x its cost, doubled by classifier-free guidance. */
export function gflopsPerImage(
  counts: Record<ModelRole, number>,
  gflops: Partial<Record<ModelRole, number>>,
  guidance: number,
): number | null {
  let sum = 0;
  for (const role of MODEL_ROLES) {
    if (counts[role] === 0) continue;
    const c = gflops[role];
    if (c === undefined) return null;
    sum += counts[role] * c;
  }
  return sum * (guidance !== 1 ? 2 : 1);
}

/**
 * The first format (before 2026-11-29: one sampler, step count and sample count in `config`, a
 * small-model fraction per row) as format 2; nothing is measured or changed, only restated.
 */
function upgradeEvaluation(json: Record<string, unknown>): Record<string, unknown> {
  const c = isObject(json.config) ? json.config : {};
  const rows = Array.isArray(json.rows) ? json.rows : [];
  const gflops: Partial<Record<ModelRole, number>> = {};
  if (Array.isArray(c.models))
    for (const m of c.models) if (isObject(m) && typeof m.role === 'string') gflops[m.role as ModelRole] = num(m.gflops);
  const steps = num(c.steps);
  const guidance = num(c.guidance);
  const parts = Array.isArray(c.parts) ? c.parts.filter(isObject) : [];
  const runs =
    parts.length > 0
      ? parts.map((p) => ({ command: p.command, runtime: c.runtime, date: p.date, wallSeconds: p.wallSeconds, fractions: p.fractions }))
      : [{ command: c.command ?? 'unknown', runtime: c.runtime, date: c.date, wallSeconds: c.wallSeconds }];
  const runOf = (fraction: unknown) => {
    const i = parts.findIndex((p) => Array.isArray(p.fractions) && p.fractions.includes(fraction));
    return i < 0 ? 0 : i;
  };
  const ref = isObject(json.reference) ? json.reference : null;
  return {
    format: 2,
    models: c.models,
    classifier: c.classifier,
    upgradedFrom: { format: 1, mergedWith: c.command, config: c },
    references: ref && num(ref.fid) !== undefined ? [{ ...ref, samples: num(ref.samples) ?? c.samples }] : [],
    runs,
    note: c.note,
    rows: rows.map((r) => {
      if (!isObject(r)) return r;
      const f = num(r.fraction);
      const small = num(r.smallSteps) ?? (f !== undefined && steps ? Math.round(f * steps) : undefined);
      const counts = small !== undefined && steps ? { small, medium: 0, large: steps - small } : undefined;
      return {
        ...r,
        plan: { order: 'small-first', fractions: { small: f, medium: 0, large: f === undefined ? undefined : 1 - f } },
        sampler: c.sampler,
        steps,
        samples: c.samples,
        guidance,
        seed: c.seed,
        classAccuracy: r.classAccuracy ?? null,
        gflopsPerImage: counts && guidance !== undefined ? gflopsPerImage(counts, gflops, guidance) : null,
        run: runOf(r.fraction),
      };
    }),
  };
}

/** Check an evaluation file (format 2, or the first format restated); the message names the first bad field. */
export function parseEvaluation(json: unknown, where = 'evaluation.json'): Evaluation {
  const input = isObject(json) && json.format === undefined && 'config' in json ? upgradeEvaluation(json) : json;
  const result = evaluationSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw new Error(`Invalid ${where}: ${path ? `${path}: ` : ''}${issue.message}`);
  }
  for (const [i, r] of result.data.rows.entries()) {
    const { small, medium, large } = r.plan.fractions;
    if (Math.abs(small + medium + large - 1) > 1e-6) throw new Error(`Invalid ${where}: rows[${i}].plan.fractions must sum to 1`);
    if (r.run !== undefined && r.run >= result.data.runs.length) throw new Error(`Invalid ${where}: rows[${i}].run names no entry of runs`);
  }
  return result.data;
}

/** Table order: by kind of plan, sampler, steps, samples, then the small and medium shares. */
export function compareRows(a: EvaluationRow, b: EvaluationRow): number {
  return (
    EVAL_ORDERS.indexOf(a.plan.order) - EVAL_ORDERS.indexOf(b.plan.order) ||
    a.sampler.localeCompare(b.sampler) ||
    (a.sameCostAs?.steps ?? a.steps) - (b.sameCostAs?.steps ?? b.steps) ||
    a.samples - b.samples ||
    (a.sameCostAs?.fractions.small ?? a.plan.fractions.small) - (b.sameCostAs?.fractions.small ?? b.plan.fractions.small) ||
    a.plan.fractions.medium - b.plan.fractions.medium
  );
}

/** The real-image floor measured at `samples` samples, when there is one. */
export function referenceFor(e: Evaluation, samples: number): EvaluationReference | undefined {
  return e.references.find((r) => r.samples === samples);
}

/** Rows measured the same way (order, sampler, steps, samples, guidance), so they can be drawn as one series. */
export interface RowFamily {
  key: string;
  order: EvalOrder;
  sampler: SamplerName;
  /** The stitched runs' steps; for fewer-steps rows, the steps of the plans they match. */
  steps: number;
  samples: number;
  guidance: number;
  /** True when some row gives steps to a medium model (the three-model grid). */
  threeModels: boolean;
  rows: EvaluationRow[];
}

export function rowFamilies(e: Evaluation): RowFamily[] {
  const byKey = new Map<string, RowFamily>();
  for (const row of e.rows) {
    const steps = row.sameCostAs?.steps ?? row.steps;
    const key = `${row.plan.order} ${row.sampler} ${steps} ${row.samples} ${row.guidance}`;
    let f = byKey.get(key);
    if (!f) {
      f = {
        key,
        order: row.plan.order,
        sampler: row.sampler,
        steps,
        samples: row.samples,
        guidance: row.guidance,
        threeModels: false,
        rows: [],
      };
      byKey.set(key, f);
    }
    f.rows.push(row);
    if (row.plan.fractions.medium > 0) f.threeModels = true;
  }
  return [...byKey.values()];
}

/** The rows no other row beats on both cost and FID (GFLOPs per image, then FID), cheapest first. */
export function paretoFront(rows: readonly EvaluationRow[]): EvaluationRow[] {
  const scored = rows.filter((r) => r.fid !== null && r.gflopsPerImage !== null);
  scored.sort((a, b) => a.gflopsPerImage! - b.gflopsPerImage! || a.fid! - b.fid!);
  const front: EvaluationRow[] = [];
  for (const r of scored) if (front.length === 0 || r.fid! < front[front.length - 1].fid!) front.push(r);
  return front;
}
