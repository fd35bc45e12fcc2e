// 11.4 Insecure contexts work. Served over plain HTTP from a name other than localhost (a LAN
//      address: playwright.config.ts maps tstitch.test to this machine), the page has no
//      crypto.subtle, no WebGPU, no service worker and no Cache API. It still loads (sha256 by
//      @noble/hashes), generates on wasm, and says what it cannot do there and how to get it.
import { expect, test } from '../fixtures';
import { FIXTURES, canvasPixels, configure, expectModelsOpen, expectNonBlank, generate } from '../helpers';

/** A name for this machine that is not localhost, so http:// is not a secure context. */
const LAN_HOST = 'tstitch.test';

test.describe('plain HTTP from a LAN name', () => {
  // The whole test on that origin: the fixtures' guard checks every request against this baseURL.
  test.use({ baseURL: async ({ baseURL }, provide) => provide(baseURL!.replace('127.0.0.1', LAN_HOST)) });

  test(
    'the page generates on wasm and says what it cannot do there, and how to get it',
    { tag: ['@chromium-only', '@backend'] },
    async ({ page }) => {
      await page.goto(FIXTURES);
      expect(new URL(page.url()).host).toMatch(new RegExp(`^${LAN_HOST.replace('.', '\\.')}:\\d+$`));
      expect(
        await page.evaluate(() => [window.isSecureContext, typeof crypto.subtle, 'serviceWorker' in navigator, typeof caches]),
      ).toEqual([false, 'undefined', false, 'undefined']);
      const notice = page.getByTestId('insecure-notice');
      await expect(notice).toContainText('This page is open over plain HTTP');
      await expect(notice).toContainText('WebGPU');
      await expect(notice).toContainText('the offline copy');
      await expect(notice).toContainText('Open it over HTTPS, or at http://localhost');

      await expectModelsOpen(page);
      await expect(page.getByTestId('backend')).toHaveText('Backend: wasm');
      await expect(page.getByTestId('fallback-notice')).toContainText(
        'WebGPU needs a secure context (HTTPS, or localhost), and this page is on plain HTTP.',
      );
      for (const role of ['small', 'large']) {
        await expect(page.getByTestId(`download-${role}`)).toContainText(
          'not stored for next time: this page is on plain HTTP (not HTTPS or localhost)',
        );
      }
      await expect(page.getByTestId('offline-status')).toContainText('Not available: this page is on plain HTTP (not HTTPS or localhost)');

      await configure(page, 2, 1);
      await generate(page);
      expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
    },
  );
});
