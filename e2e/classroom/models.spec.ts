// 5. Models: byte-level progress, cards from the manifest, the Cache API copy (second visit
//    downloads nothing and works offline), and the backend in use.
import { expect, test } from '../fixtures';
import { FIXTURES, configure, expectRunsFromOfflineCopy, generate, onWebGpu, openFixtures, openFold, recordRequests } from '../helpers';

test(
  'the backend in use, model cards from the manifest, download progress to the byte, a second visit from the cache, and offline use',
  { tag: ['@chromium-only', '@backend'] },
  async ({ page, context }) => {
    test.setTimeout(360_000);
    const requests = recordRequests(page);
    await openFixtures(page);
    await openFold(page, 'The models');

    await test.step('the backend in use', async () => {
      if (onWebGpu()) {
        await expect(page.getByTestId('backend')).toHaveText('Backend: WebGPU');
        await expect(page.getByTestId('adapter')).toContainText(/adapter: \S+/);
      } else {
        await expect(page.getByTestId('backend')).toHaveText('Backend: wasm');
        await expect(page.getByTestId('fallback-notice')).toContainText('Reason: navigator.gpu.requestAdapter() returned no adapter');
      }
    });

    await test.step('a card per model, from the manifest', async () => {
      const small = page.getByRole('article', { name: 'Small model: DiT-T/4' });
      const large = page.getByRole('article', { name: 'Large model: DiT-T/2' });
      await expect(small.getByTestId('params-small')).toHaveText('45k');
      await expect(large.getByTestId('params-large')).toHaveText('49k');
      await expect(small.getByTestId('gflops-small')).toHaveText('0.00316 GFLOPs per image per step (6.2× cheaper)');
      await expect(large.getByTestId('gflops-large')).toHaveText('0.0196 GFLOPs per image per step');
      await expect(small.getByTestId('training-small')).toHaveText('random (test fixture) weights');
      await expect(small).toContainText('width 32, depth 2, 2 heads, patch 4');
    });

    await test.step('first visit: downloaded, every byte counted', async () => {
      await page.getByTestId('runtime-line').locator('summary').click(); // where each file came from: the runtime details
      for (const [role, file, bytes] of [
        ['small', 'tiny-small.onnx', 189564],
        ['large', 'tiny-large.onnx', 203727],
      ] as const) {
        await expect(page.getByTestId(`download-${role}`)).toHaveAttribute('data-source', 'network');
        await expect(page.getByTestId(`download-${role}`)).toContainText('Downloaded');
        await expect(page.getByTestId(`download-${role}`)).toContainText('and stored for next time');
        const bar = page.getByRole('progressbar', { name: `Download of ${file}` });
        expect(await bar.evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([bytes, bytes]);
      }
      expect(requests.filter((u) => new URL(u).pathname.endsWith('.onnx'))).toHaveLength(2);
      await expect(page.getByTestId('offline-status')).toContainText('Ready', { timeout: 120_000 });
    });

    await test.step('second visit: read from the cache, no model download', async () => {
      requests.length = 0;
      // A new visit without settings in the link (a reload would re-run the settings now in the URL).
      await page.goto(FIXTURES);
      await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
      for (const role of ['small', 'large']) {
        await expect(page.getByTestId(`download-${role}`)).toHaveAttribute('data-source', 'cache');
        await expect(page.getByTestId(`download-${role}`)).toContainText("Loaded from this browser's cache");
      }
      expect(requests.filter((u) => new URL(u).pathname.endsWith('.onnx'))).toEqual([]);
    });

    await test.step('offline: the page, the runtime and the models still load and run', async () => {
      await context.setOffline(true);
      try {
        await page.goto(FIXTURES);
        await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
        await expect(page.getByTestId('download-large')).toHaveAttribute('data-source', 'cache');
        await configure(page, 2, 1);
        await generate(page);
        await expect(page.getByRole('alert')).toHaveCount(0);
        await expectRunsFromOfflineCopy(page);
      } finally {
        await context.setOffline(false);
      }
    });
  },
);
