// The lesson's facts (src/view/lesson.ts) gathered from what the page holds: the run shown (the
// store), its final difference image (the recorder), the manifest's defaults and the evaluation
// file. Whatever is not there yet stays undefined, and the lesson says so.
import type { Manifest } from '../models/manifest';
import type { Evaluation } from '../models/evaluation';
import { COMPARISON_TEXT } from '../view/comparisons';
import { alike, mainFamily, rowAt } from '../view/findings';
import type { LessonFacts } from '../view/lesson';
import type { Recorder } from './recorder';
import type { AppState } from './store';

/** FID at r = 0 and at `r` of the main family, and at its largest measured r; the same r with large-first. */
function measured(e: Evaluation, manifest: Manifest, r: number): Pick<LessonFacts, 'quality' | 'order'> {
  const main = mainFamily(e, manifest.defaults);
  if (!main) return {};
  const zero = rowAt(main, 0);
  // The run's r rounded to a measured one: the evaluation's grid is coarser than the slider.
  const scored = main.rows.filter((row) => row.fid !== null);
  const measuredR = scored.map((row) => row.plan.fractions.small).sort((a, b) => Math.abs(a - r) - Math.abs(b - r))[0];
  const atR = measuredR === undefined ? undefined : rowAt(main, measuredR);
  const largest = [...scored].sort((a, b) => b.plan.fractions.small - a.plan.fractions.small)[0];
  const { largeFirst } = alike(e, main);
  const lf = measuredR === undefined ? undefined : rowAt(largeFirst, measuredR);
  return {
    quality:
      zero && atR
        ? {
            r: measuredR!,
            fidAtZero: zero.fid!,
            fidAtR: atR.fid!,
            largestR: largest && largest !== atR ? { r: largest.plan.fractions.small, fid: largest.fid! } : undefined,
          }
        : undefined,
    order: atR && lf ? { r: measuredR!, smallFirst: atR.fid!, largeFirst: lf.fid! } : undefined,
  };
}

/**
 * measured() once per evaluation file, manifest and r: the lesson's card asks for its facts at every
 * change of the store, 60 times a second while the replay plays, and the file does not change.
 */
const measuredOnce = new WeakMap<Evaluation, WeakMap<Manifest, Map<number, ReturnType<typeof measured>>>>();
function measuredFor(e: Evaluation, manifest: Manifest, r: number): ReturnType<typeof measured> {
  let byManifest = measuredOnce.get(e);
  if (!byManifest) measuredOnce.set(e, (byManifest = new WeakMap()));
  let byR = byManifest.get(manifest);
  if (!byR) byManifest.set(manifest, (byR = new Map()));
  let facts = byR.get(r);
  if (!facts) byR.set(r, (facts = measured(e, manifest, r)));
  return facts;
}

export function lessonFacts(s: AppState, recorder: Recorder, manifest: Manifest, evaluation?: Evaluation): LessonFacts {
  const run = s.run;
  if (!run) return {};
  const { steps, smallSteps, seed, compare } = run.settings;
  const done = s.status === 'done';
  const points = s.agreement.status === 'done' ? s.agreement.points : [];
  const last = recorder.current()?.differences.at(-1);
  return {
    steps,
    smallSteps,
    seed,
    comparison: COMPARISON_TEXT[compare].name,
    stitchedMs: done ? s.timings.stitched : undefined,
    otherMs: done ? s.timings.baseline : undefined,
    meanDifference: done ? last?.mean : undefined,
    agreement: points.length > 1 ? { first: points[0].eps, last: points.at(-1)!.eps, steps: points.at(-1)!.index + 1 } : undefined,
    ...(evaluation ? measuredFor(evaluation, manifest, steps > 0 ? smallSteps / steps : 0) : {}),
  };
}
