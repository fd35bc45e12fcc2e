// Takes docs/screenshots/*.png with the shipped models (see screenshots.config.ts): the first
// screen at a laptop (1280x800), a projector (1920x1080) and a phone (390x844), and presentation mode.
import { expect, test, type Browser, type Page } from '@playwright/test';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
const LINK = './?r=0.4&steps=50&seed=7&class=random&sampler=ddim&guidance=2&batch=16';

/** The link's run, finished, and the shared clock caught up to its end (the final images show). */
async function runFinished(browser: Browser, viewport: { width: number; height: number }, phone = false): Promise<Page> {
  const page = await browser.newPage({ viewport, ...(phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}) });
  await page.goto(LINK);
  await expect(page.getByTestId('status')).toHaveText('done', { timeout: 600_000 });
  await expect(page.locator('.replay[data-motion="catch-up"]')).toHaveCount(0, { timeout: 60_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  return page;
}

test('laptop', async ({ browser }) => {
  const page = await runFinished(browser, { width: 1280, height: 800 });
  await page.screenshot({ path: `${OUT}laptop.png` });
});

test('projector', async ({ browser }) => {
  const page = await runFinished(browser, { width: 1920, height: 1080 });
  await page.screenshot({ path: `${OUT}projector.png` });
});

test('phone', async ({ browser }) => {
  const page = await runFinished(browser, { width: 390, height: 844 }, true);
  await page.screenshot({ path: `${OUT}phone.png` });
});

test('presentation', async ({ browser }) => {
  const page = await runFinished(browser, { width: 1920, height: 1080 });
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByTestId('presentation')).toBeVisible();
  await page.screenshot({ path: `${OUT}presentation.png` });
});

/** The lesson inside presentation mode at a projector: the race, the hand-off, and why it works. */
test('lesson at a projector', async ({ browser }) => {
  const page = await runFinished(browser, { width: 1920, height: 1080 });
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByTestId('presentation')).toBeVisible();
  const lesson = page.getByRole('region', { name: 'Lesson' });
  for (const [n, name] of [
    [1, 'lesson-projector-1'],
    [3, 'lesson-projector-3'],
    [7, 'lesson-projector-7'],
  ] as const) {
    await page.getByRole('button', { name: 'Lesson', exact: true }).click();
    while ((await lesson.getByTestId('lesson-progress').textContent()) !== `${n} of 8`) await page.keyboard.press('PageDown');
    if (n === 7) await expect(page.getByTestId('agreement-status')).toHaveText(/^Measured at all/, { timeout: 120_000 });
    await page.waitForTimeout(1500); // the outlined part scrolled into view
    await page.screenshot({ path: `${OUT}${name}.png` });
  }
});

test('lesson on a phone', async ({ browser }) => {
  const page = await runFinished(browser, { width: 390, height: 844 }, true);
  await page.getByRole('button', { name: 'Lesson', exact: true }).click();
  await page.getByRole('region', { name: 'Lesson' }).getByRole('button', { name: 'Next' }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${OUT}lesson-phone-2.png` });
});
