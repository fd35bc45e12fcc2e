// 3. Why it works: the agreement chart (on request) and the difference image.
import { expect, test } from '../fixtures';
import { canvasPixels, configure, generate, onWebGpu, openAndRun, openFold } from '../helpers';

test('model agreement is measured per step only on request, and the difference image shows where stitched and large-only differ', async ({
  page,
}) => {
  test.setTimeout(360_000);
  const steps = onWebGpu() ? 3 : 6;
  await openAndRun(page, { steps, r: 1 / 3, ...(onWebGpu() ? { guidance: 1 } : {}) });
  await openFold(page, 'Why it works');
  const status = page.getByTestId('agreement-status');
  await expect(status).toContainText('runs only when asked');
  await expect(page.getByTestId('agreement-table').locator('tbody tr')).toHaveCount(0);

  await test.step('agreement along the large-only trajectory', async () => {
    await page.getByRole('button', { name: 'Measure model agreement' }).click();
    await expect(status).toHaveText(`Measured at all ${steps} steps`, { timeout: 120_000 });
    const rows = page.getByTestId('agreement-table').locator('tbody tr');
    await expect(rows).toHaveCount(steps);
    for (let i = 0; i < steps; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(Number(cells[0])).toBe(i + 1);
      for (const v of cells.slice(2).map(Number)) expect(v >= -1 && v <= 1).toBe(true);
    }
    await expect(
      page.getByRole('img', {
        name: /^Model agreement chart: cosine similarity .* from -?\d\.\d{3} at step 1 to -?\d\.\d{3} at step \d+$/,
      }),
    ).toBeVisible();
    await expect(page.getByTestId('agreement-chart').locator('.series-x0 circle')).toHaveCount(steps);
  });

  await test.step('the difference image shows where the two results differ', async () => {
    const diff = await canvasPixels(page, 'Difference between stitched and large-only');
    expect(diff.some((v, i) => i % 4 === 0 && v > 0)).toBe(true);
    expect(Number(await page.getByTestId('mean-difference').textContent())).toBeGreaterThan(0);
  });

  await test.step('r = 0: no difference, and the old measurement is gone', async () => {
    await configure(page, steps, 0);
    await generate(page);
    await expect(status).toContainText('runs only when asked');
    await expect(page.getByTestId('mean-difference')).toHaveText('0.0000');
    const diff = await canvasPixels(page, 'Difference between stitched and large-only');
    expect(diff.every((v, i) => i % 4 === 3 || v === 0 || v === 24)).toBe(true); // black, or the grid gap colour
  });
});
