// 7. Readable in a room: large pixelated canvases and big labels on a projector, the two panels
//    side by side on a phone too, and the explanation one click away.
import { expect, test } from '../fixtures';
import { FIXTURES, openFold } from '../helpers';

test('large pixelated canvases and labels for a projector, side by side on a phone, and the explanation of T-Stitch one click away', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(FIXTURES);
  await openFold(page, 'How trajectory stitching works');
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
  // Measured once the models are open: the loading line above changes while they load.
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
  const [a, b] = [(await panels[0].boundingBox())!, (await panels[1].boundingBox())!];
  expect(a.y).toBe(b.y); // side by side

  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const [c, d] = [(await panels[0].boundingBox())!, (await panels[1].boundingBox())!];
  expect(d.y).toBe(c.y); // still side by side: the comparison is the point
  expect(d.x).toBeGreaterThanOrEqual(c.x + c.width);
  expect((await canvas.boundingBox())!.width).toBeGreaterThanOrEqual(150);
  const generate = page.getByRole('button', { name: 'Generate' });
  const box = (await generate.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(150); // a thumb-sized target
  expect(box.height).toBeGreaterThanOrEqual(36);
});
