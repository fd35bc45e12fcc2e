// The settings of a run, and their URL form: every setting lives in the query string, so a
// shared link reproduces the same images. Pure functions, no React, no DOM.
import { COMPARISONS, SAMPLERS, fractionToSteps, xoshiro128ss, type Comparison, type SamplerName } from '../core';

export type BatchSize = 1 | 4 | 16;
/** A class id, or one class drawn per image (seeded, so a link reproduces it). */
export type ClassChoice = number | 'random';

export interface Settings {
  /** Steps on the small model, from 0 to `steps` (the link says r = smallSteps / steps). */
  smallSteps: number;
  /** Steps on the medium model, after the small one's (S -> M -> L); 0 without one. smallSteps + mediumSteps <= steps. */
  mediumSteps: number;
  steps: number;
  /** What the stitched trajectory is compared with, on the right. */
  compare: Comparison;
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
/** The share r of steps on the small model when the link does not say (the paper's headline 40%). */
const DEFAULT_FRACTION = 0.4;

/** The query parameter of each setting. `models` (the model set) is read elsewhere and kept as is. */
export const URL_KEYS = {
  smallSteps: 'r',
  mediumSteps: 'rm',
  compare: 'compare',
  steps: 'steps',
  seed: 'seed',
  classChoice: 'class',
  sampler: 'sampler',
  guidance: 'guidance',
  batch: 'batch',
} as const satisfies Record<keyof Settings, string>;

/** The same share of steps on the small model after the step count changes from `from` to `to`. */
export function rescaleSmallSteps(smallSteps: number, from: number, to: number): number {
  return fractionToSteps(to, Math.min(1, Math.max(0, smallSteps / from)));
}

/** r as people read it: the share of steps on the small model. */
export const fractionOf = (s: Pick<Settings, 'smallSteps' | 'steps'>): number => s.smallSteps / s.steps;

export function clampSteps(steps: number): number {
  if (!Number.isFinite(steps)) return STEPS.min;
  return Math.min(STEPS.max, Math.max(STEPS.min, Math.round(steps)));
}

/** The page's defaults, taking steps, sampler and guidance from the manifest when given. */
export function defaultSettings(manifestDefaults?: { steps: number; sampler: SamplerName; guidance: number }): Settings {
  const steps = clampSteps(manifestDefaults?.steps ?? 50);
  const guidance = manifestDefaults?.guidance;
  return {
    smallSteps: fractionToSteps(steps, DEFAULT_FRACTION),
    mediumSteps: 0,
    steps,
    compare: 'large-only',
    seed: 0,
    classChoice: 0,
    sampler: manifestDefaults?.sampler ?? 'ddim',
    guidance: guidance !== undefined && guidance >= GUIDANCE.min && guidance <= GUIDANCE.max ? guidance : 2,
    batch: 1,
  };
}

// Numbers are read in plain decimal notation only: digits, and for r and guidance one decimal
// point ("0.5", ".5", "2."). No sign, exponent ("1e3", "1e309"), hex ("0x10"), "NaN" or
// "Infinity". Both patterns are linear in the length of the value (no nested quantifiers).
const INTEGER = /^\d+$/;
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;
/** No setting needs a longer value; a longer one is refused before any pattern sees it. */
const MAX_VALUE_LENGTH = 64;
/** Characters of a value quoted in a notice; a longer value is cut and ends in "…". */
const SHOWN_LENGTH = 40;
/** Values listed in the notice about a repeated parameter. */
const SHOWN_REPEATS = 3;

export interface ParsedSettings {
  settings: Settings;
  /** One sentence per ignored parameter, for the page's notice. */
  problems: string[];
  /** True when the query string holds at least one setting (a shared link). */
  fromUrl: boolean;
}

const SETTING_PARAMS: ReadonlySet<string> = new Set(Object.values(URL_KEYS));

/** '"a", "b" or "c"' for the notice. */
const oneOf = (names: readonly string[]) =>
  names
    .map((n) => `"${n}"`)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');
const SAMPLER_RULE = oneOf(SAMPLERS);
const COMPARE_RULE = oneOf(COMPARISONS);

/** The values of each setting's parameter, in order; names are matched case-insensitively. */
function settingParams(search: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(search)) {
    const key = name.toLowerCase();
    if (!SETTING_PARAMS.has(key)) continue;
    const values = found.get(key);
    if (values) values.push(value);
    else found.set(key, [value]);
  }
  return found;
}

/**
 * A value from the link, quoted for the notice: at most SHOWN_LENGTH characters (then "…"),
 * with quotes, backslashes and invisible characters (controls, bidi overrides, zero-width
 * characters, line separators) escaped, so a hostile value can neither blow up the layout nor
 * disguise itself. The notice is rendered as text, never as markup.
 */
export function quoteValue(raw: string): string {
  const chars = Array.from(raw);
  const shown = chars.length > SHOWN_LENGTH ? `${chars.slice(0, SHOWN_LENGTH).join('')}…` : raw;
  return JSON.stringify(shown).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Settings from a query string; a malformed or out-of-range value keeps its default and is
 * reported in one sentence. The rules, for links typed or mangled by hand:
 * - numbers in plain decimal notation only (see INTEGER and DECIMAL above); an empty value, or one
 *   longer than MAX_VALUE_LENGTH characters, is refused; surrounding spaces are ignored;
 * - parameter names, `sampler` ("DDIM") and `class=random` are case-insensitive;
 * - a parameter given twice with the same value is read once; with different values
 *   (`steps=4&steps=8`) neither is used: the default applies and the notice lists the values;
 * - other parameters (`models`, `utm_source`, `foo`, ...) are ignored here without a notice and
 *   kept in the URL by writeSettings;
 * - r becomes a whole number of steps of the parsed step count without a notice (fractionToSteps).
 */
export function parseSettings(search: string, defaults: Settings, classNames: readonly string[], hasMedium = false): ParsedSettings {
  const params = settingParams(search);
  const s: Settings = { ...defaults };
  const problems: string[] = [];
  const fromUrl = params.size > 0;

  /** One parameter: parsed by `parse`, handed to `use`; a bad value keeps the default, shown as `shown`. */
  function readParam<T>(
    key: keyof Settings,
    rule: string,
    shown: string,
    parse: (raw: string) => T | undefined,
    accept: (v: T) => void,
  ): void {
    const name = URL_KEYS[key];
    const values = params.get(name);
    if (!values) return;
    const using = `using ${shown}`;
    const distinct = [...new Set(values.map((v) => v.trim()))];
    if (distinct.length > 1) {
      const listed = distinct.slice(0, SHOWN_REPEATS).map(quoteValue).join(', ');
      const more = distinct.length > SHOWN_REPEATS ? ', …' : '';
      problems.push(`${name} is given ${values.length} times with different values (${listed}${more}); ${using}.`);
      return;
    }
    const raw = values[0];
    const value = raw.length > MAX_VALUE_LENGTH ? undefined : parse(raw.trim());
    if (value === undefined) problems.push(`${name}=${quoteValue(raw)} is not ${rule}; ${using}.`);
    else accept(value);
  }
  const read = <K extends keyof Settings>(key: K, rule: string, parse: (raw: string) => Settings[K] | undefined) =>
    readParam(key, rule, formatValue(key, defaults[key], classNames), parse, (v) => (s[key] = v));

  const int = (min: number, max: number) => (raw: string) => {
    const n = INTEGER.test(raw) ? Number(raw) : NaN;
    return n >= min && n <= max ? n : undefined;
  };
  const decimal = (min: number, max: number) => (raw: string) => {
    const n = DECIMAL.test(raw) ? Number(raw) : NaN;
    return n >= min && n <= max ? n : undefined;
  };
  read('steps', `a whole number from ${STEPS.min} to ${STEPS.max}`, int(STEPS.min, STEPS.max));
  read('seed', `a whole number from 0 to ${SEED_MAX}`, int(0, SEED_MAX));
  // r is read as a share and turned into steps once the step count is known.
  let fraction = fractionOf(defaults);
  readParam('smallSteps', 'a number from 0 to 1', String(Number(fraction.toFixed(6))), decimal(0, 1), (v) => (fraction = v));
  read('guidance', `a number from ${GUIDANCE.min} to ${GUIDANCE.max}`, decimal(GUIDANCE.min, GUIDANCE.max));
  read('sampler', SAMPLER_RULE, (raw) => SAMPLERS.find((name) => name === raw.toLowerCase()));
  read('batch', '1, 4 or 16', (raw) => BATCH_SIZES.find((b) => String(b) === raw));
  read('classChoice', `a class number from 0 to ${classNames.length - 1} or "random"`, (raw) =>
    raw.toLowerCase() === 'random' ? 'random' : int(0, classNames.length - 1)(raw),
  );
  let medium = 0;
  readParam(
    'mediumSteps',
    hasMedium ? 'a number from 0 to 1' : '0 (these models have no medium model)',
    '0',
    decimal(0, hasMedium ? 1 : 0),
    (v) => (medium = v),
  );
  read('compare', COMPARE_RULE, (raw) => COMPARISONS.find((c) => c === raw.toLowerCase()));
  s.smallSteps = fractionToSteps(s.steps, fraction);
  s.mediumSteps = fractionToSteps(s.steps, medium);
  if (s.smallSteps + s.mediumSteps > s.steps) {
    s.mediumSteps = s.steps - s.smallSteps;
    problems.push(
      `r + rm is more than all steps; using rm = ${Number(fractionOf({ smallSteps: s.mediumSteps, steps: s.steps }).toFixed(6))}.`,
    );
  }
  return { settings: s, problems, fromUrl };
}

function formatValue<K extends keyof Settings>(key: K, value: Settings[K], classNames: readonly string[]): string {
  if (key === 'classChoice') return value === 'random' ? 'random' : `${value} (${classNames[value as number] ?? '?'})`;
  return String(value);
}

/**
 * The query string for `settings`, keeping unrelated parameters (such as `models`) first and as
 * they were. Every spelling of a setting's name (`Steps`, repeats) is replaced by one canonical entry.
 */
export function writeSettings(search: string, settings: Settings): string {
  const q = new URLSearchParams(search);
  for (const name of new Set(q.keys())) if (SETTING_PARAMS.has(name.toLowerCase())) q.delete(name);
  q.set(URL_KEYS.smallSteps, String(Number(fractionOf(settings).toFixed(6))));
  q.set(URL_KEYS.steps, String(settings.steps));
  q.set(URL_KEYS.seed, String(settings.seed));
  q.set(URL_KEYS.classChoice, String(settings.classChoice));
  q.set(URL_KEYS.sampler, settings.sampler);
  q.set(URL_KEYS.guidance, String(settings.guidance));
  q.set(URL_KEYS.batch, String(settings.batch));
  // The newer settings only when they differ from the default, so older links keep their form.
  if (settings.mediumSteps > 0)
    q.set(URL_KEYS.mediumSteps, String(Number(fractionOf({ smallSteps: settings.mediumSteps, steps: settings.steps }).toFixed(6))));
  if (settings.compare !== 'large-only') q.set(URL_KEYS.compare, settings.compare);
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
