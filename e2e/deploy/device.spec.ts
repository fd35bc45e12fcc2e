// 3. Faults: the GPU device lost in the middle of a run. The test destroys the very GPUDevice
//    onnxruntime uses: its `lost` promise resolves as on a driver reset or a GPU process crash
//    (reason "destroyed" instead of "unknown"), and calls on it stop working. The run must
//    finish on wasm, with a notice.
//    No WebGPU adapter at all is the "fallback" project (e2e/backend.spec.ts).
import { expect, test } from '../fixtures';
import { canvasPixels, configure, expectNonBlank, onWebGpu, openFixtures, waitDone } from '../helpers';
import { destroyWorkerDevices, probeWorker } from './workerProbe';

test.describe('GPU device', () => {
  test.use({ serviceWorkers: 'block' }); // the route must see the worker script

  test(
    'the GPU device lost in the middle of a run: the run starts again and finishes on wasm, with a notice',
    { tag: '@webgpu-only' },
    async ({ page, context }) => {
      test.skip(!onWebGpu(), 'needs a WebGPU device to lose (webgpu project)');
      await probeWorker(context);
      await openFixtures(page);
      await expect(page.getByTestId('backend')).toHaveText('Backend: WebGPU');

      const steps = 8;
      await configure(page, steps, 4);
      await page.getByRole('button', { name: 'Generate' }).click();
      // Past the first step of both trajectories, well before the last: then the device goes.
      await expect(page.getByTestId('status').locator('..')).toContainText(/stitched: step [2-6] of 8/, { timeout: 120_000 });
      expect(await destroyWorkerDevices(page)).toBeGreaterThan(0);

      await waitDone(page, 120_000);
      await expect(page.getByTestId('backend')).toHaveText('Backend: wasm');
      const notice = page.getByTestId('fallback-notice');
      await expect(notice).toContainText('WebGPU stopped working, so the models moved to the CPU (wasm)');
      await expect(notice).toContainText('Reason: The GPU device was lost (destroyed');
      await expect(page.getByRole('alert')).toHaveCount(0);
      for (const t of ['stitched', 'baseline']) await expect(page.getByTestId(`step-${t}`)).toContainText(`Step ${steps} of ${steps}`);
      expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
      expectNonBlank(await canvasPixels(page, 'Large-only trajectory'));

      await test.step('the run was redone whole on wasm: running it again there gives the same pixels', async () => {
        const stitched = await canvasPixels(page, 'Stitched trajectory');
        await page.getByRole('button', { name: 'Generate' }).click();
        await waitDone(page, 120_000); // and the shared clock caught up: the final images show
        expect(await canvasPixels(page, 'Stitched trajectory')).toEqual(stitched);
        await expect(page.getByTestId('backend')).toHaveText('Backend: wasm');
      });
    },
  );
});
