// Model manifest (docs/ARCHITECTURE.md) and the whitelist of model sets the page may load.
// No onnxruntime here: the page, the worker and Node tools all use this file.
import { MODEL_ROLES, SAMPLERS, type ModelRole, type ModelSetSpec, type SamplerName, type ScheduleSpec } from '../core';

export interface DenoiserEntry {
  id: string;
  role: ModelRole;
  file: string;
  sha256: string;
  bytes?: number;
  params?: number;
  gflops?: number;
  architecture?: Record<string, unknown>;
  training?: Record<string, unknown>;
}

/** image, schedule and nullClass are what the sampler core needs (ModelSetSpec). */
export interface Manifest extends ModelSetSpec {
  format: 1;
  title: string;
  classes: string[];
  schedule: ScheduleSpec;
  prediction: 'epsilon';
  defaults: { sampler: SamplerName; steps: number; guidance: number; eta: number };
  denoisers: DenoiserEntry[];
  classifier?: Record<string, unknown>;
}

/** Model sets the page may load, by name: never an arbitrary URL from the query string. */
export const MODEL_SETS = {
  models: 'models/manifest.json',
  fixtures: 'fixtures/manifest.json',
} as const;

export type ModelSetName = keyof typeof MODEL_SETS;

const DEFAULT_MODEL_SET: ModelSetName = 'models';

/** `?models=fixtures` selects the fixture set; anything else (or nothing) the shipped models. */
export function selectModelSet(search: string): { name: ModelSetName; ignored?: string } {
  const requested = new URLSearchParams(search).get('models');
  if (requested === null || requested === '') return { name: DEFAULT_MODEL_SET };
  if (Object.hasOwn(MODEL_SETS, requested)) return { name: requested as ModelSetName };
  return { name: DEFAULT_MODEL_SET, ignored: requested };
}

/** Absolute URL of a model set's manifest, resolved against the page (same origin by construction). */
export function manifestUrl(name: ModelSetName, base: string): string {
  return new URL(MODEL_SETS[name], base).href;
}

/** URL of one model file, relative to its manifest; refuses anything that leaves the manifest's origin. */
export function modelFileUrl(manifestHref: string, file: string): string {
  const url = new URL(file, manifestHref);
  if (url.origin !== new URL(manifestHref).origin) {
    throw new Error(`Model file "${file}" points outside the app's origin; the manifest may only name files next to it.`);
  }
  return url.href;
}

function fail(where: string, what: string): never {
  throw new Error(`Invalid manifest (${where}): ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positiveInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Check the fields the app relies on; the message names the first bad field. */
export function parseManifest(json: unknown, where = 'manifest.json'): Manifest {
  if (!isObject(json)) fail(where, 'not a JSON object');
  if (json.format !== 1) fail(where, `format must be 1, got ${JSON.stringify(json.format)}`);
  const image = json.image;
  if (!isObject(image) || !positiveInt(image.channels) || !positiveInt(image.height) || !positiveInt(image.width)) {
    fail(where, 'image must be { channels, height, width } with positive integers');
  }
  if (!Array.isArray(json.classes) || json.classes.some((c) => typeof c !== 'string')) {
    fail(where, 'classes must be an array of strings');
  }
  if (typeof json.nullClass !== 'number' || !Number.isInteger(json.nullClass)) fail(where, 'nullClass must be an integer');
  const s = json.schedule;
  if (!isObject(s) || (s.type !== 'linear' && s.type !== 'cosine') || !positiveInt(s.T)) {
    fail(where, 'schedule must be { type: "linear"|"cosine", T, betaStart?, betaEnd? }');
  }
  if (json.prediction !== 'epsilon') fail(where, `prediction must be "epsilon", got ${JSON.stringify(json.prediction)}`);
  const d = json.defaults;
  if (!isObject(d) || !SAMPLERS.includes(d.sampler as SamplerName) || !positiveInt(d.steps) ||
      typeof d.guidance !== 'number' || typeof d.eta !== 'number') {
    fail(where, `defaults must be { sampler: ${SAMPLERS.map((n) => `"${n}"`).join('|')}, steps, guidance, eta }`);
  }
  if (!Array.isArray(json.denoisers)) fail(where, 'denoisers must be an array');
  for (const [i, e] of json.denoisers.entries()) {
    if (!isObject(e) || typeof e.id !== 'string' || !MODEL_ROLES.includes(e.role as ModelRole) ||
        typeof e.file !== 'string' || typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(e.sha256)) {
      fail(where, `denoisers[${i}] must have id, role (${MODEL_ROLES.map((r) => `"${r}"`).join('|')}), file and a 64-hex sha256`);
    }
  }
  // A small and a large model, and at most one medium model between them (three-model stitching).
  for (const role of MODEL_ROLES) {
    const n = json.denoisers.filter((e: Record<string, unknown>) => e.role === role).length;
    if (role === 'medium' ? n > 1 : n !== 1) fail(where, `expected ${role === 'medium' ? 'at most' : 'exactly'} one "${role}" denoiser, found ${n}`);
  }
  return json as unknown as Manifest;
}

export function denoiserFor(manifest: Manifest, role: ModelRole): DenoiserEntry {
  const e = manifest.denoisers.find((d) => d.role === role);
  if (!e) throw new Error(`Manifest "${manifest.title}" has no ${role} denoiser`);
  return e;
}

/** Fetch and validate a manifest; errors name the URL and HTTP status. */
export async function fetchManifest(url: string, fetchFn: typeof fetch = fetch): Promise<Manifest> {
  let res: Response;
  try {
    res = await fetchFn(url, { cache: 'no-cache' });
  } catch (e) {
    throw new Error(`Could not fetch the model manifest ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new Error(`Could not fetch the model manifest ${url}: HTTP ${res.status} ${res.statusText}`.trim());
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new Error(`The model manifest ${url} is not valid JSON`);
  }
  return parseManifest(json, url);
}
