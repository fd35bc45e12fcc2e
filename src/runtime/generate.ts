// The two trajectories of one generation, run one after the other from the same seed.
// No onnxruntime here: denoisers come in as core Denoiser callbacks (tested with fakes).
import { alphaBars, sample, stitchingPlan, type Denoiser, type ModelRole, type StepInfo } from '../core';
import type { Manifest } from './manifest';
import type { GenerateParams, Trajectory } from './protocol';

export interface TrajectoryResult {
  trajectory: Trajectory;
  ms: number;
  calls: Record<ModelRole, number>;
  image: Float32Array;
}

export interface GenerateHooks {
  /** elapsedMs: time since this trajectory started. */
  onStep(trajectory: Trajectory, info: StepInfo, elapsedMs: number): void;
  onTrajectory(result: TrajectoryResult): void;
}

/** Stitched (plan from `fraction`) first, then large-only (fraction 0); both use `seed`, so x_T is identical. */
export async function generatePair(
  manifest: Manifest,
  denoisers: Record<ModelRole, Denoiser>,
  params: GenerateParams,
  hooks: GenerateHooks,
  signal?: AbortSignal,
): Promise<TrajectoryResult[]> {
  const alphaBar = alphaBars(manifest.schedule);
  const runs: [Trajectory, number][] = [['stitched', params.fraction], ['large', 0]];
  const results: TrajectoryResult[] = [];
  for (const [trajectory, fraction] of runs) {
    const start = performance.now();
    const out = await sample({
      alphaBar,
      sampler: params.sampler,
      eta: params.eta,
      steps: params.steps,
      plan: stitchingPlan(params.steps, fraction),
      guidance: params.guidance,
      nullClass: manifest.nullClass,
      classes: Int32Array.from(params.classes),
      shape: manifest.image,
      seed: params.seed,
      denoisers,
      signal,
      onStep: (info) => hooks.onStep(trajectory, info, performance.now() - start),
    });
    const result = { trajectory, ms: performance.now() - start, calls: out.calls, image: out.x0 };
    hooks.onTrajectory(result);
    results.push(result);
  }
  return results;
}
