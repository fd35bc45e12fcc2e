// 13.4 Installable: the page links a web app manifest (public/manifest.webmanifest: relative
//      start_url and scope, standalone, icons in public/icons/ written by build/icons.ts), Chromium
//      fetches it, finds no manifest errors and no installability errors, and the offline copy
//      keeps the manifest and its icons, so the app starts without a network as an installed app
//      would: start_url opened in a new window, offline, gets an enabled Generate.
//      start_url is "./": the shipped models, not the fixtures (the test opens those on purpose).
//      Chromium never offers installation from an off-the-record profile (installability error
//      "in-incognito"), which is what Playwright's contexts are: this test runs in a persistent
//      profile of its own (a temporary folder), with the same launch options and the same guards
//      as e2e/fixtures.ts (no request to another origin, no CSP violation).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { expect, foreignRequests, test } from '../fixtures';
import { expectModelsOpen } from '../helpers';

import { SHELL_CACHE as SHELL } from '../../src/offline/cache';

test(
  'installable: the manifest is fetched and valid, Chromium finds no installability errors, and start_url opens offline',
  { tag: '@chromium-only' },
  async ({ baseURL }) => {
    test.setTimeout(600_000);
    const profile = mkdtempSync(join(tmpdir(), 'tstitch-installable-'));
    const context: BrowserContext = await chromium.launchPersistentContext(profile, { ...test.info().project.use.launchOptions, baseURL });
    const requests: string[] = [];
    const violations: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    const watch = (p: import('@playwright/test').Page) =>
      p.on('console', (m) => /Content.Security.Policy/i.test(m.text()) && violations.push(m.text()));
    context.on('page', watch);
    const page = context.pages()[0] ?? (await context.newPage());
    watch(page);
    try {
      await installable(context, page, baseURL!, requests);
      expect(foreignRequests(requests, baseURL!), 'requests to other origins').toEqual([]);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  },
);

async function installable(
  context: BrowserContext,
  page: import('@playwright/test').Page,
  baseURL: string,
  requests: string[],
): Promise<void> {
  const manifestUrl = new URL('manifest.webmanifest', baseURL).href;

  await test.step('first visit: the manifest is linked and fetched', async () => {
    await page.goto('./');
    await expect(page.locator('link[rel=manifest]')).toHaveAttribute('href', './manifest.webmanifest');
    await expect.poll(() => requests.includes(manifestUrl), { message: 'the browser fetched the manifest' }).toBe(true);
  });

  const cdp = await context.newCDPSession(page);
  let manifest: { start_url: string; scope: string; display: string; icons: { src: string; sizes: string; type: string }[] } | undefined;
  await test.step("Chromium's view: the manifest parses with no errors, and nothing stops installation", async () => {
    const got = await cdp.send('Page.getAppManifest');
    expect(got.url).toBe(manifestUrl);
    expect(got.errors, 'manifest errors').toEqual([]);
    manifest = JSON.parse(got.data!);
    expect(new URL(manifest!.start_url, manifestUrl).href).toBe(baseURL);
    expect(new URL(manifest!.scope, manifestUrl).href).toBe(baseURL);
    expect(manifest!.display).toBe('standalone');
    expect(manifest!.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    // The service worker registers on load; until it is active Chromium may still list it as missing.
    await expect
      .poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, {
        timeout: 60_000,
        message: 'installability errors',
      })
      .toEqual([]);
  });

  const icons = manifest!.icons.map((i) => new URL(i.src, manifestUrl).href);
  await test.step('the offline copy keeps the page, the manifest and its icons', async () => {
    await expectModelsOpen(page, 300_000);
    await expect(page.getByTestId('offline-status')).toContainText('Ready', { timeout: 180_000 });
    const kept = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url), SHELL);
    expect(kept).toEqual(expect.arrayContaining([baseURL, manifestUrl, ...icons]));
    for (const icon of icons) {
      const type = await page.evaluate(async ([name, url]) => (await (await caches.open(name)).match(url))?.headers.get('content-type'), [
        SHELL,
        icon,
      ] as const);
      expect(type, icon).toBe('image/png');
    }
  });

  await test.step('offline, start_url in a new window starts the app: Generate is enabled', async () => {
    await context.setOffline(true);
    try {
      const app = await context.newPage();
      await app.goto(new URL(manifest!.start_url, manifestUrl).href);
      await expectModelsOpen(app, 300_000);
      await expect(app.getByRole('button', { name: 'Generate' })).toBeEnabled();
      // The manifest itself also comes from the offline copy.
      const offline = await (await context.newCDPSession(app)).send('Page.getAppManifest');
      expect(offline.errors).toEqual([]);
      expect(JSON.parse(offline.data!)).toEqual(manifest);
      await app.close();
    } finally {
      await context.setOffline(false);
    }
  });
}
