// Takes docs/screenshots/desktop.png and phone.png with the shipped models (see screenshots.config.ts).
import { expect, test, type Page } from '@playwright/test';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
const LINK = './?r=0.4&steps=50&seed=7&class=random&sampler=ddim&guidance=2&batch=16';

async function runAndMeasure(page: Page): Promise<void> {
  await page.goto(LINK);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 600_000 });
  await page.getByRole('button', { name: 'Measure model agreement' }).click();
  await expect(page.getByTestId('agreement-status')).toHaveText('Measured at all 50 steps', { timeout: 600_000 });
  await expect(page.getByTestId('offline-status')).toContainText('Ready', { timeout: 120_000 });
}

test('desktop', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await runAndMeasure(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}desktop.png`, fullPage: true });
});

test('phone', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await runAndMeasure(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  // The first screens: settings, both trajectories and the replay controls.
  await page.screenshot({ path: `${OUT}phone.png`, fullPage: true, clip: { x: 0, y: 0, width: 390, height: 1900 } });
});
