// The settings slice: what the next run uses (the link's grammar and its checks: src/view/settings.ts).
import { clampSteps, defaultSettings, rescaleSmallSteps, type ParsedSettings, type Settings } from '../../view/settings';
import type { Slice } from './index';

export interface SettingsSlice {
  settings: Settings;
  /** False until the manifest's defaults and the URL have been read. */
  settingsReady: boolean;
  /** One sentence per URL parameter that was ignored, for the notice. */
  urlProblems: string[];
  initSettings(parsed: ParsedSettings): void;
  /** Change some settings; a new step count keeps the share of small-model steps unless smallSteps is given. */
  update(patch: Partial<Settings>): void;
  /** A latent set: decode the previews at every step (else the last step only; decode.ts). Not in the link. */
  decodeEveryStep: boolean;
  setDecodeEveryStep(on: boolean): void;
}

export const settingsSlice: Slice<SettingsSlice> = (set) => ({
  settings: defaultSettings(),
  settingsReady: false,
  urlProblems: [],
  decodeEveryStep: false,
  setDecodeEveryStep: (decodeEveryStep) => set({ decodeEveryStep }),
  initSettings: ({ settings, problems }) => set({ settings, urlProblems: problems, settingsReady: true }),
  update: (patch) =>
    set((s) => {
      const next = { ...s.settings, ...patch };
      next.steps = clampSteps(next.steps);
      const steps = (key: 'smallSteps' | 'mediumSteps', room: number) =>
        Math.min(
          room,
          Math.max(0, patch[key] === undefined ? rescaleSmallSteps(s.settings[key], s.settings.steps, next.steps) : Math.round(next[key])),
        );
      next.smallSteps = steps('smallSteps', next.steps);
      // The medium model gets what the small one leaves: moving r up can take steps from it.
      next.mediumSteps = steps('mediumSteps', next.steps - next.smallSteps);
      return { settings: next };
    }),
});
