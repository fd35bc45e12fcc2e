// 6. Share and export: settings in the URL (round trip reproduces the images), bad values fall
//    back with a notice, and the comparison downloads as a PNG with the images in it.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { exportLayout } from '../../src/page/exportPng';
import { canvasPixels, configure, FIXTURES, onWebGpu, openFixtures, waitDone } from '../helpers';

/** Decode a PNG in the page: width, height and RGBA bytes. */
async function decodePng(page: Page, png: Buffer) {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    return { width: bitmap.width, height: bitmap.height, data: Array.from(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data) };
  }, png.toString('base64'));
}

test(
  'the URL holds every setting, a shared link reproduces the same images, and the PNG export holds both panels',
  { tag: '@chromium-only' },
  async ({ page, context }) => {
    test.setTimeout(360_000);
    const steps = onWebGpu() ? 2 : 3;
    const guidance = onWebGpu() ? '1' : '1.5'; // guidance 1 halves the batch the models see: SwiftShader is slow
    await openFixtures(page);
    await configure(page, steps, 1);
    await page.getByRole('combobox', { name: 'Class' }).selectOption('random');
    await page.getByRole('spinbutton', { name: 'Seed' }).fill('4242');
    await page.getByRole('combobox', { name: 'Sampler' }).selectOption('ddpm');
    await page.getByRole('spinbutton', { name: 'Guidance scale' }).fill(guidance);
    await page.getByRole('combobox', { name: 'Batch' }).selectOption('4');
    await page.getByRole('button', { name: 'Generate' }).click();
    await waitDone(page);
    const stitched = await canvasPixels(page, 'Stitched trajectory');
    const large = await canvasPixels(page, 'Large-only trajectory');
    const link = await page.getByTestId('share-link').inputValue();
    // The address bar holds what the page was opened with (autorun=0: it waited for Generate); the link to share runs when opened.
    expect(new URL(page.url()).searchParams.get('autorun')).toBe('0');
    expect(new URL(link).search).toBe(
      `?models=fixtures&gpu=software&r=${Number((1 / steps).toFixed(6))}&steps=${steps}&seed=4242&class=random&sampler=ddpm&guidance=${guidance}&batch=4`,
    );

    await test.step('the PNG holds both panels, pixel for pixel', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
      expect(download.suggestedFilename()).toBe(`tstitch-r${(1 / steps).toFixed(2)}-ddpm${steps}-seed4242.png`);
      const png = await readFile((await download.path())!);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const image = await decodePng(page, png);
      const L = exportLayout(57, 57);
      expect([image.width, image.height]).toEqual([L.width, L.height]);
      for (const [trajectory, canvas] of [
        ['stitched', stitched],
        ['baseline', large],
      ] as const) {
        const { x, y } = L.panels[trajectory];
        for (let py = 0; py < 57; py++) {
          for (let px = 0; px < 57; px++) {
            const at = 4 * ((y + py * L.scale + (L.scale >> 1)) * image.width + x + px * L.scale + (L.scale >> 1));
            const want = 4 * (py * 57 + px);
            expect([image.data[at], image.data[at + 1], image.data[at + 2]]).toEqual([canvas[want], canvas[want + 1], canvas[want + 2]]);
          }
        }
      }
    });

    await test.step('opening the link restores every setting and reproduces the images', async () => {
      const other = await context.newPage();
      await other.goto(link);
      await waitDone(other);
      await expect(other.getByTestId('fraction')).toContainText(`(1 of ${steps} steps small)`);
      await expect(other.getByRole('combobox', { name: 'Class' })).toHaveValue('random');
      await expect(other.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('4242');
      await expect(other.getByRole('combobox', { name: 'Sampler' })).toHaveValue('ddpm');
      await expect(other.getByRole('spinbutton', { name: 'Steps', exact: true })).toHaveValue(String(steps));
      await expect(other.getByRole('spinbutton', { name: 'Guidance scale' })).toHaveValue(guidance);
      await expect(other.getByRole('combobox', { name: 'Batch' })).toHaveValue('4');
      expect(await canvasPixels(other, 'Stitched trajectory')).toEqual(stitched);
      expect(await canvasPixels(other, 'Large-only trajectory')).toEqual(large);
      await other.close();
    });
  },
);

test('malformed or out-of-range values in the link fall back to defaults with a visible notice', async ({ page }) => {
  await page.goto(`${FIXTURES}&steps=abc&r=7&batch=3&seed=-1&class=banana&sampler=ddim&guidance=99`);
  const notice = page.getByTestId('url-notice');
  await expect(notice).toContainText('Some settings in the link could not be used');
  await expect(notice.locator('li')).toHaveText([
    'steps="abc" is not a whole number from 1 to 250; using 50.',
    'seed="-1" is not a whole number from 0 to 4294967295; using 0.',
    'r="7" is not a number from 0 to 1; using 0.4.',
    'guidance="99" is not a number from 0 to 10; using 2.',
    'batch="3" is not 1, 4 or 16; using 1.',
    'class="banana" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).',
  ]);
  await expect(page.getByRole('spinbutton', { name: 'Steps', exact: true })).toHaveValue('50');
  await expect(page.getByTestId('fraction')).toContainText('r = 0.40 (20 of 50 steps small)');
  await expect(page.getByRole('combobox', { name: 'Batch' })).toHaveValue('1');
  // The address bar now holds the settings actually in use, and nothing ran on its own.
  await expect(page).toHaveURL(/[?]models=fixtures&gpu=software&autorun=0&r=0\.4&steps=50&seed=0&class=0&sampler=ddim&guidance=2&batch=1$/);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByTestId('status')).toHaveText('idle');
});
