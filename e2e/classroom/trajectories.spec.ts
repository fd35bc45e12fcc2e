// 2. Side by side: x_t and predicted x0 live per trajectory, timelines by model, times and
//    speed-up; both on one shared clock of measured model time, live and in the replay, where the
//    faster trajectory is done first by the ratio of the measured times; the hand-off marked.
import type { Page } from '@playwright/test';
import { samplingTimesteps } from '../../src/core';
import { expect, test } from '../fixtures';
import { canvasPixels, expectNonBlank, onWebGpu, openAndRun, openFold, fixturesUrl, replayTo, waitDone } from '../helpers';

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
    await expect(page.getByTestId('time-stitched')).toHaveText(/^\d+\.\d\d s$/);
    // On the shared clock a panel shows a step once the clock has passed it (the clock is the model
    // time both have computed): wait for the large-only panel's first step, still mid-run.
    const shownMidRun = `^Step ([1-9]|[1-4]\\d) of ${steps} ·`;
    await page.waitForFunction(
      (re) =>
        new RegExp(re).test(document.querySelector('[data-testid=step-baseline]')?.textContent ?? '') &&
        document.querySelector('[data-testid=status]')?.textContent === 'running',
      shownMidRun,
      { polling: 'raf', timeout: 120_000 },
    );
    for (const name of [
      'Stitched trajectory',
      'Stitched trajectory: noisy image x_t',
      'Large-only trajectory',
      'Large-only trajectory: noisy image x_t',
    ]) {
      expectNonBlank(await canvasPixels(page, name));
    }
  });

  await waitDone(page);
  await test.step('timelines: which model ran each step', async () => {
    const stitched = page.getByTestId('timeline-stitched');
    await expect(stitched.locator('[data-role=small]')).toHaveCount(small);
    await expect(stitched.locator('[data-role=large]')).toHaveCount(steps - small);
    await expect(stitched).toHaveAttribute(
      'aria-label',
      `Stitched trajectory timeline: steps 1–${small} small model, ${small + 1}–${steps} large model`,
    );
    await expect(page.getByTestId('timeline-baseline').locator('[data-role=large]')).toHaveCount(steps);
    await expect(page.getByTestId('timeline-baseline').locator('[data-role=small]')).toHaveCount(0);
    await expect(page.locator('.timeline .plan-pending')).toHaveCount(0);
  });

  await test.step('times and speed-up', async () => {
    await expect(page.getByTestId('time-stitched')).toHaveText(/^\d+\.\d\d s$/);
    await expect(page.getByTestId('time-baseline')).toHaveText(/^\d+\.\d\d s$/);
    await expect(page.getByTestId('speedup')).toHaveText(/^\d+\.\d\d×$/);
    await openFold(page, 'For researchers'); // the timing details are there
    await expect(page.getByText(`(${small} small + ${steps - small} large model calls)`)).toBeVisible();
  });

  await test.step('the last x_t is the final image, and the captions say so', async () => {
    await expect(page.getByTestId('step-stitched')).toHaveText(`Step ${steps} of ${steps} · t = 0 · large model`);
    for (const t of ['Stitched trajectory', 'Large-only trajectory']) {
      expect(await canvasPixels(page, `${t}: noisy image x_t`)).toEqual(await canvasPixels(page, t));
    }
    for (const t of ['stitched', 'baseline']) {
      await expect(page.getByTestId(`caption-${t}-xt`)).toHaveText('final image');
      await expect(page.getByTestId(`caption-${t}`)).toHaveText('x̂₀ = the final image');
      await expect(page.getByTestId(`done-${t}`)).toBeVisible();
    }
  });
});

test('the replay shows any step of both trajectories on the shared clock, with play, pause and step buttons', async ({ page }) => {
  test.setTimeout(360_000);
  const steps = 4;
  const webgpu: Record<string, number> = onWebGpu() ? { guidance: 1 } : {};
  await openAndRun(page, { steps, r: 0.5, seed: 3, ...webgpu });
  const replay = page.getByTestId('replay-step');
  // A finished run opens on its end: both done, the final images.
  await expect(replay).toHaveText(/^\d+\.\d+ s of \d+\.\d+ s: stitched done \(4 steps\), large-only done \(4 steps\)$/);
  const final = await canvasPixels(page, 'Stitched trajectory');
  const previous = page.getByRole('button', { name: 'Previous step' });
  const next = page.getByRole('button', { name: 'Next step' });

  await test.step('step buttons: to the step before of either trajectory, and back', async () => {
    await expect(next).toBeDisabled();
    const labels = async () => [
      await page.getByTestId('step-stitched').textContent(),
      await page.getByTestId('step-baseline').textContent(),
    ];
    const atEnd = await labels();
    await previous.click();
    const before = await labels();
    // One press is one step of one trajectory: the one whose last step came last on the clock.
    expect(before.filter((l, i) => l !== atEnd[i])).toHaveLength(1);
    expect(before.some((l) => /^Step 3 of 4 ·/.test(l ?? ''))).toBe(true);
    await next.click();
    expect(await labels()).toEqual(atEnd);
    expect(await canvasPixels(page, 'Stitched trajectory')).toEqual(final);
    await expect(next).toBeDisabled();
  });

  // Steps 1-2 of this run are on the small model, so they must equal steps 1-2 of an all-small
  // run from the same seed; the large-only trajectory does not depend on r at all.
  await replayTo(page, 2);
  await expect(page.getByTestId('step-stitched')).toContainText('small model');
  const stitched2 = await canvasPixels(page, 'Stitched trajectory: noisy image x_t');
  await replayTo(page, 3);
  const stitched3 = await canvasPixels(page, 'Stitched trajectory: noisy image x_t');
  await replayTo(page, 3, 'baseline');
  const large3 = await canvasPixels(page, 'Large-only trajectory: noisy image x_t');

  await test.step('play and pause', async () => {
    await replayTo(page, 1);
    await page.getByRole('button', { name: 'Play' }).click();
    // A whole replay takes 3 to 8 seconds.
    await expect(replay).toHaveText(/stitched done .* large-only done/, { timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    expect(await canvasPixels(page, 'Stitched trajectory')).toEqual(final);
    await replayTo(page, 1);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await replay.textContent();
    await page.waitForTimeout(1200);
    await expect(replay).toHaveText(paused!);
    // Paused a moment after playing from the stitched trajectory's first step: mid-way through it.
    // (Not "before the large-only end": on the clock that may come before the stitched step 1,
    // when a first call of the small model ran slow.)
    expect(paused).toMatch(/stitched step [1-3] of 4/);
  });

  await test.step('a second run (r = 1) agrees step by step where it must', async () => {
    const slider = page.getByRole('slider', { name: 'Small-model fraction' });
    await slider.focus();
    await slider.press('End');
    await page.getByRole('button', { name: 'Generate' }).click();
    await waitDone(page);
    await replayTo(page, 2);
    expect(await canvasPixels(page, 'Stitched trajectory: noisy image x_t')).toEqual(stitched2);
    await replayTo(page, 3, 'baseline');
    expect(await canvasPixels(page, 'Large-only trajectory: noisy image x_t')).toEqual(large3);
    await replayTo(page, 3);
    expect(await canvasPixels(page, 'Stitched trajectory: noisy image x_t')).not.toEqual(stitched3);
  });
});

/** What the replay says of the clock: where each trajectory is done, its length, its rate (Replay.tsx). */
async function clockOf(page: Page) {
  const replay = page.getByRole('region', { name: 'Replay' });
  const num = async (name: string) => Number(await replay.getAttribute(name));
  const ms = async (t: string) => Number(await page.getByTestId(`time-${t}`).getAttribute('data-ms'));
  return {
    doneStitched: await num('data-done-stitched-ms'),
    doneBaseline: await num('data-done-baseline-ms'),
    duration: await num('data-duration-ms'),
    rate: await num('data-rate'),
    stitchedMs: await ms('stitched'),
    baselineMs: await ms('baseline'),
  };
}

/**
 * Play the replay from the start and note, every animation frame, the clock and which "done in"
 * marks show: the clock where each first showed, and whether the other was done by then.
 */
async function playAndWatch(page: Page) {
  await page.getByRole('slider', { name: 'Replay time' }).focus();
  await page.keyboard.press('Home');
  const watched = page.evaluate(
    () =>
      new Promise<{ first: Record<string, number>; otherDoneThen: Record<string, boolean>; frames: number }>((resolve) => {
        const section = document.querySelector<HTMLElement>('section.replay')!;
        const shows = (t: string) => !document.querySelector(`[data-testid=done-${t}]`)!.classList.contains('done-mark-waiting');
        const first: Record<string, number> = {};
        const otherDoneThen: Record<string, boolean> = {};
        let frames = 0;
        let started = false;
        const tick = () => {
          frames++;
          const motion = section.dataset.motion;
          if (motion === 'play') started = true;
          for (const [t, other] of [
            ['stitched', 'baseline'],
            ['baseline', 'stitched'],
          ]) {
            if (started && first[t] === undefined && shows(t)) {
              first[t] = Number(section.dataset.clockMs);
              otherDoneThen[t] = shows(other);
            }
          }
          if (started && motion === 'still') resolve({ first, otherDoneThen, frames });
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  await page.getByRole('button', { name: 'Play' }).click();
  return watched;
}

test('the shared-clock replay: the faster trajectory is done first, by the ratio of the measured times; the hand-off is marked; the captions are true', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const steps = 8;
  await openAndRun(page, { steps, r: 0.5, seed: 2, ...(onWebGpu() ? { guidance: 1 } : {}) });
  const c = await clockOf(page);

  await test.step('each is done on the clock at its measured time; the replay lasts a few seconds, its scale said', async () => {
    expect(c.doneStitched).toBe(c.stitchedMs);
    expect(c.doneBaseline).toBe(c.baselineMs);
    expect(c.duration).toBe(Math.max(c.stitchedMs, c.baselineMs));
    for (const t of ['stitched', 'baseline'] as const) {
      const ms = t === 'stitched' ? c.stitchedMs : c.baselineMs;
      await expect(page.getByTestId(`time-${t}`)).toHaveText(`${(ms / 1000).toFixed(2)} s`);
      await expect(page.getByTestId(`done-${t}`)).toHaveText(`done in ${(ms / 1000).toFixed(2)} s`);
    }
    const speedup = Number((await page.getByTestId('speedup').textContent())!.replace('×', ''));
    expect(Math.abs(c.doneBaseline / c.doneStitched - speedup)).toBeLessThanOrEqual(0.005 + 1e-9);
    const real = c.duration / c.rate;
    expect(real).toBeGreaterThanOrEqual(3000);
    expect(real).toBeLessThanOrEqual(8000);
    const words =
      c.rate === 1
        ? 'at measured speed'
        : c.rate < 1
          ? `at 1/${Math.round(1 / c.rate)} of the measured speed`
          : `at ${c.rate}× the measured speed`;
    await expect(page.getByTestId('replay-scale')).toContainText(`Play replays ${words}`);
  });

  await test.step('play: the faster one is done first, where its time lies on the clock', async () => {
    const seen = await playAndWatch(page);
    // The clock is read once per animation frame, which moves it at most 100 ms of real time (Replay.tsx).
    const frame = 100 * c.rate;
    expect(seen.first.stitched).toBeGreaterThanOrEqual(c.doneStitched);
    expect(seen.first.stitched).toBeLessThanOrEqual(c.doneStitched + frame);
    expect(seen.first.baseline).toBeGreaterThanOrEqual(c.doneBaseline);
    expect(seen.first.baseline).toBeLessThanOrEqual(c.doneBaseline + frame);
    const [faster, slower] = c.stitchedMs < c.baselineMs ? ['stitched', 'baseline'] : ['baseline', 'stitched'];
    test.info().annotations.push({
      type: 'shared clock',
      description: `stitched done at ${c.doneStitched.toFixed(2)} ms, the other at ${c.doneBaseline.toFixed(2)} ms; ${seen.frames} frames`,
    });
    // Two ends within one frame's move of the clock can first be seen in the same frame.
    if (Math.abs(c.doneStitched - c.doneBaseline) > frame) {
      expect(seen.otherDoneThen[faster], `${slower} not done yet when ${faster} is`).toBe(false);
      expect(seen.otherDoneThen[slower]).toBe(true);
    }
    // The room sees the ratio: where each is done, over the replay, as measured.
    expect(seen.first.baseline / seen.first.stitched).toBeCloseTo(c.baselineMs / c.stitchedMs, 1);
  });

  await test.step('the hand-off: marked on the stitched timeline at step 5, and on the panel when the step shown crosses it', async () => {
    const marks = page.locator('.panel-stitched [data-testid=handoff-mark]');
    await expect(marks).toHaveCount(1);
    await expect(marks).toHaveText('large model from step 5');
    await expect(marks).toHaveAttribute('data-step', '5');
    await expect(page.getByTestId('timeline-stitched').locator('.plan-cell').nth(4)).toHaveClass(/plan-handoff/);
    await expect(page.getByTestId('timeline-stitched').locator('.plan-handoff')).toHaveCount(1);
    await expect(page.locator('.panel-baseline [data-testid=handoff-mark]')).toHaveCount(0);
    const panel = page.locator('.panel-stitched');
    const cue = page.getByTestId('handoff-cue-stitched');
    await replayTo(page, 4);
    await expect(panel).toHaveAttribute('data-model', 'small');
    await expect(cue).toHaveCount(0);
    await replayTo(page, 5);
    await expect(panel).toHaveAttribute('data-model', 'large');
    await expect(cue).toHaveText('hand-off: large model takes over');
    await expect(cue).toBeVisible();
    expect(await panel.evaluate((el) => getComputedStyle(el).borderTopColor)).toBe(
      await page
        .locator('.plan-cell.plan-large')
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    );
    await replayTo(page, 7); // said for the first two steps of the large model (8 steps), then gone
    await expect(cue).toHaveCount(0);
    await expect(panel).toHaveAttribute('data-model', 'large');
  });

  await test.step('captions at the first and the last step', async () => {
    const ts = samplingTimesteps(1000, steps);
    await page.getByRole('slider', { name: 'Replay time' }).focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('caption-stitched-xt')).toHaveText('x_t: step 1 not done yet');
    await expect(page.getByTestId('step-stitched')).toHaveText(`Step 1 of ${steps} next · t = ${ts[0]} · small model`);
    await replayTo(page, 1);
    await expect(page.getByTestId('caption-stitched-xt')).toHaveText(`x_t at t = ${ts[1]} (noisy)`);
    await expect(page.getByTestId('caption-stitched')).toHaveText('predicted clean image x̂₀');
    await expect(page.getByRole('slider', { name: 'Replay time' })).toHaveAttribute(
      'aria-valuetext',
      /^\d+\.\d+ s of \d+\.\d+ s: stitched step 1 of 8, large-only (step \d of 8|step 1 of 8 not done yet)$/,
    );
    await replayTo(page, steps);
    await expect(page.getByTestId('caption-stitched-xt')).toHaveText('final image');
    await expect(page.getByTestId('caption-stitched')).toHaveText('x̂₀ = the final image');
    await expect(page.getByTestId('done-stitched')).toBeVisible();
  });
});
