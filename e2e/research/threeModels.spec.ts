// 9. Three models (S -> M -> L): a second fraction for the medium model, which is loaded when it is
//    first given steps; the plan, the timeline and the link show all three.
import { expect, test } from '../fixtures';
import { canvasPixels, configure, expectNonBlank, generate, onWebGpu, openFixtures, openFold } from '../helpers';

test('three models: the medium-model fraction loads the medium model and stitches small, medium, large', async ({ page }) => {
  test.setTimeout(300_000);
  await openFixtures(page);
  await openFold(page, 'For researchers');
  // Where each file came from is in the runtime details (the line under the title).
  const download = page.getByTestId('download-medium');
  await expect(download).toContainText('Loaded when the medium-model fraction is above 0');
  const steps = onWebGpu() ? 3 : 6;
  const third = steps / 3;
  await configure(page, steps, third);

  const medium = page.getByRole('slider', { name: 'Medium-model fraction' });
  await expect(page.getByTestId('medium-fraction')).toHaveText('off: two models');
  await medium.focus();
  for (let i = 0; i < third; i++) await medium.press('ArrowRight');
  await expect(page.getByTestId('medium-fraction')).toContainText(`(${third} of ${steps} steps medium)`);
  await expect(page).toHaveURL(/[?&]rm=0\.333333(&|$)/);
  await expect(page.getByTestId('plan-strip')).toHaveAttribute(
    'aria-label',
    `Stitching plan: ${third} step${third > 1 ? 's' : ''} on the small model, ${third} step${third > 1 ? 's' : ''} on the medium model, then ${third} step${third > 1 ? 's' : ''} on the large model`,
  );
  await expect(download).toContainText('Downloaded', { timeout: 120_000 });

  await generate(page);
  const roles = await page
    .getByTestId('timeline-stitched')
    .locator('.plan-cell')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-role')));
  expect(roles).toEqual([...Array(third).fill('small'), ...Array(third).fill('medium'), ...Array(third).fill('large')]);
  await expect(page.getByRole('region', { name: 'Stitched: small, then medium, then large' })).toBeVisible();
  await expect(page.getByTestId('run-caption')).toContainText(`rm = 0.33`);
  expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));

  await test.step("the small model's share takes steps from the medium one first", async () => {
    const small = page.getByRole('slider', { name: 'Small-model fraction' });
    await small.focus();
    await small.press('End');
    await expect(page.getByTestId('medium-fraction')).toHaveText('off: two models');
  });
});
