// 11.3 A half-finished deployment heals on the next reload. The host answers a missing file with
//      its index.html and status 200 (the "single-page app" setting of Netlify or Cloudflare
//      Pages). A release is uploaded file by file: its new index.html is there, the script it
//      names not yet. The returning visitor's service worker meets index.html under the script's
//      name: it must pass it through without storing it (the service worker (src/sw) stores a response only when
//      its type fits the name), so once the upload completes the next reload runs the new release.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { expectModelsOpen } from '../helpers';
import { DIST, testSite } from './testSite';
import { SHELL_CACHE } from '../../src/offline/cache';

/** The content type stored for `url` in the service worker's cache, or null when nothing is stored. */
const storedType = (page: Page, url: string) =>
  page.evaluate(async ([u, name]) => (await (await caches.open(name)).match(u))?.headers.get('content-type') ?? null, [
    url,
    SHELL_CACHE,
  ] as const);

test('index.html served in place of a script missing from a half-uploaded release is never stored; the next reload heals', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(360_000);
  const site = testSite(baseURL!, 'half-deployed');
  try {
    site.host({ spaFallback: true });
    const html = readFileSync(`${DIST}/index.html`, 'utf8');
    site.write('index.html', html);

    await test.step('first visit: the offline copy is stored, the service worker controls the page', async () => {
      await page.goto(`${site.url}?models=fixtures&gpu=software&autorun=0`);
      await expectModelsOpen(page);
      await expect(page.getByTestId('offline-status')).toContainText('Ready', { timeout: 120_000 });
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    });

    const script = /assets\/index-[\w-]+\.js/.exec(html)![0];
    const next = script.replace('index-', 'index-next');
    const nextUrl = new URL(next, site.url).href;

    await test.step('mid-upload: the new index.html names a script the host answers with index.html (200, text/html)', async () => {
      site.write('index.html', html.replace(script, next));
      const answer = await page.request.get(nextUrl);
      expect([answer.status(), answer.headers()['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      await page.goto(`${site.url}?models=fixtures&gpu=software&autorun=0`);
      // The browser refused the "script": only the first paint of index.html is there (title, lede, and what to do).
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator('.shell-stuck')).toContainText('Reload the page');
      await expect(page.getByRole('button', { name: 'Generate' })).toHaveCount(0);
      expect(await storedType(page, nextUrl), 'index.html stored under the script name').toBeNull();
    });

    await test.step('the upload completes: the next reload runs the release, and stores the script as JavaScript', async () => {
      site.write(next, readFileSync(`${DIST}/${script}`));
      await page.goto(`${site.url}?models=fixtures&gpu=software&autorun=0`);
      await expectModelsOpen(page);
      await expect.poll(() => storedType(page, nextUrl)).toBe('text/javascript');
    });
  } finally {
    site.remove();
  }
});
