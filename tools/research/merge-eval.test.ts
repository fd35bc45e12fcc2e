import { describe, expect, it } from 'vitest';
import { parseEvaluation, type Evaluation, type EvaluationRow } from '../../src/models/evaluation';
import { mergeResults } from './merge-eval';

const row = (small: number, over: Partial<EvaluationRow> = {}): EvaluationRow => ({
  plan: { order: 'small-first', fractions: { small, medium: 0, large: 1 - small } },
  sampler: 'ddim',
  steps: 50,
  samples: 1000,
  guidance: 2,
  fid: 1,
  classAccuracy: 0.9,
  gflopsPerImage: 10,
  secondsPerImage: 0.5,
  run: 0,
  ...over,
});
const part = (rows: EvaluationRow[], over: Partial<Evaluation> = {}): Evaluation => ({
  format: 2,
  models: [
    { role: 'small', sha256: 'a' },
    { role: 'large', sha256: 'b' },
  ],
  classifier: { sha256: 'c' },
  references: [],
  runs: [{ command: `npm run eval -- ${rows.length}` }],
  rows,
  ...over,
});

describe('mergeResults', () => {
  it("joins rows and runs, renumbering each row's run, sorted by kind and share", () => {
    const a = part([row(0.5)]);
    const b = part([row(0), row(0.3, { plan: { order: 'interleaved', fractions: { small: 0.3, medium: 0, large: 0.7 } } })], {
      models: [
        { role: 'small', sha256: 'a' },
        { role: 'medium', sha256: 'm' },
        { role: 'large', sha256: 'b' },
      ],
      references: [{ samples: 300, fid: 9 }],
    });
    const m = mergeResults([a, b], 'cmd');
    expect(m.rows.map((r) => [r.plan.order, r.plan.fractions.small, r.run])).toEqual([
      ['small-first', 0, 1],
      ['small-first', 0.5, 0],
      ['interleaved', 0.3, 1],
    ]);
    expect(m.runs.map((r) => r.command)).toEqual(['npm run eval -- 1', 'npm run eval -- 2']);
    expect((m.models as { role: string }[]).map((x) => x.role)).toEqual(['small', 'large', 'medium']);
    expect(m.references).toEqual([{ samples: 300, fid: 9 }]);
    expect(m.command).toBe('cmd');
    expect(() => parseEvaluation(JSON.parse(JSON.stringify(m)))).not.toThrow();
  });

  it('refuses other models, another classifier, and a row measured twice', () => {
    expect(() => mergeResults([part([row(0)]), part([row(1)], { models: [{ role: 'large', sha256: 'other' }] })], 'c')).toThrow(
      /the large model differs/,
    );
    expect(() => mergeResults([part([row(0)]), part([row(1)], { classifier: { sha256: 'x' } })], 'c')).toThrow(/"classifier" differs/);
    expect(() => mergeResults([part([row(0)]), part([row(0)])], 'c')).toThrow(/a row appears twice/);
    // A later export of the same model that the first file's exportCheck vouches for merges.
    const checked = part([row(0)], { exportCheck: { shipped: [{ role: 'large', sha256: 'lean' }] } });
    expect(mergeResults([checked, part([row(1)], { models: [{ role: 'large', sha256: 'lean' }] })], 'c').exportCheck).toBeDefined();
    // The same plan with other settings is another row.
    expect(mergeResults([part([row(0)]), part([row(0, { steps: 20 })])], 'c').rows).toHaveLength(2);
  });
});
