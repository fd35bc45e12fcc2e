import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gflopsPerImage, paretoFront, parseEvaluation, referenceFor, rowFamilies, type EvaluationRow } from './evaluation';

const row = (small: number, medium: number, fid: number | null, gflops: number, over: Partial<EvaluationRow> = {}): EvaluationRow => ({
  plan: { order: 'small-first', fractions: { small, medium, large: Number((1 - small - medium).toFixed(6)) } },
  sampler: 'ddim',
  steps: 20,
  samples: 300,
  guidance: 2,
  fid,
  classAccuracy: 0.9,
  gflopsPerImage: gflops,
  secondsPerImage: 0.1,
  ...over,
});
const file = (rows: unknown[], over: Record<string, unknown> = {}) => ({
  format: 2,
  references: [{ samples: 300, fid: 9 }],
  runs: [{ command: 'npm run eval' }],
  rows,
  ...over,
});

describe('parseEvaluation (format 2)', () => {
  it('keeps every row with its plan and run, and the references per sample count', () => {
    const e = parseEvaluation(file([row(0.4, 0, 20, 5, { run: 0, extra: 'kept' })]));
    expect(e.rows[0]).toMatchObject({
      plan: { order: 'small-first', fractions: { small: 0.4, medium: 0, large: 0.6 } },
      run: 0,
      extra: 'kept',
    });
    expect(referenceFor(e, 300)?.fid).toBe(9);
    expect(referenceFor(e, 1000)).toBeUndefined();
  });
  it('names the first bad field', () => {
    expect(() => parseEvaluation(null)).toThrow(/^Invalid evaluation.json: /);
    expect(() => parseEvaluation(file([]))).toThrow(/Invalid evaluation.json: rows: /);
    expect(() => parseEvaluation(file([row(0.4, 0, -1, 5)]))).toThrow(/rows\[0\]\.fid/);
    expect(() => parseEvaluation(file([{ ...row(0.4, 0, 1, 5), sampler: 'euler' }]))).toThrow(/rows\[0\]\.sampler/);
    expect(() =>
      parseEvaluation(file([{ ...row(0.4, 0, 1, 5), plan: { order: 'random', fractions: { small: 1, medium: 0, large: 0 } } }])),
    ).toThrow(/rows\[0\]\.plan\.order/);
    expect(() => parseEvaluation(file([row(0.5, 0.6, 1, 5)]))).toThrow(/rows\[0\]\.plan\.fractions\.large/);
    expect(() =>
      parseEvaluation(file([{ ...row(0.4, 0, 1, 5), plan: { order: 'small-first', fractions: { small: 0.4, medium: 0, large: 0.4 } } }])),
    ).toThrow('rows[0].plan.fractions must sum to 1');
    expect(() => parseEvaluation(file([row(0.4, 0, 1, 5, { run: 3 })]))).toThrow('rows[0].run names no entry of runs');
  });
});

describe('parseEvaluation (the first format, restated)', () => {
  it("turns each fraction into a small-first plan with the config's settings, its run and its cost", () => {
    const v1 = JSON.parse(readFileSync(join(__dirname, '../../tools/__fixtures__/evaluation-v1.json'), 'utf8'));
    const e = parseEvaluation(v1);
    expect(e.rows.map((r) => [r.plan.fractions.small, r.steps, r.samples, r.sampler, r.run, r.gflopsPerImage])).toEqual([
      [0, 50, 1000, 'ddim', 0, 2 * 50 * 10],
      [0.4, 50, 1000, 'ddim', 1, 2 * (20 * 1 + 30 * 10)],
      [1, 50, 1000, 'ddim', 0, 2 * 50 * 1],
    ]);
    expect(e.runs.map((r) => r.command)).toEqual(['a', 'b']);
    expect(e.references).toEqual([{ samples: 1000, fid: 5 }]);
  });
  it('reads the committed public/fixtures and public/models files', () => {
    for (const set of ['fixtures', 'models']) {
      const json = JSON.parse(readFileSync(join(__dirname, `../../public/${set}/evaluation.json`), 'utf8'));
      expect(parseEvaluation(json).rows.length).toBeGreaterThan(1);
    }
  });
});

describe('cost, families and the Pareto front', () => {
  it('counts GFLOPs per image over every call, doubled by guidance', () => {
    const g = { small: 0.02, medium: 0.1, large: 0.4 };
    expect(gflopsPerImage({ small: 2, medium: 3, large: 5 }, g, 2)).toBeCloseTo(2 * (0.04 + 0.3 + 2), 12);
    expect(gflopsPerImage({ small: 0, medium: 0, large: 5 }, { large: 0.4 }, 1)).toBeCloseTo(2, 12);
    expect(gflopsPerImage({ small: 1, medium: 0, large: 5 }, { large: 0.4 }, 1)).toBeNull(); // a cost is missing
  });
  it('groups rows measured the same way; fewer-steps rows by the steps they match', () => {
    const e = parseEvaluation(
      file([
        row(0, 0, 20, 10),
        row(0.3, 0.3, 18, 6),
        row(0.5, 0, 19, 7, { steps: 50, samples: 1000 }),
        {
          ...row(0, 0, 25, 6, { steps: 31, samples: 1000 }),
          plan: { order: 'fewer-steps', fractions: { small: 0, medium: 0, large: 1 } },
          sameCostAs: { fractions: { small: 0.4, medium: 0, large: 0.6 }, steps: 50 },
        },
      ]),
    );
    const fams = rowFamilies(e);
    expect(fams.map((f) => [f.order, f.steps, f.samples, f.threeModels, f.rows.length])).toEqual([
      ['small-first', 20, 300, true, 2],
      ['small-first', 50, 1000, false, 1],
      ['fewer-steps', 50, 1000, false, 1],
    ]);
  });
  it('keeps the rows no cheaper row beats, cheapest first', () => {
    const rows = [
      row(0, 0, 20, 10),
      row(0.1, 0.2, 17, 8),
      row(0.2, 0.2, 19, 7),
      row(0.5, 0, 18, 9),
      row(0.9, 0, 60, 2),
      row(0.4, 0.4, null, 1),
    ];
    expect(paretoFront(rows).map((r) => r.gflopsPerImage)).toEqual([2, 7, 8]);
  });
});
