// 1. Controls: fraction, class, seed, sampler, steps, guidance, batch; restart on change.
import { expect, test } from '../fixtures';
import { canvasPixels, configure, expectNonBlank, fixturesUrl, onWebGpu, openFixtures, waitDone } from '../helpers';

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

test('every control has an accessible name, works from the keyboard, and lands in the URL', { tag: '@firefox' }, async ({ page }) => {
  await openFixtures(page);
  const steps = onWebGpu() ? 2 : 4;
  // Every control on the page has an accessible name (buttons, fields, menus, disclosure toggles);
  // hidden ones are not controls anyone reaches (the file inputs behind "Open your own models").
  const controls = page.locator('button, input, select, summary').filter({ visible: true });
  expect(await controls.count()).toBeGreaterThan(15);
  for (const control of await controls.all()) await expect(control).toHaveAccessibleName(/\S/);
  await configure(page, 4, 2);

  const slider = page.getByRole('slider', { name: 'Small-model fraction' });
  await slider.press('End');
  await expect(page.getByTestId('fraction')).toContainText('r = 1.00 (4 of 4 steps small)');
  await slider.press('ArrowLeft');
  await expect(page.getByTestId('fraction')).toContainText('r = 0.75 (3 of 4 steps small)');
  await expect(page.getByTestId('plan-strip')).toHaveAttribute('aria-label', /3 steps on the small model, then 1/);

  const cls = page.getByRole('combobox', { name: 'Class' });
  await expect(cls.locator('option')).toHaveText([...CLASSES, 'Random per image']);
  await cls.selectOption('random');

  const seed = page.getByRole('spinbutton', { name: 'Seed' });
  await seed.fill('7');
  await expect(page).toHaveURL(/[?&]seed=7(&|$)/);
  await page.getByRole('button', { name: 'New seed' }).click();
  await expect(seed).not.toHaveValue('7');
  await seed.fill('7');

  const sampler = page.getByRole('combobox', { name: 'Sampler' });
  await expect(sampler.locator('option')).toHaveText(['DDIM (deterministic)', 'DDPM (stochastic)', 'DPM-Solver++ (fast)']);
  await sampler.selectOption('ddpm');

  const guidance = page.getByRole('spinbutton', { name: 'Guidance scale' });
  await guidance.fill('1');
  await guidance.press('ArrowUp'); // the keyboard steps by 0.5
  await expect(guidance).toHaveValue('1.5');

  const batch = page.getByRole('combobox', { name: 'Batch' });
  await expect(batch.locator('option')).toHaveText(['1 image', '4 images (2 × 2)', '16 images (4 × 4)']);
  await batch.selectOption('4');

  await page.getByRole('spinbutton', { name: 'Steps', exact: true }).fill(String(steps));
  await expect(page).toHaveURL(
    new RegExp(`[?]models=fixtures&gpu=software&autorun=0&r=[0-9.]+&steps=${steps}&seed=7&class=random&sampler=ddpm&guidance=1.5&batch=4$`),
  );

  await page.getByRole('button', { name: 'Generate' }).click();
  await waitDone(page);
  await expect(page.getByTestId('run-caption')).toContainText(`DDPM ${steps} steps · seed 7 · guidance 1.5 · random classes:`);
  const names = (await page.getByTestId('run-caption').textContent())!.split('random classes: ')[1].split(', ');
  expect(names).toHaveLength(4);
  for (const n of names) expect(CLASSES).toContain(n);
  // Four 28x28 images in a 2x2 grid with 1-pixel gaps.
  const canvas = page.getByRole('img', { name: 'Stitched trajectory', exact: true });
  expect(await canvas.evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([57, 57]);
  expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
});

test(
  'changing a setting during a run cancels it cleanly and starts again with the new setting',
  { tag: '@firefox' },
  async ({ page, context }) => {
    // Long enough that the change lands mid-run: on wasm the fixtures' 150 steps took under a
    // second of model time in Firefox (the run was over before the seed changed), so 4 images a call.
    const steps = onWebGpu() ? 6 : 150;
    await page.goto(fixturesUrl({ steps, r: 0.5, seed: 1, guidance: onWebGpu() ? 1 : 2, ...(onWebGpu() ? {} : { batch: 4 }) }));
    await expect(page.getByTestId('status')).toHaveText('running', { timeout: 120_000 });
    await expect(page.locator('.status-detail')).toContainText('stitched: step', { timeout: 120_000 });
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    // Generate and Cancel are two controls: Generate is disabled, not turned into Cancel, so a second Enter cannot cancel.
    await expect(page.getByRole('button', { name: 'Generate' })).toBeDisabled();
    await expect(page.getByTestId('run-announcement')).toHaveText('Generating both trajectories.');

    await page.getByRole('spinbutton', { name: 'Seed' }).fill('5');
    await expect(page.getByTestId('restart-notice')).toContainText('cancelled and started again');
    await expect(page.getByTestId('status')).toHaveText('running');
    await waitDone(page);
    await expect(page.getByTestId('run-caption')).toContainText('seed 5');
    // A finished run is announced to screen readers (role=status), with both times and the speed-up.
    await expect(page.getByTestId('run-announcement')).toHaveText(
      /^Finished: stitched took \d+\.\d\d s, large-only \d+\.\d\d s; stitched is \d+\.\d\d× (faster|as fast)\.$/,
    );
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await expect(page.getByTestId('stale-notice')).toHaveCount(0);
    await expect(page.getByTestId('step-stitched')).toContainText(`Step ${steps} of ${steps}`);
    await expect(page.getByRole('alert')).toHaveCount(0);

    // The images are exactly those of a clean run with the new settings (wasm only: it is quick there).
    if (!onWebGpu()) {
      const restarted = await canvasPixels(page, 'Large-only trajectory');
      const fresh = await context.newPage();
      await fresh.goto(page.url());
      await waitDone(fresh);
      expect(await canvasPixels(fresh, 'Large-only trajectory')).toEqual(restarted);
    }
  },
);
