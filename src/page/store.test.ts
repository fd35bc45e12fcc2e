import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../view/settings';
import { createAppStore, type AppStore } from './store';
let store: AppStore;
/** A run of `settings` against large-only (the plans only matter to the panels). */
const runOf = (settings: Settings) => {
  const plan = { steps: settings.steps, counts: { small: 0, medium: 0, large: settings.steps }, order: 'small-first' as const };
  return { settings, classes: [0], plans: { stitched: plan, baseline: plan } };
};
beforeEach(() => {
  store = createAppStore();
});

describe('settings slice', () => {
  it('keeps the share of small-model steps when the step count changes', () => {
    const s = store.getState();
    s.update({ steps: 10, smallSteps: 4 });
    expect(store.getState().settings).toMatchObject({ steps: 10, smallSteps: 4 });
    s.update({ steps: 4 });
    expect(store.getState().settings).toMatchObject({ steps: 4, smallSteps: 2 }); // 1.6 rounds to 2
    s.update({ steps: 9999 });
    expect(store.getState().settings).toMatchObject({ steps: 250, smallSteps: 125 });
    s.update({ smallSteps: 300 });
    expect(store.getState().settings.smallSteps).toBe(250);
  });
  it('gives the medium model only the steps the small one leaves', () => {
    const s = store.getState();
    s.update({ steps: 10, smallSteps: 3, mediumSteps: 5 });
    expect(store.getState().settings).toMatchObject({ smallSteps: 3, mediumSteps: 5 });
    s.update({ smallSteps: 8 });
    expect(store.getState().settings).toMatchObject({ smallSteps: 8, mediumSteps: 2 });
    s.update({ mediumSteps: 9 });
    expect(store.getState().settings.mediumSteps).toBe(2);
    s.update({ steps: 20 });
    expect(store.getState().settings).toMatchObject({ steps: 20, smallSteps: 16, mediumSteps: 4 });
  });
  it('takes parsed URL settings and their problems', () => {
    const settings = { ...defaultSettings(), seed: 9 };
    store.getState().initSettings({ settings, problems: ['x'], fromUrl: true });
    expect(store.getState()).toMatchObject({ settingsReady: true, urlProblems: ['x'], settings: { seed: 9 } });
  });
});

describe('run and replay slices', () => {
  it('a run follows the live clock, a finished one catches up to its end, and the clock stops where it is put', () => {
    const s = store.getState();
    s.startRun(runOf({ ...defaultSettings(), steps: 5 }));
    expect(store.getState()).toMatchObject({ clockMs: null, clockMotion: 'live' });
    s.setClock(12, 'live');
    s.setProgress('stitched', 2, 10);
    s.finishRun('done');
    expect(store.getState()).toMatchObject({ clockMs: 12, clockMotion: 'catch-up', clockRate: 1 });
    s.setClock(-3);
    expect(store.getState()).toMatchObject({ clockMs: 0, clockMotion: null });
    s.setClock(5, 'play', 0.125);
    expect(store.getState()).toMatchObject({ clockMs: 5, clockMotion: 'play', clockRate: 0.125 });
    s.startRun(runOf(defaultSettings())); // a new run: live again, from no clock
    expect(store.getState()).toMatchObject({ clockMs: null, clockMotion: 'live' });
  });
  it('shows the latest step of a cancelled run', () => {
    const s = store.getState();
    s.startRun(runOf(defaultSettings()));
    s.finishRun('cancelled');
    expect(store.getState()).toMatchObject({ status: 'cancelled', clockMs: null, clockMotion: null });
  });
});

describe('agreement slice', () => {
  it('collects points until cleared', () => {
    const s = store.getState();
    s.startAgreement();
    s.addAgreementPoint({ index: 0, steps: 2, t: 999, eps: 0.99, x0: 0.9 });
    s.addAgreementPoint({ index: 1, steps: 2, t: 0, eps: 0.8, x0: 0.95 });
    s.finishAgreement({ status: 'done' });
    expect(store.getState().agreement.points.map((p) => p.index)).toEqual([0, 1]);
    s.clearAgreement();
    expect(store.getState().agreement).toMatchObject({ points: [], status: 'idle' });
  });
});
