// 3. Faults: a model file that is missing (404), truncated, corrupt, or not the shape the
//    manifest says. Each gives a clear message naming the file and a Retry that recovers, and
//    the rest of the page stays usable meanwhile. Each test has a fresh browser context, so no
//    cached copy hides the fault.
import type { Page, Route } from '@playwright/test';
import { expect, test } from '../fixtures';
import { FIXTURES, configure, openFold } from '../helpers';

/** What a user can still do while the models are broken: read the page and plan a run. */
async function expectRestOfPageUsable(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await openFold(page, 'Speed against quality'); // the folded sections open and draw (the trade-off needs no model)
  await expect(page.getByRole('heading', { name: 'Speed against quality' })).toBeAttached();
  await configure(page, 4, 3); // the steps field and the slider still work, and the plan follows
  await expect(page.getByTestId('plan-strip')).toHaveAttribute('aria-label', /3 steps on the small model, then 1/);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeDisabled(); // no models: nothing to run
}

/** A model file's requests: the worker names its content in the query (`?sha256=...`, src/worker/modelCache.ts). */
const modelFile = (file: string) => new RegExp(`/fixtures/${file.replace('.', '\\.')}(\\?|$)`);

/** Break `file` (or the manifest) until Retry is pressed, then check the page recovers. */
async function faultThenRetry(page: Page, pattern: string | RegExp, fault: (route: Route) => Promise<void>, message: string | RegExp) {
  await page.context().route(pattern, fault);
  await page.goto(FIXTURES);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The models could not be loaded.');
  await expect(alert).toContainText(message);
  await expectRestOfPageUsable(page);

  await page.context().unroute(pattern);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
}

test('a missing model file (404) is named, the page stays usable, Retry recovers', async ({ page }) => {
  await faultThenRetry(
    page,
    modelFile('tiny-large.onnx'),
    (route) => route.fulfill({ status: 404, body: 'gone' }),
    'Could not download model file "tiny-large.onnx": HTTP 404 (not found)',
  );
});

test('a truncated model file is named with the bytes received and expected', async ({ page }) => {
  await faultThenRetry(
    page,
    modelFile('tiny-small.onnx'),
    async (route) => {
      const body = await (await route.fetch()).body();
      await route.fulfill({ status: 200, body: body.subarray(0, body.length >> 1), contentType: 'application/octet-stream' });
    },
    'Model file "tiny-small.onnx" is truncated: 94782 bytes received, the manifest says 189564.',
  );
});

test('a corrupt model file (right size, wrong bytes) is refused by its sha256', async ({ page }) => {
  await faultThenRetry(
    page,
    modelFile('tiny-small.onnx'),
    async (route) => {
      const body = Buffer.from(await (await route.fetch()).body());
      body[body.length >> 1] ^= 0xff;
      await route.fulfill({ status: 200, body, contentType: 'application/octet-stream' });
    },
    /Model file "tiny-small\.onnx" is corrupt or out of date: sha256 [0-9a-f]{64} does not match/,
  );
});

test('a model that does not take the shape the manifest says is named, with both shapes', async ({ page }) => {
  await faultThenRetry(
    page,
    '**/fixtures/manifest.json',
    async (route) => {
      const manifest = await (await route.fetch()).json();
      manifest.image = { ...manifest.image, height: 32, width: 32 };
      await route.fulfill({ status: 200, json: manifest });
    },
    'Model file "tiny-small.onnx" takes images of shape [N, 1, 28, 28], but the manifest\'s image is 1×32×32',
  );
});
