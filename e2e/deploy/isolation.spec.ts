// 13.5 Cross-origin isolation and onnxruntime's wasm threads, as the page reports them (the line
//      under the backend line, src/ui/runtime/Isolation.tsx): testing/server.ts sends no COOP/COEP, so
//      the first visit is not isolated and runs 1 thread; the service worker adds the headers to
//      what it serves (src/sw), so the second visit, which it controls, is isolated and runs
//      min(4, cores) threads. No reload is forced in between. The same link draws the same pixels
//      on both visits: tests that compare a run with one in a later page rely on it.
import { expect, test } from '../fixtures';
import { FIXTURES, canvasPixels, configure, generate } from '../helpers';

test(
  'isolation: 1 thread and not isolated on a first visit, isolated with min(4, cores) threads once the service worker controls the page, same pixels',
  { tag: '@firefox' },
  async ({ page }) => {
    test.setTimeout(360_000);
    const line = page.getByTestId('isolation');
    const pixels: number[][] = [];

    await test.step('first visit: not isolated, 1 thread, and the page says isolation comes with the next visit', async () => {
      await page.goto(FIXTURES);
      await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
      expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
      await expect(line).toHaveAttribute('data-isolated', 'false');
      await expect(line).toHaveAttribute('data-threads', '1');
      await expect(line).toHaveAttribute('data-state', 'next-visit');
      await expect(line).toContainText('1 thread');
      await expect(line).toContainText('next visit or reload');
      await configure(page, 3, 1);
      await generate(page);
      pixels.push(await canvasPixels(page, 'Stitched trajectory'));
      await expect(page.getByTestId('offline-status')).toContainText('Ready', { timeout: 120_000 });
    });

    await test.step('second visit, the service worker in control: isolated, more threads, same pixels', async () => {
      await page.goto(FIXTURES);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
      await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      const threads = Math.max(1, Math.min(4, cores));
      await expect(line).toHaveAttribute('data-isolated', 'true');
      await expect(line).toHaveAttribute('data-threads', String(threads));
      await expect(line).toHaveAttribute('data-state', 'isolated');
      await expect(line).toContainText(`${threads} thread${threads === 1 ? '' : 's'}`);
      await configure(page, 3, 1);
      await generate(page);
      expect(await canvasPixels(page, 'Stitched trajectory'), 'the same run draws the same pixels with more threads').toEqual(pixels[0]);
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  },
);
