// One row of npm run eval: its plan's images, sampled in batches through the page's sampler core
// (src/core) on the shipped models, with the models' time; and the warm-up call before the first row.
import { MODEL_ROLES, planSteps, sampleTrajectory, type SamplerName } from '../../../src/core';
import type { Manifest } from '../../../src/models/manifest';
import { log } from '../../lib/cli';
import type { OpenedDenoisers } from '../../lib/models';
import type { RowSpec } from './evalPlans';
import { batchNoise } from './noise';

/** The settings every row shares (eval.ts reads them from the flags and the manifest). */
export interface SamplingConfig {
  sampler: SamplerName;
  eta: number;
  guidance: number;
  samples: number;
  seed: number;
  batch: number;
}

/** "small-first 0.3/0.3/0.4 of 20 steps" */
export function describeRow(spec: RowSpec): string {
  const f = spec.fractions;
  return `${spec.order} ${f.small}/${f.medium}/${f.large} (small/medium/large) of ${spec.steps} steps`;
}

/** One throw-away call per model at the batch size the run uses (allocation, first-run costs). */
export async function warmUp(d: OpenedDenoisers, manifest: Manifest, cfg: SamplingConfig): Promise<void> {
  const n = Math.min(cfg.batch, cfg.samples) * (cfg.guidance !== 1 ? 2 : 1);
  const { channels, height, width } = manifest.image;
  for (const s of Object.values(d.sessions)) {
    await s.denoise(
      new Float32Array(n * channels * height * width),
      manifest.schedule.T - 1,
      new Int32Array(n).fill(manifest.nullClass),
      n,
    );
  }
}

/** cfg.samples images of one row's plan, in batches, through the core's sample() loop; image k has class k % classes. */
export async function generate(d: OpenedDenoisers, manifest: Manifest, cfg: SamplingConfig, spec: RowSpec) {
  const plan = planSteps(spec.counts, spec.order === 'fewer-steps' ? 'small-first' : spec.order);
  const per = manifest.image.channels * manifest.image.height * manifest.image.width;
  const images = new Float32Array(cfg.samples * per);
  const modelMs = { small: 0, medium: 0, large: 0 };
  let ms = 0;
  const batches = Math.ceil(cfg.samples / cfg.batch);
  for (let b = 0; b < batches; b++) {
    const indices = Array.from({ length: Math.min(cfg.batch, cfg.samples - b * cfg.batch) }, (_, i) => b * cfg.batch + i);
    const start = performance.now();
    const res = await sampleTrajectory(
      manifest,
      {
        sampler: cfg.sampler,
        eta: cfg.eta,
        guidance: cfg.guidance,
        steps: spec.steps,
        plan,
        classes: indices.map((k) => k % manifest.classes.length),
        noise: batchNoise(cfg.seed, indices, per),
      },
      d.denoisers,
    );
    const elapsed = performance.now() - start;
    ms += elapsed;
    images.set(res.x0, indices[0] * per);
    for (const role of MODEL_ROLES) modelMs[role] += res.modelMs[role];
    if (b === 0 || b === batches - 1)
      log('eval', `${describeRow(spec)} batch ${b + 1}/${batches}: ${(elapsed / 1000 / indices.length).toFixed(3)} s/image`);
  }
  return { images, modelMs, ms };
}
