// npm run kernels: each denoiser of a manifest, profiled on onnxruntime-node's CPU EP and its
// native WebGPU EP, as JSON and Markdown. Counts, not times: the WebGPU EP here runs on
// SwiftShader (software Vulkan), which says where nodes are placed but nothing about speed.
import { relative, resolve } from 'node:path';
import { MODEL_ROLES } from '../../../src/core';
import type { Manifest } from '../../../src/models/manifest';
import { denoiserFeeds, placement, profileKernels, type KernelCounts } from '../../lib/kernels';
import { loadManifest, readVerified } from '../../lib/models';
import { loadOrtNode, vulkanDriver } from '../../lib/ort';

export const KERNEL_BACKENDS = ['cpu', 'webgpu'] as const;
export type KernelBackend = (typeof KERNEL_BACKENDS)[number];

export interface BackendKernels extends Omit<KernelCounts, 'pass'> {
  /** Nodes per pass by where they ran: CPU, GPU. */
  placement: Record<string, number>;
  /** One pass's nodes that ran on the CPU although the session asked for another EP. */
  onCpu?: { name: string; op: string }[];
}

export interface ModelKernels {
  role: string;
  id: string;
  file: string;
  sha256: string;
  backends: Partial<Record<KernelBackend, BackendKernels | { error: string }>>;
}

export interface KernelReport {
  tool: 'tools/research/kernels.ts';
  command?: string;
  runtime: string;
  models: string;
  batch: number;
  runs: number;
  vulkanDriver?: string;
  date: string;
  denoisers: ModelKernels[];
}

export interface KernelOptions {
  modelsDir: string;
  backends: readonly KernelBackend[];
  batch: number;
  runs: number;
  progress?: (m: string) => void;
}

function summarize(c: KernelCounts, backend: KernelBackend): BackendKernels {
  const { pass, ...counts } = c;
  const out: BackendKernels = { ...counts, placement: placement(c) };
  if (backend !== 'cpu') out.onCpu = pass.filter((n) => n.provider === 'CPUExecutionProvider').map(({ name, op }) => ({ name, op }));
  return out;
}

/** Every denoiser of the manifest in `modelsDir`, in role order, on every backend asked for. */
export async function measureKernels(o: KernelOptions): Promise<KernelReport> {
  const ort = await loadOrtNode();
  const dir = resolve(o.modelsDir);
  const manifest: Manifest = loadManifest(dir);
  const driver = o.backends.includes('webgpu') ? vulkanDriver() : undefined;
  const feeds = denoiserFeeds(ort, manifest.image, o.batch, manifest.nullClass);
  const denoisers: ModelKernels[] = [];
  const entries = [...manifest.denoisers].sort((a, b) => MODEL_ROLES.indexOf(a.role) - MODEL_ROLES.indexOf(b.role));
  for (const e of entries) {
    const bytes = readVerified(dir, e.file, e.sha256);
    const row: ModelKernels = { role: e.role, id: e.id, file: e.file, sha256: e.sha256, backends: {} };
    for (const backend of o.backends) {
      o.progress?.(`${e.id} on the ${backend} EP, batch ${o.batch}, ${o.runs} runs`);
      try {
        row.backends[backend] = summarize(await profileKernels(ort, bytes, backend, feeds, o.runs), backend);
      } catch (err) {
        // A backend this machine lacks (no Vulkan driver for WebGPU) is reported, not fatal.
        row.backends[backend] = { error: (err as Error).message.split('\n')[0] };
      }
    }
    denoisers.push(row);
  }
  return {
    tool: 'tools/research/kernels.ts',
    runtime: `onnxruntime-node ${ort.env.versions?.common ?? ''}`.trim(),
    models: relative(process.cwd(), dir) || '.',
    batch: o.batch,
    runs: o.runs,
    ...(driver ? { vulkanDriver: driver } : {}),
    date: new Date().toISOString(),
    denoisers,
  };
}

const isCounts = (b: BackendKernels | { error: string } | undefined): b is BackendKernels => !!b && !('error' in b);

export function kernelMarkdown(r: KernelReport): string {
  const backends = KERNEL_BACKENDS.filter((b) => r.denoisers.some((d) => d.backends[b]));
  const epName = (b: KernelBackend) =>
    b === 'cpu' ? 'CPU EP' : `WebGPU EP${r.vulkanDriver?.includes('swiftshader') ? ' (SwiftShader)' : ''}`;
  const lines = [
    `# Kernels per forward pass: ${r.models}`,
    '',
    ...(r.command ? [`Command: \`${r.command}\``, ''] : []),
    `${r.runtime}, batch ${r.batch} (guidance doubles a batch of ${r.batch / 2}), ${r.runs} profiled runs per session; ` +
      `a kernel is a profiler event of cat 'Node' named '*_kernel_time', counted per run; "on CPU" is its provider ` +
      `CPUExecutionProvider. Counts, not times${r.vulkanDriver ? `; WebGPU through VK_DRIVER_FILES=${r.vulkanDriver}` : ''}.`,
    '',
    '| model | role | backend | nodes per forward | on GPU | on CPU |',
    '|---|---|---|---:|---:|---:|',
  ];
  for (const d of r.denoisers) {
    for (const b of backends) {
      const k = d.backends[b];
      if (!k) continue;
      lines.push(
        isCounts(k)
          ? `| ${d.id} | ${d.role} | ${epName(b)} | ${k.nodes} | ${k.placement.GPU ?? 0} | ${k.placement.CPU ?? 0} |`
          : `| ${d.id} | ${d.role} | ${epName(b)} | failed: ${k.error} | | |`,
      );
    }
  }
  for (const d of r.denoisers) {
    const measured = backends.filter((b) => isCounts(d.backends[b]));
    if (measured.length === 0) continue;
    const ops = [...new Set(measured.flatMap((b) => Object.keys((d.backends[b] as BackendKernels).byOp)))].sort();
    const cell = (b: KernelBackend, op: string) => {
      const byProvider = (d.backends[b] as BackendKernels).byOp[op] ?? {};
      const cpu = byProvider.CPUExecutionProvider ?? 0;
      const all = Object.values(byProvider).reduce((s, v) => s + v, 0);
      return b === 'cpu' || cpu === 0 ? String(all) : `${all} (${cpu} on CPU)`;
    };
    lines.push(
      '',
      `## ${d.id}: op types`,
      '',
      `| op | ${measured.map(epName).join(' | ')} |`,
      `|---|${measured.map(() => '---:').join('|')}|`,
    );
    for (const op of ops) lines.push(`| ${op} | ${measured.map((b) => cell(b, op)).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
