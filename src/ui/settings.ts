// The settings of a run, and their URL form: every setting lives in the query string, so a
// shared link reproduces the same images. Pure functions, no React, no DOM.
import { xoshiro128ss } from '../core';

export type SamplerName = 'ddim' | 'ddpm';
export type BatchSize = 1 | 4 | 16;
/** A class id, or one class drawn per image (seeded, so a link reproduces it). */
export type ClassChoice = number | 'random';

export interface Settings {
  /** Share of the steps on the small model, always a multiple of 1/steps. */
  fraction: number;
  steps: number;
  seed: number;
  classChoice: ClassChoice;
  sampler: SamplerName;
  /** Classifier-free guidance scale w (1 = conditional model alone). */
  guidance: number;
  batch: BatchSize;
}

export const STEPS = { min: 1, max: 250 } as const;
export const GUIDANCE = { min: 0, max: 10 } as const;
export const SEED_MAX = 2 ** 32 - 1;
export const BATCH_SIZES: readonly BatchSize[] = [1, 4, 16];
export const SAMPLERS: readonly SamplerName[] = ['ddim', 'ddpm'];

/** The query parameter of each setting. `models` (the model set) is read elsewhere and kept as is. */
export const URL_KEYS = {
  fraction: 'r',
  steps: 'steps',
  seed: 'seed',
  classChoice: 'class',
  sampler: 'sampler',
  guidance: 'guidance',
  batch: 'batch',
} as const satisfies Record<keyof Settings, string>;

/** Snap a fraction to the nearest whole number of steps, within [0, 1]. */
export function snapFraction(fraction: number, steps: number): number {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return Math.round(clamped * steps) / steps;
}

export function clampSteps(steps: number): number {
  if (!Number.isFinite(steps)) return STEPS.min;
  return Math.min(STEPS.max, Math.max(STEPS.min, Math.round(steps)));
}

/** The page's defaults, taking steps, sampler and guidance from the manifest when given. */
export function defaultSettings(manifestDefaults?: { steps: number; sampler: SamplerName; guidance: number }): Settings {
  const steps = clampSteps(manifestDefaults?.steps ?? 50);
  const guidance = manifestDefaults?.guidance;
  return {
    fraction: snapFraction(0.4, steps),
    steps,
    seed: 0,
    classChoice: 0,
    sampler: manifestDefaults?.sampler ?? 'ddim',
    guidance: guidance !== undefined && guidance >= GUIDANCE.min && guidance <= GUIDANCE.max ? guidance : 2,
    batch: 1,
  };
}

const INTEGER = /^\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

export interface ParsedSettings {
  settings: Settings;
  /** One sentence per ignored parameter, for the page's notice. */
  problems: string[];
  /** True when the query string holds at least one setting (a shared link). */
  fromUrl: boolean;
}

/** Settings from a query string; a malformed or out-of-range value keeps its default and is reported. */
export function parseSettings(search: string, defaults: Settings, classNames: readonly string[]): ParsedSettings {
  const q = new URLSearchParams(search);
  const s: Settings = { ...defaults };
  const problems: string[] = [];
  let fromUrl = false;

  function read<K extends keyof Settings>(key: K, rule: string, parse: (raw: string) => Settings[K] | undefined): void {
    const raw = q.get(URL_KEYS[key]);
    if (raw === null) return;
    fromUrl = true;
    const value = parse(raw.trim());
    if (value === undefined) {
      const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
      problems.push(`${URL_KEYS[key]}=${JSON.stringify(shown)} is not ${rule}; using ${formatValue(key, defaults[key], classNames)}.`);
    } else s[key] = value;
  }

  const int = (min: number, max: number) => (raw: string) => {
    const n = INTEGER.test(raw) ? Number(raw) : NaN;
    return n >= min && n <= max ? n : undefined;
  };
  read('steps', `a whole number from ${STEPS.min} to ${STEPS.max}`, int(STEPS.min, STEPS.max));
  read('seed', `a whole number from 0 to ${SEED_MAX}`, int(0, SEED_MAX));
  read('fraction', 'a number from 0 to 1', (raw) => {
    const r = DECIMAL.test(raw) ? Number(raw) : NaN;
    return r >= 0 && r <= 1 ? r : undefined;
  });
  read('guidance', `a number from ${GUIDANCE.min} to ${GUIDANCE.max}`, (raw) => {
    const w = DECIMAL.test(raw) ? Number(raw) : NaN;
    return w >= GUIDANCE.min && w <= GUIDANCE.max ? w : undefined;
  });
  read('sampler', '"ddim" or "ddpm"', (raw) => SAMPLERS.find((name) => name === raw.toLowerCase()));
  read('batch', '1, 4 or 16', (raw) => BATCH_SIZES.find((b) => String(b) === raw));
  read('classChoice', `a class number from 0 to ${classNames.length - 1} or "random"`, (raw) =>
    raw.toLowerCase() === 'random' ? 'random' : int(0, classNames.length - 1)(raw),
  );
  s.fraction = snapFraction(s.fraction, s.steps);
  return { settings: s, problems, fromUrl };
}

function formatValue<K extends keyof Settings>(key: K, value: Settings[K], classNames: readonly string[]): string {
  if (key === 'classChoice') return value === 'random' ? 'random' : `${value} (${classNames[value as number] ?? '?'})`;
  return String(value);
}

/** The query string for `settings`, keeping unrelated parameters (such as `models`) first and as they were. */
export function writeSettings(search: string, settings: Settings): string {
  const q = new URLSearchParams(search);
  for (const key of Object.values(URL_KEYS)) q.delete(key);
  q.set(URL_KEYS.fraction, String(Number(settings.fraction.toFixed(6))));
  q.set(URL_KEYS.steps, String(settings.steps));
  q.set(URL_KEYS.seed, String(settings.seed));
  q.set(URL_KEYS.classChoice, String(settings.classChoice));
  q.set(URL_KEYS.sampler, settings.sampler);
  q.set(URL_KEYS.guidance, String(settings.guidance));
  q.set(URL_KEYS.batch, String(settings.batch));
  return q.toString();
}

/** The class of each image: the chosen one, or seeded draws (the same seed gives the same classes). */
export function batchClasses(choice: ClassChoice, batch: number, seed: number, numClasses: number): number[] {
  if (choice !== 'random') return Array.from({ length: batch }, () => choice);
  // A stream separate from the noise (which is seeded with `seed` itself).
  const next = xoshiro128ss((seed ^ 0x5c1a55e5) >>> 0);
  return Array.from({ length: batch }, () => next() % numClasses);
}

/** A fresh seed that is easy to read out in a classroom. */
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 100_000);
}

/** True when two settings give different runs. */
export function sameSettings(a: Settings, b: Settings): boolean {
  return (Object.keys(URL_KEYS) as (keyof Settings)[]).every((k) => a[k] === b[k]);
}
