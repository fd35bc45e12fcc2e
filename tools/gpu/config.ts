// The GPU measurement's settings (tools/gpu/measure.ts): flags in, one checked config out. Pure.
import { parseArgs } from 'node:util';
import { intFlag, parseFractions } from '../lib/cli';

export const GPU_EPS = ['webgpu', 'cpu'] as const;
export type GpuEp = (typeof GPU_EPS)[number];

export interface ModelSetRef {
  /** Short name in the report: lean (the shipped export), plain (the first export). */
  label: string;
  dir: string;
}

export interface GpuConfig {
  sets: ModelSetRef[];
  eps: GpuEp[];
  /** Images per trajectory on the WebGPU EP; with guidance each model call runs twice as many. */
  batches: number[];
  /** The same on the CPU EP, which is only the reference (a large batch there takes minutes). */
  cpuBatches: number[];
  fractions: number[];
  /** Sampling steps; undefined: the manifest's defaults.steps. */
  steps?: number;
  /** Timed (stitched, large-only) pairs per fraction (src/core/bench.ts). */
  repeats: number;
  /** Timed calls per model and batch for the ms-per-call table. */
  calls: number;
  /** Profiled calls per session for the node counts. */
  kernelRuns: number;
  /** onnxruntime intra-op threads of every session (the tools' default: 1). */
  threads: number;
  /** Past this many seconds, the speed-up runs still to do are skipped (and said so); 0: no limit. */
  budgetSeconds: number;
  out: string;
  /** VK_LOADER_DEBUG=driver output of a probe run: which ICD and which physical devices. */
  vulkanLog?: string;
  /** A text file about the machine (nvidia-smi's answer), quoted in the report. */
  machineNote?: string;
  /** --probe: open one WebGPU session, run it once, print what ran, and stop. */
  probe: boolean;
}

export const GPU_HELP = `node measure.mjs [flags]   (in the repo: npx tsx tools/gpu/measure.ts [flags])
  --models LIST      label=DIR,... model folders with manifest.json (default lean=public/models)
  --eps LIST         webgpu,cpu (default both): onnxruntime-node's native WebGPU EP (Vulkan) and its CPU EP
  --batches LIST     images per trajectory on WebGPU (default 1,4,16); guidance 2 doubles the images per call
  --cpu-batches LIST the same on the CPU EP, the reference (default 1)
  --fractions LIST   r: share of steps on the small model (default 0,0.4,1)
  --steps N          sampling steps (default: the manifest's, 50)
  --repeats N        timed (stitched, large-only) pairs per fraction (default 7)
  --calls N          timed calls per model and batch for ms per call (default 30)
  --kernel-runs N    profiled calls per session for the node counts (default 2)
  --threads N        onnxruntime intra-op threads (default 1)
  --budget-s N       skip the speed-up runs still to do after N seconds (default 0: none)
  --vulkan-log FILE  VK_LOADER_DEBUG=driver output of a probe run (run.sh makes it)
  --machine-note F   a text file quoted in the report (run.sh writes nvidia-smi's answer there)
  --out FILE.json    results; FILE.md next to it (default runs/gpu/measure.json)
  --probe            one WebGPU call on the first set's small model with the Vulkan loader's log, then stop`;

const list = (name: string, v: string, min = 1) => {
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new Error(`--${name}: empty list`);
  return [...new Set(items.map((s) => intFlag(name, s, 0, min)))].sort((a, b) => a - b);
};

export function parseModelSets(v: string): ModelSetRef[] {
  const sets = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const eq = s.indexOf('=');
      const label = eq > 0 ? s.slice(0, eq) : s.replace(/\/+$/, '').split('/').pop() || s;
      const dir = eq > 0 ? s.slice(eq + 1) : s;
      if (!/^[A-Za-z0-9_-]+$/.test(label) || !dir)
        throw new Error(`--models ${JSON.stringify(s)}: expected label=DIR (label: letters, digits, - and _)`);
      return { label, dir };
    });
  if (sets.length === 0) throw new Error('--models: no model folder given');
  const labels = sets.map((s) => s.label);
  if (new Set(labels).size !== labels.length) throw new Error(`--models: labels must differ, got ${labels.join(', ')}`);
  return sets;
}

export function parseGpuArgs(argv: string[]): GpuConfig | 'help' {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      models: { type: 'string' },
      eps: { type: 'string' },
      batches: { type: 'string' },
      'cpu-batches': { type: 'string' },
      fractions: { type: 'string' },
      steps: { type: 'string' },
      repeats: { type: 'string' },
      calls: { type: 'string' },
      'kernel-runs': { type: 'string' },
      threads: { type: 'string' },
      'budget-s': { type: 'string' },
      'vulkan-log': { type: 'string' },
      'machine-note': { type: 'string' },
      out: { type: 'string' },
      probe: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (v.help) return 'help';
  const eps = [...new Set((v.eps ?? GPU_EPS.join(',')).split(',').map((s) => s.trim()))] as GpuEp[];
  const unknown = eps.filter((e) => !GPU_EPS.includes(e));
  if (unknown.length > 0 || eps.length === 0)
    throw new Error(`--eps: unknown ${unknown.join(', ') || '(none)'}; use ${GPU_EPS.join(', ')}`);
  return {
    sets: parseModelSets(v.models ?? 'lean=public/models'),
    eps,
    batches: list('batches', v.batches ?? '1,4,16'),
    cpuBatches: list('cpu-batches', v['cpu-batches'] ?? '1'),
    fractions: parseFractions(v.fractions ?? '0,0.4,1'),
    steps: v.steps === undefined ? undefined : intFlag('steps', v.steps, 0),
    repeats: intFlag('repeats', v.repeats, 7),
    calls: intFlag('calls', v.calls, 30),
    kernelRuns: intFlag('kernel-runs', v['kernel-runs'], 2),
    threads: intFlag('threads', v.threads, 1),
    budgetSeconds: intFlag('budget-s', v['budget-s'], 0, 0),
    out: v.out ?? 'runs/gpu/measure.json',
    vulkanLog: v['vulkan-log'],
    machineNote: v['machine-note'],
    probe: v.probe ?? false,
  };
}

/** The batches measured on an EP. */
export const batchesFor = (c: Pick<GpuConfig, 'batches' | 'cpuBatches'>, ep: GpuEp) => (ep === 'cpu' ? c.cpuBatches : c.batches);
