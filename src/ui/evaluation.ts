// The measured speed/quality trade-off (public/<set>/evaluation.json, written by tools/eval.ts):
// FID on Fashion-MNIST classifier features and time per image, one row per small-model fraction r.

export interface EvaluationRow {
  fraction: number;
  /** null when the evaluation had no classifier (the tool then reports no FID). */
  fid: number | null;
  secondsPerImage: number;
  classAccuracy: number | null;
}

export interface EvaluationConfig {
  samples?: number;
  steps?: number;
  sampler?: string;
  guidance?: number;
  seed?: number;
  command?: string;
  /** Where the times were measured, e.g. "onnxruntime-node 1.30.0 (cpu EP, 1 thread)". */
  runtime?: string;
  /** Free text shown with the chart (the test fixture uses it to say its numbers are made up). */
  note?: string;
  [key: string]: unknown;
}

/** Real images scored the same way: the FID floor for this sample count. */
export interface EvaluationReference {
  fid: number;
  samples?: number;
  classAccuracy?: number;
}

export interface Evaluation {
  config: EvaluationConfig;
  /** Sorted by fraction. */
  rows: EvaluationRow[];
  reference: EvaluationReference | null;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Check the fields the chart draws; the message names the first bad one. */
export function parseEvaluation(json: unknown, where = 'evaluation.json'): Evaluation {
  const fail = (what: string): never => {
    throw new Error(`Invalid ${where}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) fail('not a JSON object');
  const { config, rows, reference } = json as { config?: unknown; rows?: unknown; reference?: unknown };
  if (typeof config !== 'object' || config === null || Array.isArray(config)) fail('config must be an object');
  if (!Array.isArray(rows) || rows.length === 0) fail('rows must be a non-empty array');
  const parsed = (rows as unknown[]).map((row, i): EvaluationRow => {
    const r = (row ?? {}) as Record<string, unknown>;
    if (!finite(r.fraction) || r.fraction < 0 || r.fraction > 1) fail(`rows[${i}].fraction must be a number in [0, 1]`);
    if (r.fid !== null && (!finite(r.fid) || r.fid < 0)) fail(`rows[${i}].fid must be a non-negative number or null`);
    if (!finite(r.secondsPerImage) || r.secondsPerImage < 0) fail(`rows[${i}].secondsPerImage must be a non-negative number`);
    return {
      fraction: r.fraction as number,
      fid: r.fid as number | null,
      secondsPerImage: r.secondsPerImage as number,
      classAccuracy: finite(r.classAccuracy) ? r.classAccuracy : null,
    };
  });
  parsed.sort((a, b) => a.fraction - b.fraction);
  const ref = reference as Record<string, unknown> | null | undefined;
  const parsedRef: EvaluationReference | null = ref && finite(ref.fid)
    ? { fid: ref.fid, samples: finite(ref.samples) ? ref.samples : undefined, classAccuracy: finite(ref.classAccuracy) ? ref.classAccuracy : undefined }
    : null;
  return { config: config as EvaluationConfig, rows: parsed, reference: parsedRef };
}

/** The measured row closest to fraction r (the chart marks r between rows; this names the nearest). */
export function nearestRow(rows: readonly EvaluationRow[], r: number): EvaluationRow | undefined {
  let best: EvaluationRow | undefined;
  for (const row of rows) if (!best || Math.abs(row.fraction - r) < Math.abs(best.fraction - r)) best = row;
  return best;
}

/** Where the numbers came from, in one phrase. */
export function describeConfig(c: EvaluationConfig): string {
  const parts: string[] = [];
  if (finite(c.samples)) parts.push(`${c.samples} images per point`);
  if (typeof c.sampler === 'string') parts.push(`${c.sampler.toUpperCase()}${finite(c.steps) ? ` ${c.steps} steps` : ''}`);
  else if (finite(c.steps)) parts.push(`${c.steps} steps`);
  if (finite(c.guidance)) parts.push(`guidance ${c.guidance}`);
  if (finite(c.seed)) parts.push(`seed ${c.seed}`);
  return parts.join(', ');
}
