// 10. DPM-Solver++(2M): offered on the page, stitched across the models with its history carried
//     over the switch; with no small-model steps it is the large-only computation.
import { expect, test } from '../fixtures';
import { canvasPixels, configure, expectNonBlank, generate, openFixtures } from '../helpers';

test('DPM-Solver++ stitches, and at r = 0 gives the large-only image', async ({ page }) => {
  test.setTimeout(300_000);
  await openFixtures(page);
  await page.getByRole('combobox', { name: 'Sampler' }).selectOption('dpmpp2m');
  await expect(page).toHaveURL(/[?&]sampler=dpmpp2m(&|$)/);
  // Made for few steps: from the default 50 it goes to 20, keeping r.
  await expect(page.getByRole('spinbutton', { name: 'Steps', exact: true })).toHaveValue('20');
  await expect(page.getByTestId('fraction')).toContainText('r = 0.40 (8 of 20 steps small)');
  await configure(page, 4, 2);
  await generate(page);
  await expect(page.getByTestId('run-caption')).toContainText('DPMPP2M 4 steps');
  const stitched = await canvasPixels(page, 'Stitched trajectory');
  expectNonBlank(stitched);
  expect(stitched).not.toEqual(await canvasPixels(page, 'Large-only trajectory'));

  await configure(page, 4, 0);
  await generate(page);
  expect(await canvasPixels(page, 'Stitched trajectory')).toEqual(await canvasPixels(page, 'Large-only trajectory'));
});
