import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from './settings';
import { createAppStore, type AppStore } from './store';

let useAppStore: AppStore;
beforeEach(() => {
  useAppStore = createAppStore();
});

describe('settings slice', () => {
  it('keeps the share of small-model steps when the step count changes', () => {
    const s = useAppStore.getState();
    s.update({ steps: 10, smallSteps: 4 });
    expect(useAppStore.getState().settings).toMatchObject({ steps: 10, smallSteps: 4 });
    s.update({ steps: 4 });
    expect(useAppStore.getState().settings).toMatchObject({ steps: 4, smallSteps: 2 }); // 1.6 rounds to 2
    s.update({ steps: 9999 });
    expect(useAppStore.getState().settings).toMatchObject({ steps: 250, smallSteps: 125 });
    s.update({ smallSteps: 300 });
    expect(useAppStore.getState().settings.smallSteps).toBe(250);
  });
  it('takes parsed URL settings and their problems', () => {
    const settings = { ...defaultSettings(), seed: 9 };
    useAppStore.getState().initSettings({ settings, problems: ['x'], fromUrl: true });
    expect(useAppStore.getState()).toMatchObject({ settingsReady: true, urlProblems: ['x'], settings: { seed: 9 } });
  });
});

describe('run and replay slices', () => {
  it('opens a finished run on its last step and clamps the scrubber', () => {
    const s = useAppStore.getState();
    s.startRun({ settings: { ...defaultSettings(), steps: 5 }, classes: [0] });
    expect(useAppStore.getState().scrubIndex).toBeNull();
    s.setProgress('stitched', 2, 10);
    s.finishRun('done');
    expect(useAppStore.getState().scrubIndex).toBe(4);
    s.setScrub(99);
    expect(useAppStore.getState().scrubIndex).toBe(4);
    s.setScrub(-3);
    expect(useAppStore.getState().scrubIndex).toBe(0);
  });
  it('shows the latest step of a cancelled run', () => {
    const s = useAppStore.getState();
    s.startRun({ settings: defaultSettings(), classes: [0] });
    s.finishRun('cancelled');
    expect(useAppStore.getState()).toMatchObject({ status: 'cancelled', scrubIndex: null });
  });
});

describe('agreement slice', () => {
  it('collects points until cleared', () => {
    const s = useAppStore.getState();
    s.startAgreement();
    s.addAgreementPoint({ index: 0, steps: 2, t: 999, eps: 0.99, x0: 0.9 });
    s.addAgreementPoint({ index: 1, steps: 2, t: 0, eps: 0.8, x0: 0.95 });
    s.finishAgreement('done');
    expect(useAppStore.getState().agreement.map((p) => p.index)).toEqual([0, 1]);
    s.clearAgreement();
    expect(useAppStore.getState()).toMatchObject({ agreement: [], agreementStatus: 'idle' });
  });
});
