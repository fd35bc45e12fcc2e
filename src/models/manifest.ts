// Model manifest (docs/ARCHITECTURE.md) and the whitelist of model sets the page may load.
// No onnxruntime here: the page, the worker and Node tools all use this file.
import { MODEL_ROLES, SAMPLERS, type ImageShape, type ModelRole, type ModelSetSpec, type SamplerName, type ScheduleSpec } from '../core';

export interface DenoiserEntry {
  id: string;
  role: ModelRole;
  file: string;
  /** A set opened from the user's disk may leave it out: the page fills in the file's own (LocalManifest). */
  sha256: string;
  bytes?: number;
  params?: number;
  gflops?: number;
  architecture?: Record<string, unknown>;
  training?: Record<string, unknown>;
}

/**
 * A latent set's decoder (format 2): the page feeds it `x / latentScale` and shows its output,
 * pixels in [-1, 1] of shape `output` (docs/ARCHITECTURE.md).
 */
export interface DecoderEntry {
  file: string;
  sha256: string;
  bytes?: number;
  latentScale: number;
  output: ImageShape;
}

/** image, schedule and nullClass are what the sampler core needs (ModelSetSpec). */
export interface Manifest extends ModelSetSpec {
  /** 1: a pixel set; 2: may name a decoder (every format-1 field is the same). */
  format: 1 | 2;
  title: string;
  classes: string[];
  schedule: ScheduleSpec;
  prediction: 'epsilon';
  defaults: { sampler: SamplerName; steps: number; guidance: number; eta: number };
  denoisers: DenoiserEntry[];
  decoder?: DecoderEntry;
  classifier?: Record<string, unknown>;
}

/** What the previews show: the decoder's output for a latent set, else the denoisers' images. */
export function displayShape(manifest: Pick<Manifest, 'image' | 'decoder'>): ImageShape {
  return manifest.decoder?.output ?? manifest.image;
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

const HEX64 = /^[0-9a-f]{64}$/i;

function isShape(v: unknown): v is ImageShape {
  return isObject(v) && positiveInt(v.channels) && positiveInt(v.height) && positiveInt(v.width);
}

/** A file entry's optional sha256 and bytes: valid when given, the sha256 required unless `local`. */
function checkFileFields(where: string, field: string, e: Record<string, unknown>, local: boolean): void {
  if (e.sha256 === undefined ? !local : typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) {
    fail(where, `${field}.sha256 must be a 64-hex sha256${local ? ' when given' : ''}`);
  }
  if (e.bytes !== undefined && !positiveInt(e.bytes)) fail(where, `${field}.bytes must be a positive integer when given`);
}

/** Check the fields the app relies on; the message names the first bad field. */
export function parseManifest(json: unknown, where = 'manifest.json'): Manifest {
  return checkManifest(json, where, false) as Manifest;
}

type Unhashed<T> = Omit<T, 'sha256'> & { sha256?: string };

/** A manifest opened from the user's disk: sha256 may be left out (checked when given, else computed). */
export type LocalManifest = Omit<Manifest, 'denoisers' | 'decoder'> & { denoisers: Unhashed<DenoiserEntry>[]; decoder?: Unhashed<DecoderEntry> };

export function parseLocalManifest(json: unknown, where = 'manifest.json'): LocalManifest {
  return checkManifest(json, where, true) as LocalManifest;
}

function checkManifest(json: unknown, where: string, local: boolean): unknown {
  if (!isObject(json)) fail(where, 'not a JSON object');
  if (json.format !== 1 && json.format !== 2) fail(where, `format must be 1 or 2, got ${JSON.stringify(json.format)}`);
  if (!isShape(json.image)) fail(where, 'image must be { channels, height, width } with positive integers');
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
    if (!isObject(e) || typeof e.id !== 'string' || !MODEL_ROLES.includes(e.role as ModelRole) || typeof e.file !== 'string') {
      fail(where, `denoisers[${i}] must have id, role (${MODEL_ROLES.map((r) => `"${r}"`).join('|')}) and file`);
    }
    checkFileFields(where, `denoisers[${i}]`, e, local);
  }
  // A small and a large model, and at most one medium model between them (three-model stitching).
  for (const role of MODEL_ROLES) {
    const n = json.denoisers.filter((e: Record<string, unknown>) => e.role === role).length;
    if (role === 'medium' ? n > 1 : n !== 1) fail(where, `expected ${role === 'medium' ? 'at most' : 'exactly'} one "${role}" denoiser, found ${n}`);
  }
  const dec = json.decoder;
  if (dec !== undefined) {
    if (json.format !== 2) fail(where, 'decoder needs format 2');
    if (!isObject(dec) || typeof dec.file !== 'string') fail(where, 'decoder must be { file, latentScale, output, sha256?, bytes? }');
    checkFileFields(where, 'decoder', dec, local);
    if (typeof dec.latentScale !== 'number' || !(dec.latentScale > 0)) fail(where, 'decoder.latentScale must be a positive number');
    if (!isShape(dec.output) || (dec.output.channels !== 1 && dec.output.channels !== 3)) {
      fail(where, 'decoder.output must be { channels: 1 or 3, height, width }');
    }
  } else if (json.image.channels !== 1 && json.image.channels !== 3) {
    fail(where, `image.channels must be 1 or 3 for a set without a decoder, got ${json.image.channels}`);
  }
  return json;
}

export function denoiserFor(manifest: Manifest, role: ModelRole): DenoiserEntry {
  const e = manifest.denoisers.find((d) => d.role === role);
  if (!e) throw new Error(`Manifest "${manifest.title}" has no ${role} denoiser`);
  return e;
}

/** Fetch and validate a manifest; errors name the URL and HTTP status. */
export async function fetchManifest(url: string, fetchFn: typeof fetch = fetch): Promise<Manifest> {
  // Served sets always carry sha256: the worker keys its cache and the download URL by it.
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
