// Issue 13: a researcher's own models, opened from disk (e2e/models/, made by
// training/make_fixtures.py --local-sets). The fallback project runs them (e2e/README.md).
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { canvasPixels, expectNonBlank, fixturesUrl, generate, openFixtures, openFold } from '../helpers';

const SETS = resolve(import.meta.dirname, '../models');

/** Choose a folder with the "Open your own models" picker, as a user would. */
async function openFolder(page: Page, folder: string): Promise<void> {
  await openFold(page, 'Your own models');
  await page.getByTestId('open-local-folder').setInputFiles(resolve(SETS, folder));
}

/** Grey or colour pixels of a canvas, as [r, g, b] triples. */
function colourSpread(rgba: number[]): number {
  let spread = 0;
  for (let i = 0; i < rgba.length; i += 4) spread = Math.max(spread, Math.abs(rgba[i] - rgba[i + 1]), Math.abs(rgba[i + 1] - rgba[i + 2]));
  return spread;
}

test.describe('own models', () => {
  test('a folder from disk (RGB, not square) runs a generation; the link says so and cannot carry it; back to the shipped models', async ({
    page,
  }) => {
    await page.goto(fixturesUrl({ steps: 4, r: 0.5, seed: 5 }));
    await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
    await openFolder(page, 'rgb');
    await expect(page.getByTestId('open-local-status')).toContainText('Using your models:');
    await expect(page.getByTestId('models')).toContainText('rgb-small + rgb-large', { timeout: 60_000 });
    await expect(page).toHaveURL(/models=local/);
    await expect(page).toHaveURL(/steps=4/); // the other settings stay in the link
    await expect(page.getByTestId('download-small')).toHaveAttribute('data-source', 'disk');
    await generate(page);
    const image = await canvasPixels(page, 'Stitched trajectory');
    expectNonBlank(image);
    expect(colourSpread(image), 'an RGB set draws colour').toBeGreaterThan(0);
    const box = await page
      .getByRole('img', { name: 'Stitched trajectory', exact: true })
      .evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(box[0], 'a 16x24 image is wider than tall').toBeGreaterThan(box[1]);

    // Whoever opens this link gets the shipped models with its settings, and is told why.
    const other = await page.context().newPage();
    await other.goto(page.url());
    await expect(other.getByTestId('local-link-notice')).toContainText('a link cannot carry');
    await other.close();

    await page.getByRole('button', { name: 'Back to the shipped models' }).click();
    await expect(page).not.toHaveURL(/models=local/);
    await expect(page.getByTestId('models')).not.toContainText('rgb-small', { timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
    await generate(page);
  });

  test('a broken set is refused with the file and field named, and the models in use keep working', async ({ page }) => {
    await openFixtures(page);
    const error = page.getByTestId('open-local-error');
    const cases: [string, RegExp][] = [
      ['broken/bad-json', /manifest\.json is not valid JSON/],
      ['broken/missing-file', /denoisers\[1\]\.file names "rgb-large\.onnx", which is not among the files you opened/],
      ['broken/wrong-sha', /"rgb-small\.onnx" does not match manifest\.json's denoisers\[0\]\.sha256/],
      // Found by the worker when it opens the file: the model's declared input against the manifest's image.
      ['broken/wrong-shape', /rgb-small\.onnx" takes images of shape \[[^\]]*3, 16, 24\], but the manifest's image is 1×28×28/],
    ];
    for (const [folder, message] of cases) {
      await test.step(folder, async () => {
        await openFolder(page, folder);
        await expect(error).toContainText(message, { timeout: 60_000 });
        await expect(page).not.toHaveURL(/models=local/);
        await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
      });
    }
    await expect(page.getByTestId('models')).toContainText('tiny');
    await generate(page);
    expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
  });

  test('a latent set previews decoded images, every step on request, and says what decoding cost', async ({ page }) => {
    await openFixtures(page);
    await openFolder(page, 'latent');
    await expect(page.getByTestId('models')).toContainText('latent', { timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
    const steps = page.getByRole('spinbutton', { name: 'Steps', exact: true });
    await steps.fill('4');
    await steps.blur();
    await generate(page);
    const image = await canvasPixels(page, 'Stitched trajectory');
    expectNonBlank(image);
    expect(colourSpread(image), 'the decoder draws colour (3x32x32)').toBeGreaterThan(0);
    await expect(page.getByTestId('decode-cost')).toContainText('Last run: 2 decoder calls');
    await page.getByTestId('decode-every-step').check();
    await generate(page);
    await expect(page.getByTestId('decode-cost')).toContainText('Last run: 8 decoder calls');
  });
});
