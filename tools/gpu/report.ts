// The GPU measurement's report: its JSON shape, its Markdown, and what the Vulkan loader's log
// says about the driver. Pure: tools/gpu/measureGpu.ts fills it in.
import type { BenchRow } from '../../src/core/bench';
import type { GpuConfig, GpuEp } from './config';

export interface SetInfo {
  label: string;
  dir: string;
  models: { role: string; id: string; file: string; sha256: string; gflops?: number }[];
}

interface Keyed {
  set: string;
  ep: GpuEp;
}

export type Failed = { error: string } | { skipped: string };

export type KernelEntry = Keyed & { role: string } & (
    { nodes: number; placement: Record<string, number>; byOp: Record<string, Record<string, number>>; onCpu: string[] } | Failed
  );

export type CallEntry = Keyed & { role: string; batch: number; imagesPerCall: number } & (
    { medianMs: number; meanMs: number; p10Ms: number; p90Ms: number; calls: number } | Failed
  );

export type BenchEntry = Keyed & { batch: number; imagesPerCall: number } & (
    | {
        steps: number;
        repeats: number;
        callMs: Record<'small' | 'large', number>;
        callTimeCostRatio: number;
        flopCostRatio: number;
        samplerOverheadShare: number;
        rows: Omit<BenchRow, 'cpuMsPerImage' | 'cpuSpeedup' | 'cpuEfficiency'>[];
      }
    | Failed
  );

export interface VulkanInfo {
  /** VK_DRIVER_FILES as the run set it (or VK_ICD_FILENAMES). */
  driverFiles?: string;
  /** Where libvulkan.so.1 came from: the machine's own, or the kit's (Debian's libvulkan1). */
  loader?: string;
  /** ICD manifests the loader found, and the physical devices it listed (VK_LOADER_DEBUG=driver). */
  icds: string[];
  devices: string[];
}

export interface GpuReport {
  tool: 'tools/gpu/measure.ts';
  command: string;
  date: string;
  wallSeconds: number;
  machine: Record<string, unknown> & { onnxruntime: string; vulkan: VulkanInfo; note?: string };
  config: Omit<GpuConfig, 'out' | 'probe' | 'vulkanLog' | 'machineNote'> & { steps: number; guidance: number; sampler: string };
  sets: SetInfo[];
  kernels: KernelEntry[];
  calls: CallEntry[];
  bench: BenchEntry[];
}

/** The ICD manifests and physical devices named in VK_LOADER_DEBUG=driver output (one probe process). */
export function parseVulkanLog(text: string): Pick<VulkanInfo, 'icds' | 'devices'> {
  const icds = new Set<string>();
  const devices = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const icd = /Found ICD manifest file (\S+?),? /.exec(line);
    if (icd) icds.add(icd[1]);
    if (!/(Sorted|Original) order:/.test(line)) return;
    for (const next of lines.slice(i + 1)) {
      const dev = /\[\d+\]\s+(.+?)\s*$/.exec(next);
      if (!dev) break;
      devices.add(dev[1]);
    }
  });
  return { icds: [...icds], devices: [...devices] };
}

const ok = <T extends object>(e: T): e is Exclude<T, Failed> => !('error' in e) && !('skipped' in e);
const why = (e: Failed) => ('error' in e ? `failed: ${e.error}` : `skipped: ${e.skipped}`);
const f = (v: number | null | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const EP_NAME: Record<GpuEp, string> = { webgpu: 'WebGPU EP', cpu: 'CPU EP' };

/** Nodes per forward, ms per call, and the speed-up per r, each set beside the others. */
export function gpuMarkdown(r: GpuReport): string {
  const sets = r.sets.map((s) => s.label);
  const v = r.machine.vulkan;
  const out = [
    "# T-Stitch on a GPU without a browser: onnxruntime-node's WebGPU EP (Vulkan)",
    '',
    `Command: \`${r.command}\``,
    '',
    `${r.date}, ${r.wallSeconds} s. ${r.machine.onnxruntime}, Node ${String(r.machine.node)}, ${String(r.machine.platform)}, ` +
      `${String(r.machine.cpus)} × ${String(r.machine.cpu)}. Vulkan: ${v.devices.length ? v.devices.join('; ') : 'devices not logged'}` +
      `${v.driverFiles ? ` (VK_DRIVER_FILES=${v.driverFiles})` : ''}${v.loader ? `, loader: ${v.loader}` : ''}.` +
      (/swiftshader/i.test(`${v.driverFiles} ${v.devices.join(' ')}`)
        ? ' **SwiftShader is a software GPU: these WebGPU times check that the kit runs, they measure no GPU.**'
        : '') +
      (r.machine.note ? `\n\n\`\`\`\n${r.machine.note.trim()}\n\`\`\`` : ''),
    '',
    `Model sets: ${r.sets.map((s) => `**${s.label}** (\`${s.dir}\`: ${s.models.map((m) => `${m.id} ${m.sha256.slice(0, 12)}`).join(', ')})`).join('; ')}. ` +
      `${r.config.sampler} ${r.config.steps} steps, guidance ${r.config.guidance}: a batch of B images is one call on 2B images per step. ` +
      `${r.config.threads} intra-op thread(s) per session.`,
    '',
    '## Nodes per forward pass (onnxruntime profiler; batch 1, 2 images per call)',
    '',
    '| set | EP | small: nodes (on CPU) | large: nodes (on CPU) |',
    '|---|---|---:|---:|',
  ];
  const kernelCell = (set: string, ep: GpuEp, role: string) => {
    const k = r.kernels.find((e) => e.set === set && e.ep === ep && e.role === role);
    if (!k) return '';
    return ok(k) ? `${k.nodes} (${k.placement.CPU ?? 0})` : why(k);
  };
  for (const ep of r.config.eps)
    for (const s of sets) out.push(`| ${s} | ${EP_NAME[ep]} | ${kernelCell(s, ep, 'small')} | ${kernelCell(s, ep, 'large')} |`);

  out.push(
    '',
    '## Milliseconds per model call (median of timed calls after warm-up)',
    '',
    `| EP | model | batch (images per call) | ${sets.map((s) => `${s} ms`).join(' | ')} |`,
    `|---|---|---|${sets.map(() => '---:').join('|')}|`,
  );
  const callKeys = [...new Map(r.calls.map((c) => [`${c.ep}|${c.role}|${c.batch}`, c])).values()];
  for (const c of callKeys) {
    const cells = sets.map((s) => {
      const e = r.calls.find((x) => x.set === s && x.ep === c.ep && x.role === c.role && x.batch === c.batch);
      return !e ? '' : ok(e) ? f(e.medianMs, 3) : why(e);
    });
    out.push(`| ${EP_NAME[c.ep]} | ${c.role} | ${c.batch} (${c.imagesPerCall}) | ${cells.join(' | ')} |`);
  }

  out.push(
    '',
    '## Stitched speed-up over large-only (medians of interleaved pairs)',
    '',
    "FLOP limit: 1 / (1 - r (1 - c_small / c_large)) from the manifest's GFLOPs; call-time limit: the same from the measured " +
      'calls inside the loops; efficiency: speed-up / FLOP limit.',
    '',
    `| EP | batch | r | FLOP limit | ${sets.map((s) => `${s}: speed-up / call-time limit / efficiency`).join(' | ')} |`,
    `|---|---|---|---:|${sets.map(() => '---:').join('|')}|`,
  );
  const benchKeys = [...new Map(r.bench.map((b) => [`${b.ep}|${b.batch}`, b])).values()];
  for (const b of benchKeys) {
    const entries = sets.map((s) => r.bench.find((x) => x.set === s && x.ep === b.ep && x.batch === b.batch));
    const measured = entries.find((e) => e && ok(e));
    const fractions = measured && ok(measured) ? measured.rows.map((row) => row.fraction) : [NaN];
    for (const fr of fractions) {
      const cells = entries.map((e) => {
        if (!e) return '';
        if (!ok(e)) return why(e);
        const row = e.rows.find((x) => x.fraction === fr);
        return row ? `${f(row.speedup, 3)} / ${f(row.callTimeLimitSpeedup, 3)} / ${f(row.efficiency, 3)}` : '';
      });
      const flop = measured && ok(measured) ? measured.rows.find((x) => x.fraction === fr)?.flopLimitSpeedup : undefined;
      out.push(`| ${EP_NAME[b.ep]} | ${b.batch} | ${Number.isNaN(fr) ? 'n/a' : fr} | ${f(flop, 3)} | ${cells.join(' | ')} |`);
    }
  }
  return out.join('\n') + '\n';
}
