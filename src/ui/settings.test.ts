import { describe, expect, it } from 'vitest';
import { batchClasses, defaultSettings, parseSettings, randomSeed, sameSettings, snapFraction, writeSettings } from './settings';

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const defaults = defaultSettings({ steps: 50, sampler: 'ddim', guidance: 2 });

describe('defaultSettings', () => {
  it('takes steps, sampler and guidance from the manifest', () => {
    expect(defaults).toEqual({ fraction: 0.4, steps: 50, seed: 0, classChoice: 0, sampler: 'ddim', guidance: 2, batch: 1 });
    expect(defaultSettings({ steps: 1000, sampler: 'ddpm', guidance: 1 })).toMatchObject({ steps: 250, sampler: 'ddpm', guidance: 1 });
  });
});

describe('parseSettings', () => {
  it('reads every setting', () => {
    const p = parseSettings('?models=fixtures&r=0.25&steps=8&seed=42&class=random&sampler=ddpm&guidance=1.5&batch=4', defaults, CLASSES);
    expect(p.problems).toEqual([]);
    expect(p.fromUrl).toBe(true);
    expect(p.settings).toEqual({ fraction: 0.25, steps: 8, seed: 42, classChoice: 'random', sampler: 'ddpm', guidance: 1.5, batch: 4 });
  });

  it('keeps defaults and says nothing without settings', () => {
    expect(parseSettings('?models=fixtures', defaults, CLASSES)).toEqual({ settings: defaults, problems: [], fromUrl: false });
  });

  it('falls back to the default for each malformed or out-of-range value, naming it', () => {
    const p = parseSettings('?r=1.5&steps=9999&seed=-3&class=11&sampler=euler&guidance=abc&batch=3', defaults, CLASSES);
    expect(p.settings).toEqual(defaults);
    expect(p.problems).toEqual([
      'steps="9999" is not a whole number from 1 to 250; using 50.',
      'seed="-3" is not a whole number from 0 to 4294967295; using 0.',
      'r="1.5" is not a number from 0 to 1; using 0.4.',
      'guidance="abc" is not a number from 0 to 10; using 2.',
      'sampler="euler" is not "ddim" or "ddpm"; using ddim.',
      'batch="3" is not 1, 4 or 16; using 1.',
      'class="11" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).',
    ]);
  });

  it('refuses half-numbers and exotic notations', () => {
    for (const q of ['steps=12abc', 'steps=1e2', 'steps=7.5', 'seed=0x10', 'r=', 'guidance=Infinity', 'r=NaN']) {
      expect(parseSettings(`?${q}`, defaults, CLASSES).problems).toHaveLength(1);
    }
  });

  it('snaps r to whole steps of the parsed step count', () => {
    expect(parseSettings('?r=0.33&steps=10', defaults, CLASSES).settings.fraction).toBe(0.3);
    expect(parseSettings('?r=0.5&steps=3', defaults, CLASSES).settings.fraction).toBe(2 / 3);
  });
});

describe('writeSettings', () => {
  it('round-trips through parseSettings and keeps other parameters', () => {
    const s = { fraction: 3 / 7, steps: 7, seed: 123456, classChoice: 'random' as const, sampler: 'ddpm' as const, guidance: 3.5, batch: 16 as const };
    const search = writeSettings('?models=fixtures&steps=2', s);
    expect(search.startsWith('models=fixtures&')).toBe(true);
    const back = parseSettings(`?${search}`, defaults, CLASSES);
    expect(back.problems).toEqual([]);
    expect(sameSettings(back.settings, s)).toBe(true);
  });
});

describe('batchClasses', () => {
  it('repeats a fixed class, and draws reproducible random classes', () => {
    expect(batchClasses(3, 4, 0, 10)).toEqual([3, 3, 3, 3]);
    const a = batchClasses('random', 16, 7, 10);
    expect(a).toEqual(batchClasses('random', 16, 7, 10));
    expect(a).not.toEqual(batchClasses('random', 16, 8, 10));
    expect(a.every((c) => Number.isInteger(c) && c >= 0 && c < 10)).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(3);
  });
});

describe('small helpers', () => {
  it('snaps fractions and draws short seeds', () => {
    expect(snapFraction(0.33, 10)).toBe(0.3);
    expect(snapFraction(Number.NaN, 10)).toBe(0);
    expect(randomSeed(() => 0.123456789)).toBe(12345);
  });
});
