// Open the shipped models from a manifest directory (public/models by default) for Node tools:
// files are checked against the manifest's sha256, sessions come from src/models' wrappers.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MODEL_ROLES, type Denoisers, type ModelRole } from '../../src/core';
import { createClassifierSession, type ClassifierSession } from '../../src/models/classifier';
import { denoiserFor, type Manifest } from '../../src/models/manifest';
import { parseManifest } from '../../src/models/readManifest';
import { createRunQueue } from '../../src/models/runQueue';
import { createDenoiserSession, type DenoiserSession } from '../../src/models/session';
import type { LoadedOrt } from './ort';

export const DEFAULT_MODELS_DIR = resolve(import.meta.dirname, '../../public/models');

export function loadManifest(dir = DEFAULT_MODELS_DIR): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new Error(`No model manifest at ${path}; pass --models DIR (a folder with manifest.json)`);
  return parseManifest(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** The file's bytes, after checking them against the manifest's sha256. */
export function readVerified(dir: string, file: string, sha256: string): Uint8Array {
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`Model file ${path} is missing (named in ${join(dir, 'manifest.json')})`);
  const bytes = readFileSync(path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256.toLowerCase()) {
    throw new Error(`${path} is corrupt or out of date: sha256 ${actual} does not match the manifest's ${sha256.toLowerCase()}`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface OpenedDenoisers {
  sessions: Partial<Record<ModelRole, DenoiserSession>>;
  /** The sessions' Denoiser callbacks, for the core's sample(). */
  denoisers: Denoisers;
  release(): Promise<void>;
}

/** The manifest's denoisers in `roles` (all it has by default), checked against their sha256, on one shared run queue. */
export async function openDenoisers(
  o: LoadedOrt,
  manifest: Manifest,
  dir = DEFAULT_MODELS_DIR,
  roles: readonly ModelRole[] = MODEL_ROLES.filter((r) => manifest.denoisers.some((d) => d.role === r)),
): Promise<OpenedDenoisers> {
  const queue = createRunQueue();
  const sessions: OpenedDenoisers['sessions'] = {};
  for (const role of roles) {
    const e = denoiserFor(manifest, role);
    sessions[role] = await createDenoiserSession(o.ort, readVerified(dir, e.file, e.sha256), {
      id: e.id,
      backend: o.provider,
      image: manifest.image,
      queue,
    });
  }
  const denoisers: Denoisers = Object.fromEntries(Object.entries(sessions).map(([r, s]) => [r, s.denoise]));
  return { sessions, denoisers, release: async () => void (await Promise.all(Object.values(sessions).map((s) => s.release()))) };
}

/** The manifest's `classifier` entry (written by training/classifier.py). */
export interface ClassifierEntry {
  file: string;
  sha256: string;
  featureDim: number;
  stats: string;
  statsSha256?: string;
  testAccuracy?: number;
}

export function classifierEntry(manifest: Manifest): ClassifierEntry | undefined {
  const c = manifest.classifier;
  if (!c) return undefined;
  if (typeof c.file !== 'string' || typeof c.sha256 !== 'string' || typeof c.stats !== 'string' || typeof c.featureDim !== 'number') {
    throw new Error('manifest.classifier must have file, sha256, featureDim and stats (docs/ARCHITECTURE.md)');
  }
  return c as unknown as ClassifierEntry;
}

/** Reference feature statistics (fid-stats.json): mean and covariance of the test split's features. */
export interface ReferenceStats {
  featureDim: number;
  count: number;
  source?: string;
  mu: Float64Array;
  sigma: Float64Array;
}

export function loadStats(path: string, sha256?: string): ReferenceStats {
  const bytes = readFileSync(path);
  if (sha256) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256.toLowerCase()) throw new Error(`${path}: sha256 ${actual} does not match the manifest's ${sha256}`);
  }
  const j = JSON.parse(bytes.toString('utf8')) as { featureDim: number; count: number; source?: string; mu: number[]; sigma: number[] };
  const d = j.featureDim;
  if (!Number.isInteger(d) || !Array.isArray(j.mu) || j.mu.length !== d || !Array.isArray(j.sigma) || j.sigma.length !== d * d) {
    throw new Error(
      `${path}: expected {featureDim: d, count, mu: d numbers, sigma: d*d numbers}, got featureDim=${d}, ` +
        `mu ${j.mu?.length} and sigma ${j.sigma?.length} values`,
    );
  }
  return { featureDim: d, count: j.count, source: j.source, mu: Float64Array.from(j.mu), sigma: Float64Array.from(j.sigma) };
}

export interface Evaluator {
  entry: ClassifierEntry;
  session: ClassifierSession;
  stats: ReferenceStats;
}

/** The classifier and its reference stats, or undefined when the manifest has no classifier yet. */
export async function openEvaluator(o: LoadedOrt, manifest: Manifest, dir = DEFAULT_MODELS_DIR): Promise<Evaluator | undefined> {
  const entry = classifierEntry(manifest);
  if (!entry) return undefined;
  const stats = loadStats(join(dir, entry.stats), entry.statsSha256);
  if (stats.featureDim !== entry.featureDim) {
    throw new Error(`${entry.stats} has featureDim ${stats.featureDim} but the manifest's classifier says ${entry.featureDim}`);
  }
  const session = await createClassifierSession(o.ort, readVerified(dir, entry.file, entry.sha256), {
    id: 'classifier',
    backend: o.provider,
    image: manifest.image,
    numClasses: manifest.classes.length,
    featureDim: entry.featureDim,
  });
  return { entry, session, stats };
}
