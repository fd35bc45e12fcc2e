// npm run kernels: nodes executed per forward pass of each denoiser, and where each ran (CPU or
// GPU), from onnxruntime's profiler, on onnxruntime-node's CPU EP and its native WebGPU EP.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { intFlag, log, runMain, sibling, writeText } from '../lib/cli';
import { KERNEL_BACKENDS, kernelMarkdown, measureKernels, type KernelBackend } from './lib/kernelReport';
import { DEFAULT_MODELS_DIR } from '../lib/models';

const HELP = `npm run kernels -- [flags]
  --models DIR      folder with manifest.json (default public/models); every denoiser in it is profiled
  --backends LIST   cpu,webgpu (default both): onnxruntime-node's CPU EP and its native WebGPU EP; WebGPU
                    needs a Vulkan driver: VK_DRIVER_FILES, else Chromium's SwiftShader when installed
  --batch N         images per call (default 2: guidance doubles the page's batch of 1)
  --runs N          profiled calls per session; counts are per call (default 2)
  --out FILE.json   results; FILE.md next to it (default runs/kernels.json)
Counts only: nothing here is timed.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      models: { type: 'string' },
      backends: { type: 'string' },
      batch: { type: 'string' },
      runs: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return console.log(HELP);
  const backends = (values.backends ?? KERNEL_BACKENDS.join(',')).split(',').map((b) => b.trim()) as KernelBackend[];
  const unknown = backends.filter((b) => !KERNEL_BACKENDS.includes(b));
  if (unknown.length > 0) throw new Error(`--backends: unknown ${unknown.join(', ')}; use ${KERNEL_BACKENDS.join(', ')}`);
  const out = resolve(values.out ?? 'runs/kernels.json');
  const report = await measureKernels({
    modelsDir: values.models ?? DEFAULT_MODELS_DIR,
    backends,
    batch: intFlag('batch', values.batch, 2),
    runs: intFlag('runs', values.runs, 2),
    progress: (m) => log('kernels', m),
  });
  report.command = `npm run kernels --${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join('')}`;
  for (const d of report.denoisers) {
    for (const [b, k] of Object.entries(d.backends)) {
      log('kernels', `${d.id} ${b}: ${'error' in k ? `failed: ${k.error}` : `${k.nodes} nodes, ${JSON.stringify(k.placement)}`}`);
    }
  }
  writeText(out, JSON.stringify(report, null, 2) + '\n');
  writeText(sibling(out, '.md'), kernelMarkdown(report));
  log('kernels', `wrote ${out} (+ .md)`);
}

runMain('kernels', main);
