// 11.2 Storage failures degrade, never break. With a storage quota too small for anything, every
//      cache write fails (the service worker's, the runtime worker's): the page still loads and
//      generates from memory, the model cards and the "Offline copy" line say nothing was kept
//      and why, and a reload (now through the service worker, whose writes keep failing) works too.
import { expect, test } from '../fixtures';
import { FIXTURES, canvasPixels, configure, expectModelsOpen, expectNonBlank, generate } from '../helpers';

test(
  'with no storage quota to spare, the page runs from memory, says what was not kept, and a reload works',
  { tag: '@chromium-only' },
  async ({ page, baseURL }) => {
    test.setTimeout(360_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin, quotaSize: 1 });

    for (const visit of ['first visit', 'reload']) {
      await test.step(visit, async () => {
        await page.goto(FIXTURES);
        await expectModelsOpen(page);
        for (const role of ['small', 'large']) {
          const card = page.getByTestId(`download-${role}`);
          await expect(card).toHaveAttribute('data-source', 'network');
          await expect(card).toHaveAttribute('data-stored', 'false');
          await expect(card).toContainText(
            "not stored for next time: the browser's storage quota for this site is full (QuotaExceededError)",
          );
          await expect(card).not.toContainText('and stored for next time');
        }
        const offline = page.getByTestId('offline-status');
        await expect(offline).toHaveAttribute('data-state', 'failed', { timeout: 120_000 });
        // Nothing fits in one byte: every file is named as not stored, with the reason.
        await expect(offline).toContainText(
          /Not available: (\d+) of \1 files were not stored \(.*\): the browser's storage quota for this site is full \(QuotaExceededError\)/,
        );
        await expect(offline).not.toContainText('Ready');
        test.info().annotations.push({ type: `offline copy (${visit})`, description: (await offline.textContent())! });
        // On the reload every request of the page and its worker goes through the service worker, whose writes fail.
        if (visit === 'reload') expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
        await configure(page, 2, 1);
        await generate(page);
        expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
      });
    }
  },
);
