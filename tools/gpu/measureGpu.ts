// The GPU measurement (issue 14 item 6): for each model set (lean, plain) and each onnxruntime-node
// EP (webgpu, cpu): nodes per forward pass and where they ran (profiler, tools/lib/kernels.ts), ms
// per model call at each batch, and the stitched speed-up per r (the core's runBench, as npm run
// bench and bench.html run it). Every piece that fails or runs out of time is recorded, not fatal.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runBench, type Denoisers } from '../../src/core';
import { denoiserFor, type Manifest } from '../../src/models/manifest';
import { machineInfo, median } from '../lib/cli';
import { denoiserFeeds, placement, profileKernels } from '../lib/kernels';
import { loadManifest, openDenoisers, readVerified, type OpenedDenoisers } from '../lib/models';
import { loadOrt, loadOrtNode, vulkanDriver } from '../lib/ort';
import { batchesFor, type GpuConfig } from './config';
import { parseVulkanLog, type BenchEntry, type CallEntry, type GpuReport, type KernelEntry, type SetInfo } from './report';

const ROLES = ['small', 'large'] as const;
/** Untimed calls before the timed ones, per model and batch: buffers, shader compiles (WebGPU). */
const WARM_CALLS = 5;

export interface MeasureHooks {
  progress?: (message: string) => void;
  /** Called after every measured piece, so a run cut short still leaves what it measured. */
  onUpdate?: (report: GpuReport) => void;
  command?: string;
}

interface OpenSet {
  info: SetInfo;
  manifest: Manifest;
  dir: string;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

function readText(path: string | undefined): string {
  return path && existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Denoiser inputs for n images per call as guidance makes them: conditional classes, then the null class. */
function callInputs(m: Manifest, n: number) {
  const per = m.image.channels * m.image.height * m.image.width;
  const x = Float32Array.from({ length: n * per }, (_, i) => Math.sin(i * 12.9898) * 1.7);
  const y = Int32Array.from({ length: n }, (_, i) => (i < n / 2 ? i % m.classes.length : m.nullClass));
  return { x, y };
}

async function timeCalls(m: Manifest, denoise: Denoisers['small'], n: number, calls: number) {
  const { x, y } = callInputs(m, n);
  for (let i = 0; i < WARM_CALLS; i++) await denoise!(x, 500, y, n);
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await denoise!(x, 500, y, n);
    ms.push(performance.now() - t0);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { medianMs: median(ms), meanMs: ms.reduce((s, v) => s + v, 0) / ms.length, p10Ms: at(0.1), p90Ms: at(0.9), calls };
}

export async function measureGpu(c: GpuConfig, hooks: MeasureHooks = {}): Promise<GpuReport> {
  const t0 = performance.now();
  const progress = hooks.progress ?? (() => {});
  const ortNode = await loadOrtNode();
  ortNode.env.logLevel = 'error'; // the plain export's CPU placement warnings: the node counts say it
  const sets: OpenSet[] = c.sets.map(({ label, dir }) => {
    const abs = resolve(dir);
    const manifest = loadManifest(abs);
    const models = ROLES.map((role) => {
      const e = denoiserFor(manifest, role);
      return { role, id: e.id, file: e.file, sha256: e.sha256, gflops: e.gflops };
    });
    return { info: { label, dir, models }, manifest, dir: abs };
  });
  const d = sets[0].manifest.defaults;
  const steps = c.steps ?? d.steps;
  if (c.eps.includes('webgpu')) vulkanDriver(); // VK_DRIVER_FILES as set; else SwiftShader where installed (a check, not a speed)
  const log = parseVulkanLog(readText(c.vulkanLog));
  const report: GpuReport = {
    tool: 'tools/gpu/measure.ts',
    command: hooks.command ?? '',
    date: new Date().toISOString(),
    wallSeconds: 0,
    machine: {
      ...(await machineInfo()),
      onnxruntime: `onnxruntime-node ${ortNode.env.versions?.common ?? ''}`.trim(),
      vulkan: {
        driverFiles: process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES,
        loader: process.env.GPU_KIT_VULKAN_LOADER,
        ...log,
      },
      ...(readText(c.machineNote) ? { note: readText(c.machineNote) } : {}),
    },
    config: {
      sets: c.sets,
      eps: c.eps,
      batches: c.batches,
      cpuBatches: c.cpuBatches,
      fractions: c.fractions,
      steps,
      repeats: c.repeats,
      calls: c.calls,
      kernelRuns: c.kernelRuns,
      threads: c.threads,
      budgetSeconds: c.budgetSeconds,
      guidance: d.guidance,
      sampler: d.sampler,
    },
    sets: sets.map((s) => s.info),
    kernels: [],
    calls: [],
    bench: [],
  };
  const perCall = (batch: number) => batch * (d.guidance !== 1 ? 2 : 1);
  const update = () => {
    report.wallSeconds = Math.round((performance.now() - t0) / 100) / 10;
    hooks.onUpdate?.(report);
  };

  for (const ep of c.eps) {
    // Node counts: profiled sessions of their own, at batch 1 (2 images per call), as npm run kernels.
    for (const s of sets) {
      for (const role of ROLES) {
        const e = denoiserFor(s.manifest, role);
        progress(`${s.info.label} ${role} on the ${ep} EP: profiling ${c.kernelRuns} calls`);
        let entry: KernelEntry;
        try {
          const feeds = denoiserFeeds(ortNode, s.manifest.image, perCall(1), s.manifest.nullClass);
          const k = await profileKernels(ortNode, readVerified(s.dir, e.file, e.sha256), ep, feeds, c.kernelRuns);
          const onCpu = ep === 'cpu' ? [] : k.pass.filter((n) => n.provider === 'CPUExecutionProvider').map((n) => `${n.op} ${n.name}`);
          entry = { set: s.info.label, ep, role, nodes: k.nodes, placement: placement(k), byOp: k.byOp, onCpu };
          progress(`  ${k.nodes} nodes, ${JSON.stringify(entry.placement)}`);
        } catch (err) {
          entry = { set: s.info.label, ep, role, error: errorText(err) };
          progress(`  failed: ${entry.error}`);
        }
        report.kernels.push(entry);
        update();
      }
    }

    // Timed sessions, made as the tools make them (src/models' wrapper, graphOptimizationLevel all).
    const base = await loadOrt('node', { threads: c.threads });
    const opened = new Map<string, OpenedDenoisers | string>();
    for (const s of sets) {
      try {
        opened.set(s.info.label, await openDenoisers({ ...base, provider: ep }, s.manifest, s.dir, ROLES));
      } catch (err) {
        opened.set(s.info.label, errorText(err));
      }
    }
    try {
      for (const batch of batchesFor(c, ep)) {
        for (const s of sets) {
          const o = opened.get(s.info.label)!;
          for (const role of ROLES) {
            const key = { set: s.info.label, ep, role, batch, imagesPerCall: perCall(batch) };
            if (typeof o === 'string') {
              report.calls.push({ ...key, error: o });
              continue;
            }
            progress(`${s.info.label} ${role} on the ${ep} EP: ${c.calls} calls on ${key.imagesPerCall} images`);
            let entry: CallEntry;
            try {
              entry = { ...key, ...(await timeCalls(s.manifest, o.denoisers[role], key.imagesPerCall, c.calls)) };
              progress(`  median ${entry.medianMs.toFixed(3)} ms`);
            } catch (err) {
              entry = { ...key, error: errorText(err) };
            }
            report.calls.push(entry);
            update();
          }
        }
      }
      for (const batch of batchesFor(c, ep)) {
        for (const s of sets) {
          const o = opened.get(s.info.label)!;
          const key = { set: s.info.label, ep, batch, imagesPerCall: perCall(batch) };
          const elapsed = (performance.now() - t0) / 1000;
          let entry: BenchEntry;
          if (typeof o === 'string') entry = { ...key, error: o };
          else if (c.budgetSeconds > 0 && elapsed > c.budgetSeconds)
            entry = { ...key, skipped: `time budget of ${c.budgetSeconds} s spent (${Math.round(elapsed)} s)` };
          else {
            progress(`${s.info.label} on the ${ep} EP, batch ${batch}: stitched vs large-only, r = ${c.fractions.join(', ')}`);
            try {
              const b = await runBench(
                s.manifest,
                o.denoisers,
                { fractions: c.fractions, steps, batch, repeats: c.repeats, sampler: d.sampler, eta: d.eta, guidance: d.guidance, seed: 0 },
                (m) => progress(`  ${m}`),
              );
              const rows = b.rows.map(({ cpuMsPerImage: _a, cpuSpeedup: _b, cpuEfficiency: _c, ...row }) => row);
              entry = {
                ...key,
                steps,
                repeats: c.repeats,
                callMs: b.callMs,
                callTimeCostRatio: b.callTimeCostRatio,
                flopCostRatio: b.flopCostRatio,
                samplerOverheadShare: b.samplerOverheadShare,
                rows,
              };
            } catch (err) {
              entry = { ...key, error: errorText(err) };
            }
          }
          if ('skipped' in entry) progress(`${s.info.label} on the ${ep} EP, batch ${batch}: ${entry.skipped}`);
          report.bench.push(entry);
          update();
        }
      }
    } finally {
      for (const o of opened.values()) if (typeof o !== 'string') await o.release();
    }
  }
  update();
  return report;
}

/** One WebGPU call on the first set's small model: is there an adapter, and does the EP run? */
export async function probeWebgpu(c: GpuConfig): Promise<string> {
  vulkanDriver();
  const ortNode = await loadOrtNode();
  const dir = resolve(c.sets[0].dir);
  const manifest = loadManifest(dir);
  const e = denoiserFor(manifest, 'small');
  const session = await ortNode.InferenceSession.create(readVerified(dir, e.file, e.sha256), {
    executionProviders: ['webgpu'],
    graphOptimizationLevel: 'all',
  });
  try {
    const t = performance.now();
    const out = await session.run(denoiserFeeds(ortNode, manifest.image, 2, manifest.nullClass));
    return `onnxruntime-node ${ortNode.env.versions?.common}: ${e.id} ran on the WebGPU EP in ${(performance.now() - t).toFixed(1)} ms (first call), eps dims [${out.eps.dims.join(', ')}]`;
  } finally {
    await session.release();
  }
}
