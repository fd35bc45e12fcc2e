// Kernels per forward pass, counted from onnxruntime's profiler: every executed node writes one
// event of cat 'Node' whose name ends in '_kernel_time' (its '_fence_before'/'_fence_after'
// events are not kernels), with the op type and the execution provider it was placed on.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as OrtNode from 'onnxruntime-node';

/** Where a provider runs its kernels; a provider not named here is reported under its own name. */
const PLACE: Record<string, string> = {
  CPUExecutionProvider: 'CPU',
  WebGpuExecutionProvider: 'GPU',
  JsExecutionProvider: 'GPU',
};

export const placeOf = (provider: string): string => PLACE[provider] ?? provider;

export interface KernelNode {
  name: string;
  op: string;
  provider: string;
}

export interface KernelCounts {
  /** Nodes executed per forward pass. */
  nodes: number;
  /** Per pass, by execution provider (the profiler's `provider`). */
  byProvider: Record<string, number>;
  /** Per pass, by op type, then by provider. */
  byOp: Record<string, Record<string, number>>;
  /** One pass's nodes in execution order. */
  pass: KernelNode[];
}

interface ProfileEvent {
  cat?: unknown;
  name?: unknown;
  args?: { op_name?: unknown; provider?: unknown };
}

/** Counts per forward pass from a profile of `runs` identical session.run calls. */
export function countKernels(profile: unknown, runs: number): KernelCounts {
  if (!Array.isArray(profile)) throw new Error('an onnxruntime profile is a JSON array of events');
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${runs}`);
  const nodes: KernelNode[] = [];
  for (const e of profile as ProfileEvent[]) {
    if (e?.cat !== 'Node' || typeof e.name !== 'string' || !e.name.endsWith('_kernel_time')) continue;
    const { op_name: op, provider } = e.args ?? {};
    if (typeof op !== 'string' || typeof provider !== 'string' || !op || !provider) {
      throw new Error(`profile event ${e.name} has no op_name or provider`);
    }
    nodes.push({ name: e.name.slice(0, -'_kernel_time'.length), op, provider });
  }
  if (nodes.length === 0) throw new Error('the profile has no kernel events: was the session created with enableProfiling and run?');
  if (nodes.length % runs !== 0) throw new Error(`${nodes.length} kernel events do not divide into ${runs} runs`);
  const perPass = nodes.length / runs;
  const byProvider: Record<string, number> = {};
  const byOp: Record<string, Record<string, number>> = {};
  for (const n of nodes) {
    byProvider[n.provider] = (byProvider[n.provider] ?? 0) + 1 / runs;
    const ops = (byOp[n.op] ??= {});
    ops[n.provider] = (ops[n.provider] ?? 0) + 1 / runs;
  }
  return {
    nodes: perPass,
    byProvider: rounded(byProvider),
    byOp: Object.fromEntries(Object.entries(byOp).map(([k, v]) => [k, rounded(v)])),
    pass: nodes.slice(0, perPass),
  };
}

const rounded = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));

/** Nodes per pass placed on the CPU, and on anything else. */
export function placement(c: KernelCounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [provider, n] of Object.entries(c.byProvider)) out[placeOf(provider)] = (out[placeOf(provider)] ?? 0) + n;
  return out;
}

/** Deterministic denoiser inputs for `batch` images: noise-like x, the last timestep, classes 0.. and the null class. */
export function denoiserFeeds(
  ort: typeof OrtNode,
  image: { channels: number; height: number; width: number },
  batch: number,
  nullClass: number,
) {
  const size = batch * image.channels * image.height * image.width;
  const x = Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898) * 1.7);
  // As guidance calls it: the same images twice, conditional then unconditional.
  const y = BigInt64Array.from({ length: batch }, (_, i) => BigInt(i < batch / 2 ? i % nullClass : nullClass));
  return {
    x: new ort.Tensor('float32', x, [batch, image.channels, image.height, image.width]),
    t: new ort.Tensor('float32', new Float32Array(batch).fill(999), [batch]),
    y: new ort.Tensor('int64', y, [batch]),
  };
}

/**
 * Runs `model` `runs` times on `feeds` in an onnxruntime-node session on `provider` ('cpu' or
 * 'webgpu') with the profiler on, and counts its kernels. The session is made as the app makes
 * its sessions (graphOptimizationLevel 'all'), on one intra-op thread.
 */
export async function profileKernels(
  ort: typeof OrtNode,
  model: Uint8Array,
  provider: 'cpu' | 'webgpu',
  feeds: Record<string, OrtNode.Tensor>,
  runs: number,
): Promise<KernelCounts> {
  const dir = mkdtempSync(join(tmpdir(), 'kernels-'));
  try {
    const session = await ort.InferenceSession.create(model, {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: 1,
      logSeverityLevel: 3, // its placement warning is what this counts
      enableProfiling: true,
      profileFilePrefix: join(dir, 'profile'),
    });
    try {
      for (let i = 0; i < runs; i++) await session.run(feeds);
      session.endProfiling();
    } finally {
      await session.release();
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    if (files.length !== 1) throw new Error(`expected one profile in ${dir}, found ${files.length}`);
    return countKernels(JSON.parse(readFileSync(join(dir, files[0]), 'utf8')), runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
