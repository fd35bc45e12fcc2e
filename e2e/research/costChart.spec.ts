// 11. The measured answers: FID against cost for every plan (the three-model allocations with their
//     Pareto front, two models, the fewer-step baseline), the current plan marked, the baselines
//     beside T-Stitch against r, and what it means in sentences from the numbers.
import { expect, test } from '../fixtures';
import { FIXTURES, openFold } from '../helpers';

type Order = 'small-first' | 'large-first' | 'interleaved' | 'fewer-steps';
const row = (order: Order, small: number, medium: number, fid: number, gflops: number, over: Record<string, unknown> = {}) => ({
  plan: { order, fractions: { small, medium, large: Number((1 - small - medium).toFixed(6)) } },
  sampler: 'ddim',
  steps: 4,
  samples: 100,
  guidance: 2,
  fid,
  classAccuracy: 0.9,
  gflopsPerImage: gflops,
  secondsPerImage: 0.01,
  run: 0,
  ...over,
});
const grid = (small: number, medium: number, fid: number, gflops: number) =>
  row('small-first', small, medium, fid, gflops, { steps: 2, samples: 50 });

/** Made-up numbers in the file format tools/research/eval.ts writes, with every kind of row. */
const FILE = {
  format: 2,
  note: 'numbers written by the e2e test',
  references: [{ samples: 100, fid: 5 }],
  runs: [{ command: 'written by the e2e test', runtime: 'a test runtime' }],
  rows: [
    row('small-first', 0, 0, 20, 0.16),
    row('small-first', 0.5, 0, 21, 0.09),
    row('small-first', 1, 0, 60, 0.03),
    row('fewer-steps', 0, 0, 24, 0.08, { steps: 2, sameCostAs: { fractions: { small: 0.5, medium: 0, large: 0.5 }, steps: 4 } }),
    row('large-first', 0.5, 0, 30, 0.09),
    row('interleaved', 0.5, 0, 26, 0.09),
    row('small-first', 0, 0, 25, 0.06, { sampler: 'dpmpp2m', steps: 2 }),
    row('small-first', 0.5, 0, 25.5, 0.035, { sampler: 'dpmpp2m', steps: 2 }),
    grid(0, 0, 40, 0.08),
    grid(0.5, 0, 45, 0.045),
    grid(1, 0, 90, 0.013),
    grid(0, 0.5, 41, 0.045),
    grid(0.5, 0.5, 50, 0.013),
    grid(0, 1, 44, 0.013),
  ],
};

test('FID against cost for every plan, the Pareto front, the current plan marked, and what it means in sentences', async ({
  page,
  context,
}) => {
  await context.route('**/fixtures/evaluation.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(FILE) }),
  );
  await page.goto(FIXTURES);
  await openFold(page, 'Speed against quality');
  const cost = page.getByTestId('tradeoff-cost');
  await expect(page.getByRole('img', { name: 'FID against cost in GFLOPs per image, 8 series' })).toBeVisible();
  await expect(cost.locator('.series-grid circle')).toHaveCount(6);
  await expect(cost.locator('.series-pareto circle')).toHaveCount(3); // 0.013 (FID 44), 0.045 (41), 0.08 (40)
  await expect(cost.locator('.series-grid-two circle')).toHaveCount(3);
  await expect(cost.locator('.series-fewer circle')).toHaveCount(1);
  await expect(cost.locator('.chart-marker text')).toHaveText(/^your plan: \d+\.\d\d GFLOPs$/);

  // Against r: the baselines beside T-Stitch, measured like it (100 images, DDIM 4 steps).
  const byR = page.getByTestId('tradeoff-fid');
  await expect(byR.locator('.series-fid circle')).toHaveCount(3);
  await expect(byR.locator('.series-fewer circle')).toHaveCount(1);
  await expect(byR.locator('.series-large-first circle')).toHaveCount(1);
  await expect(byR.locator('.series-interleaved circle')).toHaveCount(1);
  await expect(byR.locator('.series-solver circle')).toHaveCount(2);

  const findings = page.getByTestId('findings');
  await expect(findings.locator('dt')).toHaveText([
    'Why not just run the large model with fewer steps?',
    'Does the order matter?',
    'Does it still work with DPM-Solver++ and 2 steps?',
    'Why stop at two models?',
  ]);
  await expect(findings).toContainText('the large model alone gets 2 steps and scores FID 24.00, against 21.00 for T-Stitch');
  await expect(findings).toContainText(
    'small first (T-Stitch) scores FID 21.00, large first scores FID 30.00, interleaved scores FID 26.00',
  );
  await expect(findings).toContainText('the three-model plan 0 / 1 / 0 scores FID 44.00 at 0.01 GFLOPs per image');
  await expect(page.getByTestId('tradeoff-table').locator('tbody tr')).toHaveCount(FILE.rows.length);
  await expect(page.getByTestId('tradeoff-note')).toHaveText('numbers written by the e2e test');
});
