import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvaluation, type EvaluationRow } from '../models/evaluation';
import { parseManifest } from '../models/readManifest';
import { runPlans } from '../view/runPlans';
import { defaultSettings } from '../view/settings';
import { LESSON } from '../view/lesson';
import { lessonFacts } from './lesson';
import { createRecorder } from './recorder';
import { createAppStore } from './store';

// The shipped set: the lesson's numbers come from these files, so the test reads them too.
const manifest = parseManifest(JSON.parse(readFileSync('public/models/manifest.json', 'utf8')));
const evaluation = parseEvaluation(JSON.parse(readFileSync('public/models/evaluation.json', 'utf8')));
const fidOf = (order: string, small: number) =>
  evaluation.rows.find(
    (row: EvaluationRow) =>
      row.plan.order === order &&
      row.plan.fractions.medium === 0 &&
      row.sampler === manifest.defaults.sampler &&
      row.steps === manifest.defaults.steps &&
      Math.abs(row.plan.fractions.small - small) < 1e-6,
  )!.fid!;

function shownRun(smallSteps: number) {
  const store = createAppStore();
  const settings = { ...defaultSettings(manifest.defaults), smallSteps, seed: 5 };
  store.getState().startRun({ settings, classes: [0], plans: runPlans(settings, manifest) });
  return store;
}

describe('lessonFacts', () => {
  it('has nothing before a run, and the lesson then says its numbers are missing', () => {
    const facts = lessonFacts(createAppStore().getState(), createRecorder(), manifest, evaluation);
    expect(facts).toEqual({});
    expect(LESSON[4].sentences(facts).join(' ')).toContain('not measured yet');
  });

  it('while running: the settings, no times yet; the evaluation at the nearest measured r', () => {
    const store = shownRun(21); // r = 0.42: the evaluation has 0.4
    const facts = lessonFacts(store.getState(), createRecorder(), manifest, evaluation);
    expect(facts).toMatchObject({ steps: 50, smallSteps: 21, seed: 5, comparison: 'large-only' });
    expect(facts.stitchedMs).toBeUndefined();
    expect(facts.quality).toMatchObject({ r: 0.4, fidAtZero: fidOf('small-first', 0), fidAtR: fidOf('small-first', 0.4) });
    expect(facts.order).toEqual({ r: 0.4, smallFirst: fidOf('small-first', 0.4), largeFirst: fidOf('large-first', 0.4) });
  });

  it('once done: both times and the agreement measured on this run', () => {
    const store = shownRun(20);
    const s = store.getState();
    s.setTiming('stitched', 1000, { small: 20, medium: 0, large: 30 }, { small: 200, medium: 0, large: 700 });
    s.setTiming('baseline', 1500, { small: 0, medium: 0, large: 50 }, { small: 0, medium: 0, large: 1400 });
    s.finishRun('done');
    s.startAgreement();
    for (const [index, eps] of [
      [0, 0.99],
      [49, 0.7],
    ] as const)
      s.addAgreementPoint({ index, steps: 50, t: 0, eps, x0: eps });
    s.finishAgreement({ status: 'done' });
    const facts = lessonFacts(store.getState(), createRecorder(), manifest);
    expect(facts).toMatchObject({ stitchedMs: 1000, otherMs: 1500, agreement: { first: 0.99, last: 0.7, steps: 50 } });
    expect(facts.quality).toBeUndefined(); // no evaluation (a set of one's own)
  });
});
