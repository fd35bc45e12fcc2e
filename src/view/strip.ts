// "How far can you push r?": the plan of the strip of final images at r = 0, 0.2, ..., 1 from the
// same noise. Pure: which whole steps each r gets, its FLOP cost against large-only (from the
// manifest's gflops), and how the worker's existing `generate` computes them (two plans a request).
import { fractionToSteps, planCost, type PlanSpec } from '../core';
import { gflopsByRole, type Manifest } from '../models/manifest';
import type { GenerateParams, Trajectory } from '../worker/protocol';
import { batchClasses, type Settings } from './settings';

/** The strip's shares of steps on the small model (two models: small, then large). */
export const STRIP_FRACTIONS = [0, 0.2, 0.4, 0.6, 0.8, 1] as const;

/** One picture of the strip. */
export interface StripCell {
  /** The share asked for. */
  r: number;
  /** k: the steps it gives the small model, round(r * N) (core/plan.ts fractionToSteps). */
  small: number;
  /** N: all steps. */
  steps: number;
  /** Its FLOPs over large-only's at the same steps (1 at r = 0); null without the models' gflops. */
  flopCost: number | null;
  /** The run that computes it: cells whose r rounds to the same k share one (few steps). */
  run: number;
}

/** One trajectory the strip computes: `small` of `steps` steps on the small model, then the large one. */
export interface StripRun {
  small: number;
  /** The cells it fills (by index into `cells`). */
  cells: number[];
}

export interface StripPlan {
  steps: number;
  cells: StripCell[];
  /** Distinct k, from 0 (large only) up. */
  runs: StripRun[];
  /** Why there are no FLOP costs (a manifest without gflops); absent when there are. */
  costMissing?: string;
}

/** Two models, small first: the plan of one strip run. */
export const runSpec = (steps: number, small: number): PlanSpec => ({
  steps,
  counts: { small, medium: 0, large: steps - small },
  order: 'small-first',
});

export function stripPlan(steps: number, manifest: Pick<Manifest, 'denoisers'>): StripPlan {
  const gflops = gflopsByRole(manifest);
  const smalls = STRIP_FRACTIONS.map((r) => fractionToSteps(steps, r));
  const distinct = [...new Set(smalls)].sort((a, b) => a - b);
  const missing = (['small', 'large'] as const).filter((role) => !((gflops[role] ?? 0) > 0));
  const costMissing =
    missing.length > 0
      ? `The manifest gives no gflops for the ${missing.join(' and ')} model${missing.length > 1 ? 's' : ''}, so no FLOP cost is shown.`
      : undefined;
  const cost = (small: number): number | null => (costMissing ? null : planCost(runSpec(steps, small).counts, gflops) / steps);
  const cells = STRIP_FRACTIONS.map((r, i) => ({
    r,
    small: smalls[i],
    steps,
    flopCost: cost(smalls[i]),
    run: distinct.indexOf(smalls[i]),
  }));
  const runs = distinct.map((small) => ({ small, cells: cells.flatMap((c, i) => (c.run === distinct.indexOf(small) ? [i] : [])) }));
  return { steps, cells, runs, costMissing };
}

/**
 * A set with a medium model (S -> M -> L): what the strip does with it, said beside the strip. The
 * strip is the paper's r, two models: the medium model takes no step in it, whatever the page's
 * medium-model fraction; where that fraction gives it steps, the stitched panel's run is none of
 * the strip's images. null for a pair.
 */
export function stripMediumNote(manifest: Pick<Manifest, 'denoisers'>, settings: Pick<Settings, 'steps' | 'mediumSteps'>): string | null {
  const medium = manifest.denoisers.find((d) => d.role === 'medium');
  if (!medium) return null;
  const note =
    `This set also has a medium model (${medium.id}), but the strip stitches the small and the large model only, as the paper's r does: ` +
    `the medium model takes no step in these images, and the medium-model fraction (in “For researchers”) is not used here.`;
  const k = settings.mediumSteps;
  if (k <= 0) return note;
  return `${note} Your settings give the medium model ${k} of ${settings.steps} step${settings.steps === 1 ? '' : 's'}, so the stitched panel above is a three-model run and none of these images is the same run.`;
}

/**
 * One `generate` request of the strip: its two trajectories are two strip runs from the same seed
 * (x_T is the same for both), each timed by its own model calls, in turns, as the page's runs
 * are. The run with more large-model steps goes left ("stitched"): the worker times a pair once
 * more when the right one's FLOPs are at least 1.05 times the left one's and it ran slower than
 * that (core/ideal.ts fasterThanFlops), which with the costlier run on the left never applies. An odd run
 * out is paired with one small-model step whose image is dropped (the cheapest partner there is).
 */
export interface StripRequest {
  /** Which strip run each trajectory computes; null: the filler step. */
  runs: Record<Trajectory, number | null>;
  plans: Record<Trajectory, PlanSpec>;
}

const FILLER: PlanSpec = runSpec(1, 1);

export function stripRequests(plan: StripPlan): StripRequest[] {
  const out: StripRequest[] = [];
  for (let i = 0; i < plan.runs.length; i += 2) {
    const second = i + 1 < plan.runs.length ? i + 1 : null;
    out.push({
      runs: { stitched: i, baseline: second },
      plans: {
        stitched: runSpec(plan.steps, plan.runs[i].small),
        baseline: second === null ? FILLER : runSpec(plan.steps, plan.runs[second].small),
      },
    });
  }
  return out;
}

/** What the strip keeps of the settings: everything but the page's own r, medium share and comparison. */
export type StripSettings = Pick<Settings, 'seed' | 'classChoice' | 'sampler' | 'steps' | 'guidance' | 'batch'>;
const STRIP_KEYS = ['seed', 'classChoice', 'sampler', 'steps', 'guidance', 'batch'] as const satisfies readonly (keyof StripSettings)[];

export const stripSettings = (s: Settings): StripSettings => Object.fromEntries(STRIP_KEYS.map((k) => [k, s[k]])) as StripSettings;

/** True when the settings would make another strip than the one made with `made`. */
export const stripStale = (made: StripSettings, now: Settings): boolean => STRIP_KEYS.some((k) => made[k] !== now[k]);

/** The worker's parameters for one request: the settings' noise, classes, sampler and guidance. */
export function requestParams(s: StripSettings, request: StripRequest, manifest: Pick<Manifest, 'classes' | 'defaults'>): GenerateParams {
  return {
    seed: s.seed,
    classes: batchClasses(s.classChoice, s.batch, s.seed, manifest.classes.length),
    guidance: s.guidance,
    sampler: s.sampler,
    eta: manifest.defaults.eta,
    plans: request.plans,
  };
}

/** "0.40" for the labels; k of N in words. */
export const formatR = (r: number): string => r.toFixed(2);
export const stepsLabel = (c: Pick<StripCell, 'small' | 'steps'>): string =>
  `${c.small} of ${c.steps} step${c.steps === 1 ? '' : 's'} small`;

/** A strip run's model time: "4.2 ms" (tiny models), "38 ms", "1.24 s". */
export const formatMs = (ms: number): string =>
  ms < 10 ? `${ms.toFixed(1)} ms` : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;

const SAMPLER_NAMES: Record<Settings['sampler'], string> = { ddim: 'DDIM', ddpm: 'DDPM', dpmpp2m: 'DPM-Solver++(2M)' };

/** The settings a strip was made with, in one line. */
export function describeStrip(s: StripSettings, classes: readonly string[]): string {
  const cls = s.classChoice === 'random' ? 'a random class per image' : `class ${classes[s.classChoice] ?? s.classChoice}`;
  return `seed ${s.seed}, ${cls}, ${SAMPLER_NAMES[s.sampler]}, ${s.steps} step${s.steps === 1 ? '' : 's'}, guidance ${s.guidance}, batch ${s.batch}`;
}
