// 7. Presentation: large pixelated canvases and big labels on a projector, one column on a
//    phone, and the explanation on the page.
import { expect, test } from '../fixtures';
import { FIXTURES } from '../helpers';

test('large pixelated canvases and labels for a projector, one column on a phone, and the explanation of T-Stitch on the page', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(FIXTURES);
  const explainer = page.getByRole('region', { name: 'How trajectory stitching works' });
  await expect(explainer).toContainText('small model for the first fraction r of the steps');
  await expect(explainer).toContainText('arXiv 2402.14167');

  const canvas = page.getByRole('img', { name: 'Stitched trajectory', exact: true });
  expect((await canvas.boundingBox())!.width).toBeGreaterThanOrEqual(250);
  expect(await canvas.evaluate((c) => getComputedStyle(c).imageRendering)).toBe('pixelated');
  const h1 = await page.getByRole('heading', { level: 1 }).evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
  expect(h1).toBeGreaterThanOrEqual(36);
  const label = await page.getByRole('heading', { name: /^Stitched/ }).evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
  expect(label).toBeGreaterThanOrEqual(28);
  const panels = [page.locator('.panel-stitched'), page.locator('.panel-baseline')];
  // Measured once the models are open: the loading progress above the panels changes height while they load.
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
  const [a, b] = [(await panels[0].boundingBox())!, (await panels[1].boundingBox())!];
  expect(a.y).toBe(b.y); // side by side

  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const [c, d] = [(await panels[0].boundingBox())!, (await panels[1].boundingBox())!];
  expect(d.y).toBeGreaterThanOrEqual(c.y + c.height); // stacked
  expect((await canvas.boundingBox())!.width).toBeGreaterThanOrEqual(150);
  const generate = page.getByRole('button', { name: 'Generate' });
  expect((await generate.boundingBox())!.width).toBeGreaterThanOrEqual(300);
});
