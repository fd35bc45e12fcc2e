// What a run of the page asks the worker for, from the settings and the manifest: the stitched
// plan (S -> M -> L), the baseline's plan it is compared with, one class per image.
import { MODEL_ROLES, comparisonPlan, type ModelRole, type PlanSpec } from '../core';
import { gflopsByRole, type Manifest } from '../models/manifest';
import type { GenerateParams, SamplingParams, Trajectory } from '../worker/protocol';
import { batchClasses, type Settings } from './settings';

export interface RunInfo {
  settings: Settings;
  /** Class id of each image. */
  classes: number[];
  /** The plan of each trajectory: the stitched one from the settings, and its comparison's. */
  plans: Record<Trajectory, PlanSpec>;
}

/** The stitched plan the settings describe (S -> M -> L), and the baseline's plan. */
export function runPlans(settings: Settings, m: Manifest): Record<Trajectory, PlanSpec> {
  const { steps, smallSteps, mediumSteps, compare } = settings;
  const stitched: PlanSpec = {
    steps,
    counts: { small: smallSteps, medium: mediumSteps, large: steps - smallSteps - mediumSteps },
    order: 'small-first',
  };
  const gflops = gflopsByRole(m);
  try {
    return { stitched, baseline: comparisonPlan(compare, stitched, gflops) };
  } catch (e) {
    throw new Error(`This comparison needs each model's cost (gflops) in the manifest: ${(e as Error).message}`, { cause: e });
  }
}

export function runInfo(settings: Settings, m: Manifest): RunInfo {
  return {
    settings,
    classes: batchClasses(settings.classChoice, settings.batch, settings.seed, m.classes.length),
    plans: runPlans(settings, m),
  };
}

/** The models a run's plans use. */
export function rolesOf(run: Pick<RunInfo, 'plans'>): ModelRole[] {
  return MODEL_ROLES.filter((role) => run.plans.stitched.counts[role] > 0 || run.plans.baseline.counts[role] > 0);
}

export function samplingParams({ settings, classes }: RunInfo, m: Manifest): SamplingParams {
  const { seed, guidance, sampler } = settings;
  return { seed, classes, guidance, sampler, eta: m.defaults.eta };
}

export function toParams(run: RunInfo, m: Manifest): GenerateParams {
  return { ...samplingParams(run, m), plans: run.plans };
}
