// Model manifest (docs/ARCHITECTURE.md) and the whitelist of model sets the page may load.
// No onnxruntime and no zod here: the page, the worker and Node tools all use this file; reading
// and checking a manifest is readManifest.ts (the worker's and the tools', off the page's main thread).
import type { ImageShape, ModelRole, ModelSetSpec, SamplerName, ScheduleSpec } from '../core';

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

type Unhashed<T> = Omit<T, 'sha256'> & { sha256?: string };

/** A manifest opened from the user's disk: sha256 may be left out (checked when given, else computed). */
export type LocalManifest = Omit<Manifest, 'denoisers' | 'decoder'> & {
  denoisers: Unhashed<DenoiserEntry>[];
  decoder?: Unhashed<DecoderEntry>;
};

/** Each model's GFLOPs per image per step, by role (absent where the manifest gives none): the FLOP costs of a plan. */
export function gflopsByRole(manifest: Pick<Manifest, 'denoisers'>): Partial<Record<ModelRole, number>> {
  return Object.fromEntries(manifest.denoisers.map((d) => [d.role, d.gflops]));
}

export function denoiserFor(manifest: Manifest, role: ModelRole): DenoiserEntry {
  const e = manifest.denoisers.find((d) => d.role === role);
  if (!e) throw new Error(`Manifest "${manifest.title}" has no ${role} denoiser`);
  return e;
}
