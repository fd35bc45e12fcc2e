// bench.html: runs src/bench/bench.ts on the shipped models in this browser (WebGPU when an
// adapter exists, else wasm) and shows the table. tools/bench.ts --backend browser drives it
// headless and reads window.__bench.
import { createDenoiserSession, createRunQueue, type DenoiserSession } from '../runtime/denoiser';
import { chooseBackend } from '../runtime/backend';
import { fetchVerified } from '../runtime/fetchModel';
import { denoiserFor, fetchManifest, manifestUrl, modelFileUrl } from '../runtime/manifest';
import { webOrt } from '../runtime/ortWeb';
import { runBench, type BenchConfig, type BenchResult } from './bench';

export interface BrowserBenchReport {
  done: boolean;
  error?: string;
  config?: BenchConfig;
  backend?: 'webgpu' | 'wasm';
  fallbackReason?: string;
  adapter?: string;
  userAgent?: string;
  crossOriginIsolated?: boolean;
  result?: BenchResult;
}

declare global {
  interface Window {
    __bench: BrowserBenchReport;
  }
}

const $ = (id: string) => document.getElementById(id)!;
const say = (m: string) => {
  $('log').textContent += m + '\n';
  console.log(`[bench] ${m}`);
};

function readConfig(q: URLSearchParams, d: { sampler: 'ddim' | 'ddpm'; steps: number; guidance: number; eta: number }): BenchConfig {
  const num = (name: string, fallback: number) => {
    const v = q.get(name);
    if (v === null || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`?${name}=${v} is not a number`);
    return n;
  };
  const sampler = q.get('sampler') ?? d.sampler;
  if (sampler !== 'ddim' && sampler !== 'ddpm') throw new Error(`?sampler=${sampler}: use ddim or ddpm`);
  const fractions = (q.get('fractions') ?? '0,0.2,0.4,0.6,0.8,1').split(',').map(Number);
  return {
    fractions,
    steps: num('steps', d.steps),
    batch: num('batch', 1),
    repeats: num('repeats', 7),
    sampler,
    eta: num('eta', d.eta),
    guidance: num('guidance', d.guidance),
    seed: num('seed', 0),
  };
}

function render(res: BenchResult): void {
  const head = ['r', 'small / large steps', 'ms / image', 'large-only ms / image', 'speed-up', 'FLOP limit', 'efficiency', 'sampler overhead'];
  const rows = res.rows.map((r) => [
    String(r.fraction), `${r.smallSteps} / ${r.largeSteps}`, r.msPerImage.toFixed(1), r.largeMsPerImage.toFixed(1), r.speedup.toFixed(3),
    r.flopLimitSpeedup.toFixed(3), r.efficiency.toFixed(3), `${(100 * r.samplerOverheadShare).toFixed(2)}%`,
  ]);
  const table = document.createElement('table');
  for (const [i, cells] of [head, ...rows].entries()) {
    const tr = table.insertRow();
    for (const c of cells) {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      cell.textContent = c;
      tr.append(cell);
    }
  }
  $('table').replaceChildren(table);
}

async function main(): Promise<void> {
  window.__bench = { done: false };
  const q = new URLSearchParams(location.search);
  const href = manifestUrl('models', location.href);
  const manifest = await fetchManifest(href);
  const config = readConfig(q, manifest.defaults);
  const wanted = q.get('backend') ?? 'auto';
  if (!['auto', 'wasm', 'webgpu'].includes(wanted)) throw new Error(`?backend=${wanted}: use auto, wasm or webgpu`);
  const choice = await chooseBackend();
  const backend: 'webgpu' | 'wasm' = wanted === 'wasm' ? 'wasm' : choice.backend;
  const fallbackReason = wanted === 'wasm' ? 'wasm was requested (?backend=wasm)' : choice.fallbackReason;
  if (wanted === 'webgpu' && backend !== 'webgpu') throw new Error(`?backend=webgpu but ${choice.fallbackReason}`);
  say(`backend ${backend}${choice.adapter && backend === 'webgpu' ? ` (${choice.adapter})` : ''}${fallbackReason ? `: ${fallbackReason}` : ''}`);
  Object.assign(window.__bench, { config, backend, fallbackReason, adapter: choice.adapter, userAgent: navigator.userAgent, crossOriginIsolated: self.crossOriginIsolated });
  $('status').textContent = `Running on ${backend}…`;

  const ort = await webOrt();
  const queue = createRunQueue();
  const sessions: DenoiserSession[] = [];
  try {
    for (const role of ['small', 'large'] as const) {
      const e = denoiserFor(manifest, role);
      const bytes = await fetchVerified(modelFileUrl(href, e.file), e.file, e.sha256);
      sessions.push(await createDenoiserSession(ort, new Uint8Array(bytes), { id: e.id, backend, image: manifest.image, queue }));
    }
    const [small, large] = sessions;
    const result = await runBench(manifest, { small: small.denoise, large: large.denoise }, config, say);
    render(result);
    $('status').textContent = `Done on ${backend}.`;
    Object.assign(window.__bench, { result, done: true });
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  $('status').textContent = `Error: ${message}`;
  $('status').className = 'error';
  console.error(`[bench] ${message}`);
  window.__bench = { ...(window.__bench ?? {}), done: true, error: message };
});
