// 3. Faults in use: cancelling a run, dragging the slider rapidly while runs go on (never stuck,
//    never two runs drawing into one canvas), and 100 consecutive generations without growth of
//    the JS heaps (page and worker), onnxruntime's wasm memory or live GPU buffers beyond a bound.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { canvasPixels, expectNonBlank, fixturesUrl, onWebGpu, waitDone } from '../helpers';
import { probeWorker, workerHeapBytes, workerMemory, type WorkerMemory } from './workerProbe';

const generateButton = (page: Page) => page.getByRole('button', { name: 'Generate' });
const cancelButton = (page: Page) => page.getByRole('button', { name: 'Cancel' });

/** Wait until both trajectories have drawn a step of the run in progress. */
async function midRun(page: Page): Promise<void> {
  await expect(page.locator('.status-detail')).toContainText(/stitched: step \d+ .* large-only: step \d+/, { timeout: 120_000 });
}

/** The page's JS heap after a garbage collection (Chrome DevTools Protocol). */
async function pageHeapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

test(
  'cancel mid-run stops both trajectories; Cancel and Generate pressed in quick turns never leave it stuck',
  { tag: '@backend' },
  async ({ page }) => {
    // Long enough to be cancelled by hand: wasm is fast on the tiny fixture models.
    const steps = onWebGpu() ? 8 : 250;
    await page.goto(fixturesUrl({ steps, r: 0.5, guidance: onWebGpu() ? 1 : 2, batch: onWebGpu() ? 1 : 16 }));
    await midRun(page);
    await cancelButton(page).click();
    await expect(page.getByTestId('status')).toHaveText('cancelled');
    await expect(generateButton(page)).toBeEnabled();
    // Nothing moves after a cancel: a run the worker did not stop would go on drawing its steps.
    const label = await page.getByTestId('step-stitched').textContent();
    const pixels = await canvasPixels(page, 'Stitched trajectory');
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('step-stitched')).toHaveText(label!);
    await expect(page.getByTestId('step-stitched')).not.toContainText(`Step ${steps} of ${steps}`);
    expect(await canvasPixels(page, 'Stitched trajectory')).toEqual(pixels);
    expectNonBlank(pixels); // the last step drawn stays

    for (let i = 0; i < 5; i++) {
      await generateButton(page).click();
      await cancelButton(page).click();
    }
    await expect(page.getByTestId('status')).toHaveText('cancelled');
    const stepsInput = page.getByRole('spinbutton', { name: 'Steps', exact: true });
    await stepsInput.fill('4'); // a short last run
    await stepsInput.blur();
    await generateButton(page).click();
    await waitDone(page);
    await expect(page.getByTestId('step-stitched')).toContainText('Step 4 of 4');
    await expect(page.getByRole('alert')).toHaveCount(0);
  },
);

test('dragging the slider rapidly during runs: the last position runs, alone, and draws what a clean run draws', async ({
  page,
  context,
}) => {
  test.setTimeout(360_000);
  // Long enough on wasm that the run is still going when the drag starts: with 100 steps of one
  // image, full-suite runs on a busy machine saw the drag begin after the run had ended.
  const steps = onWebGpu() ? 6 : 250;
  await page.goto(fixturesUrl({ steps, r: 0.5, seed: 3, guidance: 1, batch: onWebGpu() ? 1 : 4 }));
  await midRun(page);

  const slider = page.getByRole('slider', { name: 'Small-model fraction' });
  const box = (await slider.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  // Back and forth across the whole track, 60 moves without pauses, ending a third of the way.
  for (let i = 0; i <= 60; i++) {
    const phase = Math.abs(((i / 20) % 2) - 1); // 1 → 0 → 1 → 0 ...
    await page.mouse.move(box.x + 2 + phase * (box.width - 4), y);
  }
  await page.mouse.move(box.x + box.width / 3, y);
  await page.mouse.up();

  await waitDone(page);
  const r = Number(new URL(page.url()).searchParams.get('r'));
  await expect(page.getByTestId('run-caption')).toContainText(`r = ${r.toFixed(2)}`);
  await expect(page.getByTestId('stale-notice')).toHaveCount(0);
  await expect(page.getByTestId('restart-notice')).toContainText('cancelled and started again');
  for (const t of ['stitched', 'baseline']) await expect(page.getByTestId(`step-${t}`)).toContainText(`Step ${steps} of ${steps}`);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Both canvases hold exactly what one clean run of the final settings draws: no frame of an
  // earlier, cancelled run was mixed in.
  const stitched = await canvasPixels(page, 'Stitched trajectory');
  const large = await canvasPixels(page, 'Large-only trajectory');
  const clean = await context.newPage();
  await clean.goto(page.url());
  await waitDone(clean);
  expect(await canvasPixels(clean, 'Stitched trajectory')).toEqual(stitched);
  expect(await canvasPixels(clean, 'Large-only trajectory')).toEqual(large);
});

test.describe('memory', () => {
  test.use({ serviceWorkers: 'block' }); // the worker probe is added by a route

  test(
    '100 consecutive generations: heaps, wasm memory and live GPU buffers stay within a fixed bound',
    { tag: ['@chromium-only', '@backend'] },
    async ({ page, context, browser }) => {
      test.setTimeout(600_000);
      await probeWorker(context);
      // Small runs, so 100 fit in the time on SwiftShader (about 1 s each there): one step, r = 1,
      // so the stitched trajectory is the small model's call and the large-only one the large model's.
      const settings = onWebGpu() ? { steps: 1, r: 1, guidance: 1, batch: 1 } : { steps: 2, r: 0.5, guidance: 1, batch: 4 };
      await page.goto(fixturesUrl(settings));
      await waitDone(page);

      const generations = async (n: number) => {
        const start = Date.now();
        for (let i = 0; i < n; i++) {
          await generateButton(page).click();
          // Done, not the clock's catch-up to the end after it (an animation, as long as the slower
          // trajectory's model time: most of a generation on SwiftShader); the next click waits
          // for Generate, which is disabled while a run goes.
          await expect(page.getByTestId('status')).toHaveText('done', { timeout: 180_000 });
        }
        await waitDone(page);
        console.log(`[memory ${test.info().project.name}] ${n} generations in ${((Date.now() - start) / 1000).toFixed(1)} s`);
      };
      const measure = async () => ({
        page: await pageHeapBytes(page),
        worker: await workerHeapBytes(browser),
        ...(await workerMemory(page)),
      });
      await generations(9); // 10 with the one the link started: warm
      const warm = await measure();
      await generations(90); // 100 in all
      const after = await measure();
      const report = { warm, after } satisfies Record<string, { page: number; worker: number } & WorkerMemory>;
      await test.info().attach('memory.json', { body: JSON.stringify(report, null, 2), contentType: 'application/json' });
      console.log(`[memory ${test.info().project.name}] after 10 and 100 generations: ${JSON.stringify(report)}`);

      const MB = 2 ** 20;
      expect(after.page - warm.page, 'page JS heap growth').toBeLessThan(2 * MB);
      expect(after.worker - warm.worker, 'worker JS heap growth').toBeLessThan(2 * MB);
      expect(after.wasmBytes, 'wasm memory found').toBeGreaterThan(0);
      expect(after.wasmBytes - warm.wasmBytes, 'wasm memory growth').toBeLessThanOrEqual(4 * MB);
      expect(after.liveGpuBuffers - warm.liveGpuBuffers, 'live GPU buffer growth').toBeLessThanOrEqual(4);
      expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
    },
  );
});
