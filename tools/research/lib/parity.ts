// npm run parity: the denoisers of a manifest folder against torch (the outputs
// training/make_fixtures.py stored in training/fixtures/reference.json) and, optionally, against
// another folder's denoisers of the same id, on the same reference inputs.
import { readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type * as OrtNode from 'onnxruntime-node';
import { loadManifest, readVerified } from '../../lib/models';
import { browserEps } from './browserParity';
import { loadOrt, loadOrtNode, vulkanDriver } from '../../lib/ort';

export const REFERENCE = resolve(import.meta.dirname, '../../../training/fixtures/reference.json');

export interface ReferenceCase {
  file: string;
  x: number[];
  t: number[];
  y: number[];
  shape: number[];
  eps: number[];
}

export const PARITY_BACKENDS = ['cpu', 'wasm', 'webgpu', 'browser-webgpu', 'browser-wasm'] as const;
export type ParityBackend = (typeof PARITY_BACKENDS)[number];

export interface ParityRow {
  id: string;
  role: string;
  /** The reference case used (its file names the model torch ran). */
  reference: string;
  /** max |eps - eps_torch| per backend, or why it did not run. */
  vsTorch: Partial<Record<ParityBackend, number | string>>;
  /** max |eps - eps_other| on the CPU EP, with --against. */
  vsAgainst?: number;
}

type Session = { run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>; release(): Promise<void> };
type Ort = { InferenceSession: { create(m: Uint8Array, o: object): Promise<Session> }; Tensor: typeof OrtNode.Tensor };

async function eps(ort: Ort, model: Uint8Array, provider: string, c: ReferenceCase): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  try {
    const n = c.shape[0];
    const out = await session.run({
      x: new ort.Tensor('float32', Float32Array.from(c.x), c.shape),
      t: new ort.Tensor('float32', Float32Array.from(c.t), [n]),
      y: new ort.Tensor('int64', BigInt64Array.from(c.y.map(BigInt)), [n]),
    });
    return out.eps.data as Float32Array;
  } finally {
    await session.release();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`outputs differ in length: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

async function runtimeFor(backend: 'cpu' | 'wasm' | 'webgpu'): Promise<{ ort: Ort; provider: string }> {
  if (backend === 'wasm') return { ort: (await loadOrt('wasm')).ort as unknown as Ort, provider: 'wasm' };
  if (backend === 'webgpu') vulkanDriver();
  return { ort: (await loadOrtNode()) as unknown as Ort, provider: backend };
}

/** Each denoiser of `modelsDir` that has a torch reference case (matched by file name). */
export async function measureParity(o: { modelsDir: string; against?: string; backends: readonly ParityBackend[] }) {
  const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { cases: ReferenceCase[] };
  const dir = resolve(o.modelsDir);
  const manifest = loadManifest(dir);
  const other = o.against ? loadManifest(resolve(o.against)) : undefined;
  const cpu = await runtimeFor('cpu');
  const models = manifest.denoisers.flatMap((e) => {
    const c = reference.cases.find((k) => basename(k.file) === e.file);
    return c ? [{ e, c, bytes: readVerified(dir, e.file, e.sha256) }] : [];
  });
  const inBrowser = o.backends.filter((b) => b.startsWith('browser-')).map((b) => b.slice('browser-'.length) as 'webgpu' | 'wasm');
  const browser =
    inBrowser.length > 0
      ? await browserEps(
          models.map(({ c, bytes }) => ({ model: bytes, feeds: c })),
          inBrowser,
        )
      : undefined;
  const rows: ParityRow[] = [];
  for (const [i, { e, c, bytes }] of models.entries()) {
    const row: ParityRow = { id: e.id, role: e.role, reference: c.file, vsTorch: {} };
    for (const b of o.backends) {
      if (b.startsWith('browser-')) {
        const got = browser!.out[b.slice('browser-'.length)][i];
        row.vsTorch[b] = Array.isArray(got) ? maxAbsDiff(got, c.eps) : got.error;
        continue;
      }
      const r = b === 'cpu' ? cpu : await runtimeFor(b as 'wasm' | 'webgpu');
      row.vsTorch[b] = maxAbsDiff(await eps(r.ort, bytes, r.provider, c), c.eps);
    }
    const twin = other?.denoisers.find((d) => d.id === e.id);
    if (twin) {
      const theirs = await eps(cpu.ort, readVerified(resolve(o.against!), twin.file, twin.sha256), 'cpu', c);
      row.vsAgainst = maxAbsDiff(await eps(cpu.ort, bytes, 'cpu', c), theirs);
    }
    rows.push(row);
  }
  const rel = (p: string) => relative(process.cwd(), resolve(p)) || '.';
  return {
    models: rel(o.modelsDir),
    ...(o.against ? { against: rel(o.against) } : {}),
    ...(browser ? { browserAdapter: browser.adapter } : {}),
    rows,
  };
}
