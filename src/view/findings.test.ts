import { describe, expect, it } from 'vitest';
import { parseEvaluation, type EvaluationRow } from '../models/evaluation';
import { findings, mainFamily } from './findings';

type Order = EvaluationRow['plan']['order'];
const row = (order: Order, small: number, medium: number, fid: number, over: Partial<EvaluationRow> = {}): EvaluationRow => ({
  plan: { order, fractions: { small, medium, large: Number((1 - small - medium).toFixed(6)) } },
  sampler: 'ddim',
  steps: 50,
  samples: 1000,
  guidance: 2,
  fid,
  classAccuracy: 0.9,
  gflopsPerImage: 36 * (1 - small - medium) + small + 10 * medium,
  secondsPerImage: 0.1,
  ...over,
});
const fewer = (r: number, steps: number, fid: number) =>
  row('fewer-steps', 0, 0, fid, { steps, sameCostAs: { fractions: { small: r, medium: 0, large: 1 - r }, steps: 50 } });
const evaluation = (rows: EvaluationRow[]) => parseEvaluation({ format: 2, references: [], runs: [{ command: 'x' }], rows });
const T_STITCH = [
  row('small-first', 0, 0, 22),
  row('small-first', 0.2, 0, 22.4),
  row('small-first', 0.4, 0, 21.6),
  row('small-first', 0.5, 0, 25.6),
];

describe('findings: answers written from the numbers', () => {
  it("picks the manifest's sampler and steps as the main T-Stitch family", () => {
    const e = evaluation([
      ...T_STITCH,
      row('small-first', 0, 0, 30, { sampler: 'dpmpp2m', steps: 20 }),
      row('small-first', 0.2, 0, 31, { sampler: 'dpmpp2m', steps: 20 }),
    ]);
    expect(mainFamily(e, { sampler: 'ddim', steps: 50 })?.rows).toHaveLength(4);
    expect(mainFamily(e, { sampler: 'dpmpp2m', steps: 20 })?.rows).toHaveLength(2);
  });

  it('fewer steps: leads with r = 0.4 and says where the baseline wins', () => {
    const f = findings(evaluation([...T_STITCH, fewer(0.2, 41, 23), fewer(0.4, 31, 21)]));
    expect(f[0].question).toBe('Why not just run the large model with fewer steps?');
    expect(f[0].answer).toBe(
      'At the cost of T-Stitch with r = 0.40 of 50 steps, the large model alone gets 31 steps and scores FID 21.00, against 21.60 for T-Stitch. ' +
        'T-Stitch scores the lower FID at r = 0.20; the fewer-step baseline wins at r = 0.40.',
    );
    const allWins = findings(evaluation([...T_STITCH, fewer(0.4, 31, 30)]))[0].answer;
    expect(allWins).toContain('T-Stitch scores the lower FID at every measured r (0.40).');
    const allLosses = findings(evaluation([...T_STITCH, fewer(0.4, 31, 10)]))[0].answer;
    expect(allLosses).toContain('The fewer-step baseline scores the lower FID at every measured r (0.40)');
  });

  it('order: compares the three orders at r = 0.5, and says when small first is not best', () => {
    const f = findings(evaluation([...T_STITCH, row('large-first', 0.5, 0, 27.6), row('interleaved', 0.5, 0, 19)]));
    expect(f[0]).toEqual({
      question: 'Does the order matter?',
      answer:
        'With 0.50 of the 50 steps on the small model, small first (T-Stitch) scores FID 25.60, large first scores FID 27.60, interleaved scores FID 19.00. Here interleaved is best, unlike in the paper.',
    });
    expect(findings(evaluation([...T_STITCH, row('large-first', 0.5, 0, 40)]))[0].answer).toContain('Small first is best');
  });

  it('solver: r = 0.4 against the large model alone with the other sampler', () => {
    const dpm = (r: number, fid: number) => row('small-first', r, 0, fid, { sampler: 'dpmpp2m', steps: 20 });
    const [f] = findings(evaluation([...T_STITCH, dpm(0, 30), dpm(0.4, 31)]), { sampler: 'ddim', steps: 50 });
    expect(f.question).toBe('Does it still work with DPM-Solver++ and 20 steps?');
    expect(f.answer).toContain('r = 0.40 scores FID 31.00 against 30.00 for the large model alone (within 5%: the trade still holds)');
  });

  it('three models: the best gain over two-model plans of no higher cost, or says there is none', () => {
    const g = (s: number, m: number, fid: number, cost: number) =>
      row('small-first', s, m, fid, { steps: 20, samples: 300, gflopsPerImage: cost });
    const grid = [g(0, 0, 40, 14), g(0.5, 0, 45, 8), g(1, 0, 170, 1), g(0.3, 0.3, 41, 7), g(0, 0.5, 42, 9)];
    const [f] = findings(evaluation(grid));
    expect(f.question).toBe('Why stop at two models?');
    expect(f.answer).toContain(
      'the three-model plan 0.3 / 0.3 / 0.4 scores FID 41.00 at 7.00 GFLOPs per image, while the best two-model plan that costs no more (1 / 0 / 0, 1.00 GFLOPs) scores 170.00',
    );
    expect(f.answer).toContain(
      "To stay within 10% of the large model's FID (40.00), the cheapest two-model plan is 0 / 0 / 1 at 14.00 GFLOPs and the cheapest with the medium model 0.3 / 0.3 / 0.4 at 7.00 GFLOPs (50% less).",
    );
    const [none] = findings(evaluation([g(0, 0, 40, 14), g(0.5, 0, 41, 8), g(0.3, 0.3, 45, 9)]));
    expect(none.answer).toContain('none beats the best two-model plan of equal or lower cost');
  });

  it('answers nothing it has no rows for', () => {
    expect(findings(evaluation(T_STITCH))).toEqual([]);
  });
});
