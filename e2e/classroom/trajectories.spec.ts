// 2. Side by side: x_t and predicted x0 live per trajectory, timelines by model, times and
//    speed-up; after a run, a scrubber replays any step of both trajectories.
import { expect, test } from '../fixtures';
import { canvasPixels, expectNonBlank, onWebGpu, openAndRun, fixturesUrl, replayTo, waitDone } from '../helpers';

test('both trajectories draw x_t and x0 live, with timelines coloured by model, times and the speed-up', async ({ page }) => {
  const [steps, small] = onWebGpu() ? [4, 2] : [100, 50];
  await page.goto(fixturesUrl({ steps, r: small / steps, guidance: onWebGpu() ? 1 : 2 }));

  await test.step('live: both trajectories are drawn step by step, in turns', async () => {
    // Early in the run (a one-digit step, well before the last), so steps are still pending.
    // Checked every animation frame: on wasm a step takes only tens of milliseconds.
    const early = `^stitched: step \\d of ${steps} · large-only: step [1-${Math.min(9, steps - 2)}] of ${steps}$`;
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('.status-detail')?.textContent ?? ''), early, {
      polling: 'raf',
      timeout: 120_000,
    });
    expect(await page.getByTestId('timeline-baseline').locator('.plan-pending').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('timeline-stitched').locator('.plan-pending').count()).toBeGreaterThan(0);
    for (const name of ['Stitched trajectory', 'Stitched trajectory: noisy image x_t', 'Large-only trajectory', 'Large-only trajectory: noisy image x_t']) {
      expectNonBlank(await canvasPixels(page, name));
    }
    await expect(page.getByTestId('time-stitched')).toHaveText(/^\d+\.\d\d s$/);
  });

  await waitDone(page);
  await test.step('timelines: which model ran each step', async () => {
    const stitched = page.getByTestId('timeline-stitched');
    await expect(stitched.locator('[data-role=small]')).toHaveCount(small);
    await expect(stitched.locator('[data-role=large]')).toHaveCount(steps - small);
    await expect(stitched).toHaveAttribute('aria-label', `Stitched trajectory timeline: steps 1–${small} small model, ${small + 1}–${steps} large model`);
    await expect(page.getByTestId('timeline-baseline').locator('[data-role=large]')).toHaveCount(steps);
    await expect(page.getByTestId('timeline-baseline').locator('[data-role=small]')).toHaveCount(0);
    await expect(page.locator('.timeline .plan-pending')).toHaveCount(0);
  });

  await test.step('times and speed-up', async () => {
    await expect(page.getByTestId('time-stitched')).toHaveText(/^\d+\.\d\d s$/);
    await expect(page.getByTestId('time-baseline')).toHaveText(/^\d+\.\d\d s$/);
    await expect(page.getByTestId('speedup')).toHaveText(/^\d+\.\d\d×$/);
    await expect(page.getByText(`(${small} small + ${steps - small} large model calls)`)).toBeVisible();
  });

  await test.step('the last x_t is the final image', async () => {
    await expect(page.getByTestId('step-stitched')).toHaveText(`Step ${steps} of ${steps} · t = 0 · large model`);
    for (const t of ['Stitched trajectory', 'Large-only trajectory']) {
      expect(await canvasPixels(page, `${t}: noisy image x_t`)).toEqual(await canvasPixels(page, t));
    }
  });
});

test('the replay scrubber shows any step of both trajectories, with play, pause and step buttons', async ({ page }) => {
  test.setTimeout(360_000);
  const steps = 4;
  const webgpu: Record<string, number> = onWebGpu() ? { guidance: 1 } : {};
  await openAndRun(page, { steps, r: 0.5, seed: 3, ...webgpu });
  const replay = page.getByTestId('replay-step');
  await expect(replay).toHaveText('Step 4 of 4');
  const final = await canvasPixels(page, 'Stitched trajectory');

  await test.step('step buttons', async () => {
    await page.getByRole('button', { name: 'Previous step' }).click();
    await expect(replay).toHaveText('Step 3 of 4');
    await expect(page.getByTestId('step-stitched')).toContainText('Step 3 of 4');
    await expect(page.getByTestId('step-baseline')).toContainText('Step 3 of 4');
    expect(await canvasPixels(page, 'Stitched trajectory')).not.toEqual(final);
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect(replay).toHaveText('Step 4 of 4');
    expect(await canvasPixels(page, 'Stitched trajectory')).toEqual(final);
    await expect(page.getByRole('button', { name: 'Next step' })).toBeDisabled();
  });

  // Steps 1-2 of this run are on the small model, so they must equal steps 1-2 of an all-small
  // run from the same seed; the large-only trajectory does not depend on r at all.
  await replayTo(page, 2);
  await expect(page.getByTestId('step-stitched')).toContainText('small model');
  const stitched2 = await canvasPixels(page, 'Stitched trajectory: noisy image x_t');
  await replayTo(page, 3);
  const stitched3 = await canvasPixels(page, 'Stitched trajectory: noisy image x_t');
  const large3 = await canvasPixels(page, 'Large-only trajectory: noisy image x_t');

  await test.step('play and pause', async () => {
    await replayTo(page, 1);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(replay).toHaveText('Step 4 of 4', { timeout: 10_000 });
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    await replayTo(page, 1);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await replay.textContent();
    await page.waitForTimeout(1200);
    await expect(replay).toHaveText(paused!);
    expect(paused).not.toBe('Step 4 of 4');
  });

  await test.step('a second run (r = 1) agrees step by step where it must', async () => {
    const slider = page.getByRole('slider', { name: 'Small-model fraction' });
    await slider.focus();
    await slider.press('End');
    await page.getByRole('button', { name: 'Generate' }).click();
    await waitDone(page);
    await replayTo(page, 2);
    expect(await canvasPixels(page, 'Stitched trajectory: noisy image x_t')).toEqual(stitched2);
    await replayTo(page, 3);
    expect(await canvasPixels(page, 'Large-only trajectory: noisy image x_t')).toEqual(large3);
    expect(await canvasPixels(page, 'Stitched trajectory: noisy image x_t')).not.toEqual(stitched3);
  });
});
