import { describe, expect, it } from 'vitest';
import { COMPARISONS } from '../core';
import { parseManifest } from '../models/readManifest';
import { sampleManifest } from '../models/testManifest';
import { COMPARISON_TEXT } from './comparisons';
import { runPlans } from './runPlans';
import { runProgressText } from './runStatus';
import { defaultSettings } from './settings';

// Costs, so every comparison has a plan (fewer-steps prices the stitched run).
const manifest = parseManifest({
  ...sampleManifest(),
  denoisers: [
    { id: 's', role: 'small', file: 's.onnx', sha256: 'a'.repeat(64), gflops: 0.02216 },
    { id: 'l', role: 'large', file: 'l.onnx', sha256: 'b'.repeat(64), gflops: 0.366 },
  ],
});
const runOf = (compare: (typeof COMPARISONS)[number]) => {
  const settings = { ...defaultSettings(manifest.defaults), steps: 50, smallSteps: 20, compare };
  return { settings, plans: runPlans(settings, manifest) };
};

describe('the status line of a run in flight', () => {
  it('names the comparison shown, each trajectory out of its own steps', () => {
    expect(runProgressText(runOf('large-only'), { stitched: 2, baseline: 1 })).toBe('stitched: step 3 of 50 · large-only: step 2 of 50');
    expect(runProgressText(runOf('large-first'), { stitched: 2, baseline: 1 })).toBe('stitched: step 3 of 50 · large-first: step 2 of 50');
    expect(runProgressText(runOf('interleaved'), { stitched: 0 })).toBe('stitched: step 1 of 50 · interleaved: starting');
    const fewer = runOf('fewer-steps');
    expect(fewer.plans.baseline.steps).toBeLessThan(50);
    expect(runProgressText(fewer, { stitched: 49, baseline: 4 })).toBe(
      `stitched: step 50 of 50 · large-only with fewer steps: step 5 of ${fewer.plans.baseline.steps}`,
    );
    // Every comparison by its own name (comparisons.ts), none called large-only but its own.
    for (const compare of COMPARISONS)
      expect(runProgressText(runOf(compare), { baseline: 0 })).toMatch(new RegExp(` · ${COMPARISON_TEXT[compare].name}: step 1 of \\d+$`));
    expect(COMPARISONS.filter((c) => runProgressText(runOf(c), { baseline: 0 }).includes(' · large-only: '))).toEqual(['large-only']);
  });

  it('says the models are being prepared before either has a step, and nothing without a run', () => {
    expect(runProgressText(runOf('large-first'), {})).toBe('preparing the models (a first run at a new batch size warms them up)…');
    expect(runProgressText(null, { stitched: 3 })).toBe('');
  });
});
