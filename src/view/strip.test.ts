import { describe, expect, it } from 'vitest';
import { planCost } from '../core';
import { parseManifest } from '../models/readManifest';
import { sampleManifest } from '../models/testManifest';
import { defaultSettings } from './settings';
import {
  describeStrip,
  formatMs,
  formatR,
  requestParams,
  runSpec,
  stepsLabel,
  stripMediumNote,
  stripPlan,
  stripRequests,
  stripSettings,
  stripStale,
} from './strip';

// The shipped pair's costs (public/models/manifest.json): small 0.02216, large 0.366 GFLOPs a call.
const shipped = parseManifest({
  ...sampleManifest(),
  denoisers: [
    { id: 's', role: 'small', file: 's.onnx', sha256: 'a'.repeat(64), gflops: 0.02216 },
    { id: 'l', role: 'large', file: 'l.onnx', sha256: 'b'.repeat(64), gflops: 0.366 },
  ],
});
const noCosts = parseManifest(sampleManifest());

describe('the r strip: whole steps and FLOP costs', () => {
  it('gives each r round(r * N) small steps and its FLOPs over large-only', () => {
    const plan = stripPlan(50, shipped);
    expect(plan.cells.map((c) => [c.r, c.small])).toEqual([
      [0, 0],
      [0.2, 10],
      [0.4, 20],
      [0.6, 30],
      [0.8, 40],
      [1, 50],
    ]);
    // By hand: at r = 0.4, 20 small and 30 large calls against 50 large ones.
    expect(plan.cells[2].flopCost).toBeCloseTo((20 * 0.02216 + 30 * 0.366) / (50 * 0.366), 12);
    expect(plan.cells[0].flopCost).toBe(1);
    expect(plan.cells[5].flopCost).toBeCloseTo(0.02216 / 0.366, 12);
    const costs = plan.cells.map((c) => c.flopCost!);
    for (let i = 1; i < costs.length; i++) expect(costs[i]).toBeLessThan(costs[i - 1]);
    expect(plan.costMissing).toBeUndefined();
    expect(plan.runs.map((r) => r.small)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(stepsLabel(plan.cells[2])).toBe('20 of 50 steps small');
    expect(formatR(plan.cells[2].r)).toBe('0.40');
  });

  it('runs an r once when rounding gives two of them the same k (few steps)', () => {
    // 2 steps: 0 -> 0, 0.2 -> 0, 0.4 -> 1, 0.6 -> 1, 0.8 -> 2, 1 -> 2.
    const plan = stripPlan(2, shipped);
    expect(plan.cells.map((c) => c.small)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(plan.runs).toEqual([
      { small: 0, cells: [0, 1] },
      { small: 1, cells: [2, 3] },
      { small: 2, cells: [4, 5] },
    ]);
    expect(plan.cells.map((c) => c.run)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(stepsLabel(stripPlan(1, shipped).cells[5])).toBe('1 of 1 step small');
  });

  it("without the models' gflops: no costs, and the reason", () => {
    const plan = stripPlan(10, noCosts);
    expect(plan.cells.every((c) => c.flopCost === null)).toBe(true);
    expect(plan.costMissing).toBe('The manifest gives no gflops for the small and large models, so no FLOP cost is shown.');
    const largeOnly = parseManifest({
      ...sampleManifest(),
      denoisers: [sampleManifest().denoisers[0], { ...sampleManifest().denoisers[1], gflops: 2 }],
    });
    expect(stripPlan(10, largeOnly).costMissing).toBe('The manifest gives no gflops for the small model, so no FLOP cost is shown.');
  });
});

describe('the r strip: requests to the worker', () => {
  it('pairs the runs two a request, the costlier on the left, so the worker never times a pair again', () => {
    const plan = stripPlan(50, shipped);
    const requests = stripRequests(plan);
    expect(requests.map((r) => r.runs)).toEqual([
      { stitched: 0, baseline: 1 },
      { stitched: 2, baseline: 3 },
      { stitched: 4, baseline: 5 },
    ]);
    expect(requests[1].plans).toEqual({ stitched: runSpec(50, 20), baseline: runSpec(50, 30) });
    const gflops = { small: 0.02216, large: 0.366 };
    for (const r of requests)
      expect(planCost(r.plans.baseline.counts, gflops)).toBeLessThanOrEqual(planCost(r.plans.stitched.counts, gflops));
  });

  it('an odd run out goes with one small-model step, whose image is not a strip run', () => {
    const requests = stripRequests(stripPlan(2, shipped));
    expect(requests).toHaveLength(2);
    expect(requests[1].runs).toEqual({ stitched: 2, baseline: null });
    expect(requests[1].plans.baseline).toEqual({ steps: 1, counts: { small: 1, medium: 0, large: 0 }, order: 'small-first' });
    expect(requests[1].plans.stitched).toEqual({ steps: 2, counts: { small: 2, medium: 0, large: 0 }, order: 'small-first' });
  });

  it("takes the settings' noise, classes, sampler and guidance, never their r, medium share or comparison", () => {
    const settings = {
      ...defaultSettings(),
      seed: 7,
      classChoice: 'random' as const,
      batch: 4 as const,
      sampler: 'ddpm' as const,
      guidance: 3,
      smallSteps: 3,
      mediumSteps: 2,
      compare: 'interleaved' as const,
    };
    const made = stripSettings(settings);
    expect(made).toEqual({ seed: 7, classChoice: 'random', sampler: 'ddpm', steps: 50, guidance: 3, batch: 4 });
    const request = stripRequests(stripPlan(50, shipped))[0];
    const params = requestParams(made, request, shipped);
    expect(params).toMatchObject({ seed: 7, sampler: 'ddpm', guidance: 3, eta: shipped.defaults.eta, plans: request.plans });
    expect(params.classes).toHaveLength(4);
    expect(params.classes.every((c) => c >= 0 && c < shipped.classes.length)).toBe(true);
    // A change of r or the comparison keeps the strip; a change of the noise or steps does not.
    expect(stripStale(made, { ...settings, smallSteps: 10, compare: 'large-only' })).toBe(false);
    expect(stripStale(made, { ...settings, seed: 8 })).toBe(true);
    expect(stripStale(made, { ...settings, steps: 20 })).toBe(true);
  });
});

describe('the r strip: words', () => {
  it('times in ms below a second, the settings in one line', () => {
    expect(formatMs(4.24)).toBe('4.2 ms');
    expect(formatMs(37.6)).toBe('38 ms');
    expect(formatMs(1240)).toBe('1.24 s');
    const made = stripSettings({ ...defaultSettings(), seed: 3, classChoice: 1, sampler: 'dpmpp2m', steps: 1 });
    expect(describeStrip(made, ['a', 'Trouser'])).toBe('seed 3, class Trouser, DPM-Solver++(2M), 1 step, guidance 2, batch 1');
    expect(describeStrip({ ...made, classChoice: 'random', steps: 5 }, ['a'])).toBe(
      'seed 3, a random class per image, DPM-Solver++(2M), 5 steps, guidance 2, batch 1',
    );
  });
});

describe('the r strip with a medium model', () => {
  const three = parseManifest({
    ...sampleManifest(),
    denoisers: [
      { id: 's', role: 'small', file: 's.onnx', sha256: 'a'.repeat(64), gflops: 0.02 },
      { id: 'dit-m', role: 'medium', file: 'm.onnx', sha256: 'c'.repeat(64), gflops: 0.1 },
      { id: 'l', role: 'large', file: 'l.onnx', sha256: 'b'.repeat(64), gflops: 0.4 },
    ],
  });

  it('says nothing for a pair', () => {
    expect(stripMediumNote(shipped, { steps: 50, mediumSteps: 0 })).toBeNull();
  });

  it('says the medium model takes no step in the strip, and when the panels above use it', () => {
    const off = stripMediumNote(three, { steps: 50, mediumSteps: 0 });
    expect(off).toBe(
      "This set also has a medium model (dit-m), but the strip stitches the small and the large model only, as the paper's r does: " +
        'the medium model takes no step in these images, and the medium-model fraction (in “For researchers”) is not used here.',
    );
    expect(stripMediumNote(three, { steps: 50, mediumSteps: 10 })).toBe(
      `${off} Your settings give the medium model 10 of 50 steps, so the stitched panel above is a three-model run and none of these images is the same run.`,
    );
  });

  it('keeps its plan to two models: no run of the strip calls the medium model', () => {
    const plan = stripPlan(10, three);
    for (const request of stripRequests(plan)) {
      expect(request.plans.stitched.counts.medium).toBe(0);
      expect(request.plans.baseline.counts.medium).toBe(0);
    }
    // Its costs are the two models' (the medium model's gflops play no part).
    expect(plan.cells[2].flopCost).toBeCloseTo((4 * 0.02 + 6 * 0.4) / (10 * 0.4), 12);
  });
});
