// Offline use in Firefox, the way a visitor goes offline: the server goes away. The "firefox"
// project only (@firefox-only): classroom/models.spec.ts checks offline use with
// context.setOffline, which in Firefox does not reach the service worker's fetches, so there it is
// excluded, and this test takes over its offline step. It serves the build on a port of its own
// (testing/server.ts, as playwright.config.ts does), so that it can stop that server, and
// opens it in a context of its own (the guards of fixtures.ts watch the default one: this test
// checks the origin of every request itself).
import { serveStatic, type StaticServer } from '../../testing/server';
import { DIST, SUB_PATH } from '../../testing/site';
import { expect, foreignRequests, test } from '../fixtures';
import { FIXTURES, configure, expectRunsFromOfflineCopy, generate } from '../helpers';

test(
  'offline after a first visit (the server stopped): the page, the runtime and the models load from the offline copy and run',
  { tag: '@firefox-only' },
  async ({ browser }) => {
    test.setTimeout(360_000);
    let server: StaticServer | undefined = await serveStatic({ root: DIST, subPath: SUB_PATH });
    const baseURL = server.url;
    const context = await browser.newContext({ baseURL });
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    try {
      const page = await context.newPage();
      await page.goto(FIXTURES);
      await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
      await expect(page.getByTestId('offline-status')).toContainText('Ready', { timeout: 120_000 });

      // The host goes away: no listener, and its open keep-alive connections dropped.
      await server.close();
      server = undefined;
      await expect(page.request.get(`${baseURL}index.html`, { timeout: 5_000 })).rejects.toThrow();

      await page.goto(FIXTURES);
      await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
      await expect(page.getByTestId('download-small')).toHaveAttribute('data-source', 'cache');
      await expect(page.getByTestId('download-large')).toHaveAttribute('data-source', 'cache');
      await configure(page, 2, 1);
      await generate(page);
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expectRunsFromOfflineCopy(page);
      expect(foreignRequests(requests, baseURL), 'requests to other origins').toEqual([]);
    } finally {
      await context.close();
      await server?.close();
    }
  },
);
