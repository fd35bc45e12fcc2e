// 6. Malformed share links: non-numbers, hex, empty, out-of-range and huge values, an unknown
//    sampler, a bad batch and class, a repeated parameter, a 10 000-character value and HTML/JS
//    injection attempts in text fields. Each falls back to its default with one sentence in the
//    notice; the controls and the address bar show the defaults; nothing runs on its own; the
//    payloads stay inert text (no script ran, no element was injected). Tracking parameters
//    pass silently. No generation runs here (SwiftShader is slow). The fixtures guard fails a
//    test on any dialog, CSP violation or cross-origin request as well.
import type { Page } from '@playwright/test';
import { SUB_PATH } from '../../testing/site';
import { expect, test } from '../fixtures';
import { fixturesUrl, recordRequests } from '../helpers';

/** Every payload sets this flag if it ever runs. */
const PWNED = 'window.__pwned=1';
const DEFAULTS = 'r=0.4&steps=50&seed=0&class=0&sampler=ddim&guidance=2&batch=1';

/** Open `url`, then check the notice lists `problems` and everything else is at its default. */
async function expectFallback(page: Page, url: string, problems: string[], kept = 'models=fixtures&gpu=software'): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('url-notice').locator('li')).toHaveText(problems);
  await expect(page.getByRole('spinbutton', { name: 'Steps', exact: true })).toHaveValue('50');
  await expect(page.getByTestId('fraction')).toContainText('r = 0.40 (20 of 50 steps small)');
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('0');
  await expect(page.getByRole('combobox', { name: 'Class' })).toHaveValue('0');
  await expect(page.getByRole('combobox', { name: 'Sampler' })).toHaveValue('ddim');
  await expect(page.getByRole('spinbutton', { name: 'Guidance scale' })).toHaveValue('2');
  await expect(page.getByRole('combobox', { name: 'Batch' })).toHaveValue('1');
  // The address bar holds the settings in use (other parameters kept first), and nothing ran.
  expect(new URL(page.url()).search).toBe(`?${kept}&${DEFAULTS}`);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByTestId('status')).toHaveText('idle');
  // Inert: no payload ran, none became an element, and the notice fits the page's width.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"], [onerror], script:not([src])')).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

test.describe('malformed links', () => {
  test('bad numbers and names fall back to their defaults with one sentence each', async ({ page }) => {
    test.setTimeout(300_000);
    await expectFallback(
      page,
      fixturesUrl({
        steps: '99999999999999999999',
        seed: '0x10',
        r: '-0.1',
        guidance: 'Infinity',
        sampler: 'euler',
        batch: '2',
        class: '',
      }),
      [
        'steps="99999999999999999999" is not a whole number from 1 to 250; using 50.',
        'seed="0x10" is not a whole number from 0 to 4294967295; using 0.',
        'r="-0.1" is not a number from 0 to 1; using 0.4.',
        'guidance="Infinity" is not a number from 0 to 10; using 2.',
        'sampler="euler" is not "ddim", "ddpm" or "dpmpp2m"; using ddim.',
        'batch="2" is not 1, 4 or 16; using 1.',
        'class="" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).',
      ],
    );
    await expectFallback(page, `${fixturesUrl({ steps: '1e309', seed: '4294967296', r: 'NaN', guidance: '99', class: '10' })}&steps=8`, [
      'steps is given 2 times with different values ("1e309", "8"); using 50.',
      'seed="4294967296" is not a whole number from 0 to 4294967295; using 0.',
      'r="NaN" is not a number from 0 to 1; using 0.4.',
      'guidance="99" is not a number from 0 to 10; using 2.',
      'class="10" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).',
    ]);
  });

  test('injection attempts and a very long value stay inert text; tracking parameters pass silently', async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 360, height: 800 }); // a phone: the long value must not widen the page
    const url = fixturesUrl({
      utm_source: 'newsletter',
      class: `<script>${PWNED}</script>`,
      sampler: `"><img src=x onerror=${PWNED}>`,
      seed: `javascript:${PWNED}`,
      guidance: '9'.repeat(10_000),
      r: `<svg/onload=${PWNED}>`,
    });
    await expectFallback(
      page,
      url,
      [
        'seed="javascript:window.__pwned=1" is not a whole number from 0 to 4294967295; using 0.',
        'r="<svg/onload=window.__pwned=1>" is not a number from 0 to 1; using 0.4.',
        `guidance="${'9'.repeat(40)}…" is not a number from 0 to 10; using 2.`,
        'sampler="\\"><img src=x onerror=window.__pwned=1>" is not "ddim", "ddpm" or "dpmpp2m"; using ddim.',
        'class="<script>window.__pwned=1</script>" is not a class number from 0 to 9 or "random"; using 0 (T-shirt/top).',
      ],
      'models=fixtures&gpu=software&utm_source=newsletter',
    );
  });
});

// The models parameter: a link names a model set, it cannot point the page at someone else's files.
// Tagged @fallback-only: it has run in the "fallback" project alone (playwright.config.ts), and it
// opens the shipped models, not the fixtures.
test('the models parameter is a name from a whitelist, never a URL', { tag: '@fallback-only' }, async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto('./?models=https://example.com/evil/manifest.json');
  await expect(page.getByRole('note').filter({ hasText: 'Unknown model set' })).toBeVisible();
  // It falls back to the shipped models: either they load or a clear error says which file is missing.
  await expect(page.getByTestId('models')).toContainText('Models:');
  await expect(page.getByRole('button', { name: 'Generate' }).or(page.getByRole('alert'))).toBeVisible({ timeout: 60_000 });
  expect(requests.some((u) => u.includes(`/${SUB_PATH}/models/manifest.json`))).toBe(true);
});
