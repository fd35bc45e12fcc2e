import { describe, expect, it } from 'vitest';
import {
  batchClasses,
  defaultSettings,
  parseSettings,
  quoteValue,
  randomSeed,
  rescaleSmallSteps,
  sameSettings,
  writeSettings,
} from './settings';

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const defaults = defaultSettings({ steps: 50, sampler: 'ddim', guidance: 2 });

describe('defaultSettings', () => {
  it('takes steps, sampler and guidance from the manifest', () => {
    expect(defaults).toEqual({
      smallSteps: 20,
      mediumSteps: 0,
      compare: 'large-only',
      steps: 50,
      seed: 0,
      classChoice: 0,
      sampler: 'ddim',
      guidance: 2,
      batch: 1,
    });
    expect(defaultSettings({ steps: 1000, sampler: 'ddpm', guidance: 1 })).toMatchObject({ steps: 250, sampler: 'ddpm', guidance: 1 });
  });
});

describe('parseSettings', () => {
  it('reads every setting', () => {
    const p = parseSettings('?models=fixtures&r=0.25&steps=8&seed=42&class=random&sampler=ddpm&guidance=1.5&batch=4', defaults, CLASSES);
    expect(p.problems).toEqual([]);
    expect(p.fromUrl).toBe(true);
    expect(p.settings).toEqual({
      smallSteps: 2,
      mediumSteps: 0,
      compare: 'large-only',
      steps: 8,
      seed: 42,
      classChoice: 'random',
      sampler: 'ddpm',
      guidance: 1.5,
      batch: 4,
    });
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
      'sampler="euler" is not "ddim", "ddpm" or "dpmpp2m"; using ddim.',
      'batch="3" is not 1, 4 or 16; using 1.',
      'class="11" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).',
    ]);
  });

  it('refuses half-numbers and exotic notations', () => {
    for (const q of ['steps=12abc', 'steps=1e2', 'steps=7.5', 'seed=0x10', 'r=', 'guidance=Infinity', 'r=NaN']) {
      expect(parseSettings(`?${q}`, defaults, CLASSES).problems).toHaveLength(1);
    }
  });

  /** The problems of a query string, and whether every setting kept its default. */
  const bad = (search: string) => {
    const p = parseSettings(search, defaults, CLASSES);
    expect(p.settings).toEqual(defaults);
    return p.problems;
  };

  it('refuses non-numbers, exotic notations and empty values, one sentence each', () => {
    expect(bad('?steps=abc')).toEqual(['steps="abc" is not a whole number from 1 to 250; using 50.']);
    expect(bad('?r=NaN')).toEqual(['r="NaN" is not a number from 0 to 1; using 0.4.']);
    expect(bad('?guidance=Infinity')).toEqual(['guidance="Infinity" is not a number from 0 to 10; using 2.']);
    expect(bad('?seed=0x10')).toEqual(['seed="0x10" is not a whole number from 0 to 4294967295; using 0.']);
    expect(bad('?steps=')).toEqual(['steps="" is not a whole number from 1 to 250; using 50.']);
    // Plain decimal notation only, for integers and decimals alike.
    for (const q of [
      'steps=1e1',
      'steps=%2B8',
      'steps=-8',
      'steps=8.0',
      'r=1e-1',
      'r=0,5',
      'r=.',
      'guidance=-0',
      'batch=04',
      'class=1.0',
    ]) {
      expect(bad(`?${q}`), q).toHaveLength(1);
    }
  });

  it('refuses out-of-range values and huge step counts', () => {
    const seeds = 'a whole number from 0 to 4294967295; using 0.';
    const steps = 'a whole number from 1 to 250; using 50.';
    for (const [query, problem] of [
      ['r=7', 'r="7" is not a number from 0 to 1; using 0.4.'],
      ['r=-0.1', 'r="-0.1" is not a number from 0 to 1; using 0.4.'],
      ['guidance=99', 'guidance="99" is not a number from 0 to 10; using 2.'],
      ['seed=-1', `seed="-1" is not ${seeds}`],
      ['seed=4294967296', `seed="4294967296" is not ${seeds}`],
      ['steps=0', `steps="0" is not ${steps}`],
      ['steps=99999999999999999999', `steps="99999999999999999999" is not ${steps}`],
      ['steps=1e309', `steps="1e309" is not ${steps}`],
    ]) {
      expect(bad(`?${query}`)).toEqual([problem]);
    }
    // The limits themselves are fine.
    const edges = parseSettings('?steps=250&seed=4294967295&r=1&guidance=10&class=9', defaults, CLASSES);
    expect(edges.problems).toEqual([]);
    expect(edges.settings).toMatchObject({ steps: 250, seed: 4294967295, smallSteps: 250, guidance: 10, classChoice: 9 });
  });

  it('refuses unknown samplers, batch sizes and classes; keywords are case-insensitive', () => {
    expect(bad('?sampler=euler')).toEqual(['sampler="euler" is not "ddim", "ddpm" or "dpmpp2m"; using ddim.']);
    expect(bad('?batch=2')).toEqual(['batch="2" is not 1, 4 or 16; using 1.']);
    expect(bad('?class=10')).toEqual(['class="10" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).']);
    expect(bad('?class=Trouser')).toEqual(['class="Trouser" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).']);
    const p = parseSettings('?sampler=DDPM&class=Random&Steps=8&BATCH=16&steps=%208%20', defaults, CLASSES);
    expect(p.problems).toEqual([]);
    expect(p.settings).toMatchObject({ sampler: 'ddpm', classChoice: 'random', steps: 8, batch: 16 });
  });

  it('uses neither value of a parameter repeated with different values, and reads a plain repeat once', () => {
    expect(bad('?steps=4&steps=8')).toEqual(['steps is given 2 times with different values ("4", "8"); using 50.']);
    expect(bad('?seed=1&Seed=2&SEED=3&seed=4&seed=1')).toEqual([
      'seed is given 5 times with different values ("1", "2", "3", …); using 0.',
    ]);
    const p = parseSettings('?steps=8&steps=8', defaults, CLASSES);
    expect(p.problems).toEqual([]);
    expect(p.settings.steps).toBe(8);
  });

  it('quotes injection attempts as inert text', () => {
    expect(bad('?class=<script>alert(1)</script>')).toEqual([
      'class="<script>alert(1)</script>" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).',
    ]);
    const img = '"><img src=x onerror=alert(1)>';
    expect(bad(`?sampler=${encodeURIComponent(img)}`)).toEqual([
      'sampler="\\"><img src=x onerror=alert(1)>" is not "ddim", "ddpm" or "dpmpp2m"; using ddim.',
    ]);
    expect(bad('?seed=javascript:alert(1)')).toEqual(['seed="javascript:alert(1)" is not a whole number from 0 to 4294967295; using 0.']);
    // Invisible characters that could disguise a value are shown escaped.
    expect(bad('?steps=8%E2%80%AE%0A%00')).toEqual(['steps="8\\u202e\\n\\u0000" is not a whole number from 1 to 250; using 50.']);
  });

  it('shortens very long values in the notice, without slow patterns', () => {
    const long = 'a'.repeat(10_000);
    expect(bad(`?steps=${long}`)).toEqual([`steps="${'a'.repeat(40)}…" is not a whole number from 1 to 250; using 50.`]);
    // Never cuts a character in two (emoji are two UTF-16 units).
    expect(quoteValue('😀'.repeat(50))).toBe(`"${'😀'.repeat(40)}…"`);
    // Digits then a letter: a backtracking pattern would take seconds here.
    const started = performance.now();
    const digits = `${'1'.repeat(100_000)}x`;
    expect(bad(`?r=${digits}&guidance=${digits}&seed=${digits}`)).toHaveLength(3);
    expect(bad(`?steps=${'0'.repeat(100)}8`)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('ignores other parameters without a notice', () => {
    expect(parseSettings('?models=fixtures&foo=bar&utm_source=newsletter&utm_medium=email&fbclid=x', defaults, CLASSES)).toEqual({
      settings: defaults,
      problems: [],
      fromUrl: false,
    });
  });

  it('reports every bad value of one link, in the order of the controls', () => {
    const p = parseSettings(
      '?steps=abc&r=7&batch=3&seed=-1&class=banana&sampler=ddim&guidance=99&sampler=ddim&utm_source=x',
      defaults,
      CLASSES,
    );
    expect(p.fromUrl).toBe(true);
    expect(p.settings).toEqual(defaults);
    expect(p.problems.map((m) => m.split(/[= ]/)[0])).toEqual(['steps', 'seed', 'r', 'guidance', 'batch', 'class']);
  });

  it('turns r into whole steps of the parsed step count', () => {
    expect(parseSettings('?r=0.33&steps=10', defaults, CLASSES).settings.smallSteps).toBe(3);
    expect(parseSettings('?r=0.5&steps=3', defaults, CLASSES).settings.smallSteps).toBe(2);
    expect(parseSettings('?steps=8', defaults, CLASSES).settings.smallSteps).toBe(3); // the default r = 0.4
    expect(parseSettings('?sampler=dpmpp2m', defaults, CLASSES).settings.sampler).toBe('dpmpp2m');
  });

  it("reads the medium model's share (when there is one) and the comparison", () => {
    const p = parseSettings('?r=0.3&rm=0.3&steps=10&compare=Fewer-Steps', defaults, CLASSES, true);
    expect(p.problems).toEqual([]);
    expect(p.settings).toMatchObject({ smallSteps: 3, mediumSteps: 3, compare: 'fewer-steps' });
    expect(parseSettings('?r=0.8&rm=0.5&steps=10', defaults, CLASSES, true)).toMatchObject({
      settings: { smallSteps: 8, mediumSteps: 2 },
      problems: ['r + rm is more than all steps; using rm = 0.2.'],
    });
    expect(parseSettings('?rm=0.3', defaults, CLASSES).problems).toEqual([
      'rm="0.3" is not 0 (these models have no medium model); using 0.',
    ]);
    expect(parseSettings('?compare=smaller', defaults, CLASSES).problems).toEqual([
      'compare="smaller" is not "large-only", "fewer-steps", "large-first" or "interleaved"; using large-only.',
    ]);
  });

  it('writes rm and compare only when they differ from the default, so older links keep their form', () => {
    expect(writeSettings('', defaults)).not.toMatch(/rm=|compare=/);
    const s = { ...defaults, steps: 10, smallSteps: 3, mediumSteps: 3, compare: 'interleaved' as const };
    expect(writeSettings('', s)).toBe('r=0.3&steps=10&seed=0&class=0&sampler=ddim&guidance=2&batch=1&rm=0.3&compare=interleaved');
    expect(sameSettings(parseSettings(`?${writeSettings('', s)}`, defaults, CLASSES, true).settings, s)).toBe(true);
  });
});

describe('writeSettings', () => {
  it('round-trips through parseSettings and keeps other parameters', () => {
    const s = {
      smallSteps: 3,
      mediumSteps: 0,
      compare: 'large-only' as const,
      steps: 7,
      seed: 123456,
      classChoice: 'random' as const,
      sampler: 'ddpm' as const,
      guidance: 3.5,
      batch: 16 as const,
    };
    const search = writeSettings('?models=fixtures&steps=2', s);
    expect(search.startsWith('models=fixtures&')).toBe(true);
    const back = parseSettings(`?${search}`, defaults, CLASSES);
    expect(back.problems).toEqual([]);
    expect(sameSettings(back.settings, s)).toBe(true);
  });

  it('replaces repeated and differently spelt setting names by one entry each', () => {
    const search = writeSettings('?Steps=4&models=fixtures&steps=8&utm_source=x&SEED=1', defaults);
    expect(search).toBe('models=fixtures&utm_source=x&r=0.4&steps=50&seed=0&class=0&sampler=ddim&guidance=2&batch=1');
  });
});

describe('batchClasses', () => {
  it('repeats a fixed class, and draws reproducible random classes', () => {
    expect(batchClasses(3, 4, 0, 10)).toEqual([3, 3, 3, 3]);
    const a = batchClasses('random', 16, 7, 10);
    expect(a).toEqual(batchClasses('random', 16, 7, 10));
    expect(a).not.toEqual(batchClasses('random', 16, 8, 10));
    // Pinned: a shared link with class=random must draw the same classes in every release of the page.
    expect(a).toEqual([5, 7, 7, 8, 4, 5, 9, 7, 3, 4, 7, 2, 0, 7, 1, 0]);
    expect(batchClasses('random', 4, 4242, 10)).toEqual([5, 7, 8, 4]);
    expect(batchClasses('random', 4, 4242, 3).every((c) => c < 3)).toBe(true); // a set with 3 classes draws among its own
  });
});

describe('small helpers', () => {
  it('keeps the share of small steps when the step count changes, and draws short seeds', () => {
    expect(rescaleSmallSteps(4, 10, 50)).toBe(20);
    expect(rescaleSmallSteps(20, 50, 4)).toBe(2); // 1.6 rounds to 2
    expect(rescaleSmallSteps(3, 3, 250)).toBe(250);
    expect(rescaleSmallSteps(0, 7, 1)).toBe(0);
    expect(randomSeed(() => 0.123456789)).toBe(12345);
  });
});
