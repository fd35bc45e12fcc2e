// 8. What the stitched run is compared with: large-only, the large model with fewer steps at the
//    same cost (with the arithmetic), the same steps large-first or interleaved. Same noise, live, timed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameCostLargeSteps } from '../../src/core';
import { expect, test } from '../fixtures';
import { canvasPixels, configure, expectNonBlank, expectTimings, generate, onWebGpu, openFixtures, openFold } from '../helpers';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/fixtures/manifest.json'), 'utf8')) as {
  denoisers: { role: 'small' | 'medium' | 'large'; gflops: number }[];
};
const gflops = Object.fromEntries(manifest.denoisers.map((d) => [d.role, d.gflops]));

/** The models of the right panel's timeline, step by step. */
const roles = (page: import('@playwright/test').Page) =>
  page
    .getByTestId('timeline-baseline')
    .locator('.plan-cell')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-role')));

test('the stitched run beside large-only, the large model with fewer steps at the same cost, large-first and interleaved', async ({
  page,
}) => {
  test.setTimeout(360_000);
  await openFixtures(page);
  await openFold(page, 'For researchers');
  const steps = onWebGpu() ? 4 : 8;
  const small = steps / 2;
  await configure(page, steps, small);
  const compare = page.getByRole('combobox', { name: 'Compare with' });
  await expect(compare.locator('option')).toHaveText([
    'Large model only',
    'Large only, fewer steps (same cost)',
    'Large first, then small',
    'Interleaved (taking turns)',
  ]);

  await test.step("fewer steps: the large model alone at the stitched run's cost, with the arithmetic", async () => {
    const n = sameCostLargeSteps({ small, medium: 0, large: steps - small }, gflops);
    expect(n).toBeLessThan(steps);
    await compare.selectOption('fewer-steps');
    await expect(page).toHaveURL(/[?&]compare=fewer-steps(&|$)/);
    await generate(page);
    await expect(page.getByRole('region', { name: /^Large only, fewer steps/ })).toBeVisible();
    expect(await roles(page)).toEqual(Array(n).fill('large'));
    await expect(page.getByTestId('step-baseline')).toContainText(`Step ${n} of ${n}`);
    await expect(page.getByTestId('same-cost')).toContainText(
      `stitched costs ${small} × ${gflops.small} + ${steps - small} × ${gflops.large} = `,
    );
    await expect(page.getByTestId('same-cost')).toContainText(`so the large model alone gets ${n} steps`);
    await expect(page.getByTestId('speedup')).toHaveText(/^\d+\.\d\d×$/);
    await expectTimings(page);
    expectNonBlank(await canvasPixels(page, 'Large-only trajectory'));
  });

  await test.step('large first: the same steps per model, the large model first', async () => {
    await compare.selectOption('large-first');
    await generate(page);
    expect(await roles(page)).toEqual([...Array(steps - small).fill('large'), ...Array(small).fill('small')]);
    const other = await canvasPixels(page, 'Large-first trajectory');
    expectNonBlank(other);
    expect(other).not.toEqual(await canvasPixels(page, 'Stitched trajectory'));
    await expect(page.getByTestId('same-cost')).toContainText('the same model calls in a different order');
  });

  await test.step('interleaved: the models take turns', async () => {
    await compare.selectOption('interleaved');
    await generate(page);
    expect(await roles(page)).toEqual(Array.from({ length: steps }, (_, i) => (i % 2 === 0 ? 'small' : 'large')));
    await expect(page.getByTestId('run-caption')).toContainText('compared with interleaved');
  });
});
