// npm run bench: wall time per image of the stitched loop vs the large-only loop, per fraction r,
// against the FLOP-limit speed-up. The measuring code is src/core/bench.ts, shared with the
// browser page bench.html (--backend browser runs that page in headless Chromium).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { checkBenchConfig, runBench, type BenchConfig, type BenchResult } from '../../src/core/bench';
import { SAMPLERS, type SamplerName } from '../../src/core';
import type { Manifest } from '../../src/models/manifest';
import { choiceFlag, intFlag, log, machineInfo, numFlag, parseFractions, runMain, sibling, writeText } from '../lib/cli';
import { DEFAULT_MODELS_DIR, loadManifest, openDenoisers } from '../lib/models';
import { loadOrt } from '../lib/ort';
import { lineChart } from './lib/plot';

const HELP = `npm run bench -- [flags]
  --backend NAME     node (onnxruntime-node, default) | wasm (onnxruntime-web in Node, 1 thread) |
                     browser (bench.html in headless Chromium: WebGPU when an adapter exists, else wasm)
  --fractions LIST   0,0.4,1 or start:stop:step (default 0:1:0.1)
  --steps N          sampling steps (default: the manifest's defaults.steps)
  --batch N          images per trajectory (default 1, as the page)
  --repeats N        timed (stitched, large-only) pairs per fraction, interleaved; medians reported (default 15)
  --sampler, --eta, --guidance, --seed   as npm run eval (defaults from the manifest)
  --threads N        onnxruntime-node intra-op threads; 0 = its default, one per core (default 1)
  --webgpu MODE      browser only: off (default): plain headless Chromium, which has no WebGPU adapter here, so
                     the page runs wasm; swiftshader: add the SwiftShader flags, so the page runs WebGPU on a
                     software GPU (seconds per model call: use --steps 4 --repeats 1)
  --isolate          browser only: serve bench.html with COOP/COEP headers, so the page is cross-origin isolated
                     and onnxruntime's wasm backend runs up to 4 threads (min(4, cores)); without it, 1 thread
  --models DIR       folder with manifest.json (node and wasm backends; default public/models)
  --out FILE.json    results; FILE.md and FILE.svg next to it (default runs/bench-BACKEND.json)
  --quick            preset: fractions 0:1:0.2, 5 repeats; 20 steps on wasm and browser (< 2 min on 2 cores)`;

/** node: the default 50 steps; wasm and browser (about 3x slower per call here): 20 steps. */
export const QUICK = { fractions: '0:1:0.2', repeats: 5, wasmSteps: 20 } as const;
type Backend = 'node' | 'wasm' | 'browser';

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      backend: { type: 'string' },
      fractions: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      repeats: { type: 'string' },
      sampler: { type: 'string' },
      eta: { type: 'string' },
      guidance: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      webgpu: { type: 'string' },
      models: { type: 'string' },
      isolate: { type: 'boolean' },
      out: { type: 'string' },
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
}

export interface BenchOutput extends BenchResult {
  tool: string;
  config: BenchConfig & Record<string, unknown> & { command: string; backend: Backend; runtime: string };
}

async function main(): Promise<void> {
  const values = parse(process.argv.slice(2));
  if (values.help) {
    console.log(HELP);
    return;
  }
  const t0 = performance.now();
  // Timings are worth little on a busy machine: the 1-minute load average before and after is in the JSON.
  const loadAtStart = (await import('node:os')).loadavg()[0];
  const quick = values.quick ?? false;
  const backend = choiceFlag<Backend>('backend', values.backend, 'node', ['node', 'wasm', 'browser']);
  const modelsDir = resolve(values.models ?? DEFAULT_MODELS_DIR);
  const manifest = loadManifest(modelsDir);
  const d = manifest.defaults;
  const cfg: BenchConfig = {
    fractions: parseFractions(values.fractions ?? (quick ? QUICK.fractions : '0:1:0.1')),
    steps: intFlag('steps', values.steps, quick && backend !== 'node' ? QUICK.wasmSteps : d.steps),
    batch: intFlag('batch', values.batch, 1),
    repeats: intFlag('repeats', values.repeats, quick ? QUICK.repeats : 15),
    sampler: choiceFlag<SamplerName>('sampler', values.sampler, d.sampler, SAMPLERS),
    eta: numFlag('eta', values.eta, d.eta),
    guidance: numFlag('guidance', values.guidance, d.guidance),
    seed: intFlag('seed', values.seed, 0, 0),
  };
  checkBenchConfig(cfg);
  const threads = intFlag('threads', values.threads, 1, 0);
  const out = resolve(values.out ?? `runs/bench-${backend}.json`);
  const progress = (m: string) => log('bench', m);

  let result: BenchResult;
  let runtime: string;
  let extra: Record<string, unknown> = {};
  if (backend === 'browser') {
    if (values.models) throw new Error('--models does not apply to --backend browser: the page loads public/models');
    const { runBrowserBench } = await import('./lib/browserBench');
    const webgpu = choiceFlag('webgpu', values.webgpu, 'off', ['off', 'swiftshader']);
    const b = await runBrowserBench(cfg, { webgpu: webgpu === 'swiftshader', isolate: values.isolate ?? false, progress });
    result = b.result;
    runtime = b.runtime;
    extra = {
      browser: b.browser,
      pageBackend: b.pageBackend,
      fallbackReason: b.fallbackReason,
      isolate: values.isolate ?? false,
      crossOriginIsolated: b.crossOriginIsolated,
      wasmThreads: b.threads ?? null,
    };
  } else if (values.isolate) {
    throw new Error('--isolate applies to --backend browser only');
  } else {
    const o = await loadOrt(backend, { threads });
    runtime = o.description;
    progress(
      `${runtime}; batch ${cfg.batch}, ${cfg.sampler} ${cfg.steps} steps, guidance ${cfg.guidance}, ${cfg.repeats} repeats x ${cfg.fractions.length} fractions`,
    );
    const denoisers = await openDenoisers(o, manifest, modelsDir);
    try {
      const cpuClock = () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      };
      result = await runBench(manifest, denoisers.denoisers, cfg, progress, cpuClock);
    } finally {
      await denoisers.release();
    }
    if (backend === 'node') extra = { threads };
  }

  const output: BenchOutput = {
    tool: 'tools/research/bench.ts',
    config: {
      command: `npm run bench --${process.argv
        .slice(2)
        .map((a) => ` ${a}`)
        .join('')}`,
      ...cfg,
      quick,
      backend,
      runtime,
      ...extra,
      models: manifest.denoisers.map((m) => ({ role: m.role, id: m.id, sha256: m.sha256, gflops: m.gflops })),
      machine: { ...(await machineInfo()), loadAverage1mAtStart: loadAtStart },
      date: new Date().toISOString(),
      wallSeconds: 0,
    },
    ...result,
  };
  output.config.wallSeconds = Math.round((performance.now() - t0) / 100) / 10;
  writeText(out, JSON.stringify(output, null, 2) + '\n');
  writeText(sibling(out, '.md'), markdown(output));
  writeText(sibling(out, '.svg'), plot(output, manifest));
  const at = output.rows.find((r) => Math.abs(r.fraction - 0.4) < 1e-9);
  if (at) {
    log(
      'bench',
      `r=0.4 on ${runtime}: speed-up ${at.speedup.toFixed(3)} of a FLOP limit ${at.flopLimitSpeedup.toFixed(3)}: efficiency ${at.efficiency.toFixed(3)}` +
        (at.cpuEfficiency === null ? '' : ` (CPU time: ${at.cpuEfficiency.toFixed(3)})`),
    );
  }
  log('bench', `wrote ${out} (+ .md, .svg) in ${output.config.wallSeconds} s`);
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

export function markdown(o: BenchOutput): string {
  const c = o.config;
  return [
    `# Speed-up vs fraction r of steps on the small model (${c.backend})`,
    '',
    `Command: \`${c.command}\``,
    '',
    `${c.runtime}; batch ${c.batch} (${o.imagesPerCall} images per model call with guidance ${c.guidance}), ${c.sampler} ${c.steps} steps, ` +
      `${c.repeats} back-to-back (stitched, large-only) pairs per fraction, alternating which runs first; times are medians of wall time, ` +
      `speed-up is the median of the pairs' ratios (CPU-time columns: the same from process CPU time, which ignores waiting for a core). ` +
      `One model call inside the loops: small ${o.callMs.small.toFixed(2)} ms, large ${o.callMs.large.toFixed(2)} ms: time ratio ${o.callTimeCostRatio.toFixed(3)} ` +
      `against a FLOP ratio of ${o.flopCostRatio.toFixed(3)}. Sampler overhead (time outside model calls): ${pct(o.samplerOverheadShare)} of all timed loops.`,
    '',
    '| r | small / large steps | ms / image | large-only ms / image | speed-up | FLOP-limit speed-up | efficiency | call-time limit | sampler overhead | CPU-time speed-up | CPU-time efficiency |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...o.rows.map(
      (r) =>
        `| ${r.fraction} | ${r.smallSteps} / ${r.largeSteps} | ${r.msPerImage.toFixed(1)} | ${r.largeMsPerImage.toFixed(1)} | ${r.speedup.toFixed(3)} | ` +
        `${r.flopLimitSpeedup.toFixed(3)} | ${r.efficiency.toFixed(3)} | ${r.callTimeLimitSpeedup?.toFixed(3) ?? 'n/a'} | ${pct(r.samplerOverheadShare)} | ${r.cpuSpeedup?.toFixed(3) ?? 'n/a'} | ${r.cpuEfficiency?.toFixed(3) ?? 'n/a'} |`,
    ),
    '',
  ].join('\n');
}

function plot(o: BenchOutput, manifest: Manifest): string {
  const c = o.config;
  return lineChart({
    title: `Speed-up vs r: ${manifest.denoisers.map((m) => m.id).join(' + ')}, ${c.backend}, batch ${c.batch}, ${c.steps} steps`,
    xLabel: 'r: fraction of steps on the small model',
    left: {
      label: 'speed-up over large-only',
      series: [
        { name: 'measured', color: '#1f77b4', points: o.rows.map((r) => [r.fraction, r.speedup]) },
        { name: 'FLOP limit', color: '#999', dashed: true, points: o.rows.map((r) => [r.fraction, r.flopLimitSpeedup]) },
        { name: 'call-time limit', color: '#2ca02c', dashed: true, points: o.rows.map((r) => [r.fraction, r.callTimeLimitSpeedup]) },
      ],
    },
    right: {
      label: 'efficiency (speed-up / FLOP limit)',
      series: [{ name: 'efficiency', color: '#d62728', points: o.rows.map((r) => [r.fraction, r.efficiency]) }],
    },
  });
}

runMain('bench', main);
