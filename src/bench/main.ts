// bench.html's page: runs the core's benchmark (src/core/bench.ts) on the shipped models in the
// runtime worker, as the classroom page runs its models (WebGPU when an adapter exists, else
// wasm), and shows the table. tools/research/bench.ts --backend browser drives it headless and
// reads window.__bench.
import { RuntimeClient } from '../client/client';
import { SAMPLERS, type BenchConfig, type BenchResult, type SamplerName } from '../core';
import { manifestUrl } from '../models/manifest';
import { fetchManifest } from '../models/readManifest';
import type { BackendName } from '../worker/protocol';

export interface BrowserBenchReport {
  done: boolean;
  error?: string;
  config?: BenchConfig;
  backend?: BackendName;
  fallbackReason?: string;
  adapter?: string;
  userAgent?: string;
  crossOriginIsolated?: boolean;
  /** The threads of onnxruntime's wasm backend in the runtime worker (src/worker/ortBuild.ts wasmThreads). */
  threads?: number;
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

function readConfig(q: URLSearchParams, d: { sampler: SamplerName; steps: number; guidance: number; eta: number }): BenchConfig {
  const num = (name: string, fallback: number) => {
    const v = q.get(name);
    if (v === null || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`?${name}=${v} is not a number`);
    return n;
  };
  const sampler = (q.get('sampler') ?? d.sampler) as SamplerName;
  if (!SAMPLERS.includes(sampler)) throw new Error(`?sampler=${sampler}: use ${SAMPLERS.join(', ')}`);
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
  const head = [
    'r',
    'small / large steps',
    'ms / image',
    'large-only ms / image',
    'speed-up',
    'FLOP limit',
    'efficiency',
    'sampler overhead',
  ];
  const rows = res.rows.map((r) => [
    String(r.fraction),
    `${r.smallSteps} / ${r.largeSteps}`,
    r.msPerImage.toFixed(1),
    r.largeMsPerImage.toFixed(1),
    r.speedup.toFixed(3),
    r.flopLimitSpeedup.toFixed(3),
    r.efficiency.toFixed(3),
    `${(100 * r.samplerOverheadShare).toFixed(2)}%`,
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
  const client = new RuntimeClient();
  // As on the page: a software WebGPU adapter only when the link asks for it (gpu=software).
  client.softwareGpu = q.get('gpu') === 'software';
  const choice = await client.probe();
  const backend: BackendName = wanted === 'wasm' ? 'wasm' : choice.backend;
  if (wanted === 'webgpu' && backend !== 'webgpu') throw new Error(`?backend=webgpu but ${choice.fallbackReason}`);
  $('status').textContent = `Loading the models on ${backend}…`;
  try {
    const loaded = await client.load(href, manifest, backend);
    const fallbackReason = wanted === 'wasm' ? 'wasm was requested (?backend=wasm)' : loaded.fallbackReason;
    say(`backend ${loaded.backend}${loaded.adapter ? ` (${loaded.adapter})` : ''}${fallbackReason ? `: ${fallbackReason}` : ''}`);
    say(`crossOriginIsolated ${self.crossOriginIsolated}, wasm threads ${loaded.runtime?.threads ?? 'not reported'}`);
    Object.assign(window.__bench, {
      config,
      backend: loaded.backend,
      fallbackReason,
      adapter: loaded.adapter,
      userAgent: navigator.userAgent,
      crossOriginIsolated: self.crossOriginIsolated,
      threads: loaded.runtime?.threads,
    });
    $('status').textContent = `Running on ${loaded.backend}…`;
    const got: { result?: BenchResult } = {};
    await client.bench(config, say, (r) => (got.result = r)).done;
    const result = got.result;
    if (!result) throw new Error('the benchmark ended without a result');
    render(result);
    $('status').textContent = `Done on ${loaded.backend}.`;
    Object.assign(window.__bench, { result, done: true });
  } finally {
    client.terminate('The benchmark has ended.');
  }
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  $('status').textContent = `Error: ${message}`;
  $('status').className = 'error';
  console.error(`[bench] ${message}`);
  window.__bench = { ...(window.__bench ?? {}), done: true, error: message };
});
