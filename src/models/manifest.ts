// Model manifest (docs/ARCHITECTURE.md) and the whitelist of model sets the page may load.
// No onnxruntime here: the page, the worker and Node tools all use this file.
import type { ImageShape, ModelRole, ModelSetSpec, SamplerName, ScheduleSpec } from '../core';
import { checkManifestJson, type ParsedLocalManifest } from './manifestSchema';
import { checkManifestText, readManifestResponse } from './manifestText';

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

/** Check the fields the app relies on (manifestSchema.ts); the message names the first bad field. */
export function parseManifest(json: unknown, where = 'manifest.json'): Manifest {
  return checkManifest(json, where, false) as Manifest;
}

type Unhashed<T> = Omit<T, 'sha256'> & { sha256?: string };

/** A manifest opened from the user's disk: sha256 may be left out (checked when given, else computed). */
export type LocalManifest = Omit<Manifest, 'denoisers' | 'decoder'> & { denoisers: Unhashed<DenoiserEntry>[]; decoder?: Unhashed<DecoderEntry> };

export function parseLocalManifest(json: unknown, where = 'manifest.json'): LocalManifest {
  return checkManifest(json, where, true);
}

// The schema's output is a LocalManifest: a compile-time check that the two stay in step.
const schemaFitsTypes: (m: ParsedLocalManifest) => LocalManifest = (m) => m;

/** A copy of `json` with the manifest's known fields only (any other field is dropped), or an error naming the field. */
function checkManifest(json: unknown, where: string, local: boolean): LocalManifest {
  const checked = checkManifestJson(json, local);
  if ('problem' in checked) {
    const { path, message } = checked.problem;
    throw new Error(`Invalid manifest (${where}): ${path ? `${path} ${message}` : message}`);
  }
  return schemaFitsTypes(checked.data);
}

/** Each model's GFLOPs per image per step, by role (absent where the manifest gives none): the FLOP costs of a plan. */
export function gflopsByRole(manifest: Pick<Manifest, 'denoisers'>): Partial<Record<ModelRole, number>> {
  return Object.fromEntries(manifest.denoisers.map((d) => [d.role, d.gflops]));
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
    throw new Error(`Could not fetch the model manifest ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw new Error(`Could not fetch the model manifest ${url}: HTTP ${res.status} ${res.statusText}`.trim());
  // Size and nesting first (manifestText.ts): a huge or deeply nested file is refused unparsed.
  const text = await readManifestResponse(res, url);
  checkManifestText(text, url);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The model manifest ${url} is not valid JSON`);
  }
  return parseManifest(json, url);
}
