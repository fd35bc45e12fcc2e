// 4. How far can you push r: the strip of final images at r = 0, 0.2, ..., 1 from the same noise,
//    each with its steps and cost, on request; Cancel, and a Generate stops it first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { canvasPixels, expectNonBlank, onWebGpu, openAndRun, openFold, waitDone } from '../helpers';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../public/fixtures/manifest.json'), 'utf8')) as {
  denoisers: { role: 'small' | 'medium' | 'large'; gflops: number }[];
};
const gflops = Object.fromEntries(manifest.denoisers.map((d) => [d.role, d.gflops]));
const R = ['0.00', '0.20', '0.40', '0.60', '0.80', '1.00'];

test("the r strip: six final images from the run's noise, with steps and costs; r = 0 and r = 0.4 are the panels' images; Cancel and Generate stop it", async ({
  page,
}) => {
  test.setTimeout(480_000);
  const steps = 5;
  // r = 0.4 of 5 steps: 2 on the small model, as the strip's r = 0.4.
  const settings = { steps, r: 0.4, seed: 3, class: 2, batch: 1, ...(onWebGpu() ? { guidance: 1 } : {}) };
  await openAndRun(page, settings);
  await openFold(page, 'How far can you push r?');
  const status = page.getByTestId('strip-status');
  const make = page.getByRole('button', { name: /^Make the strip/ });

  await test.step('all six images, filled in as each finishes, each with its k of N and costs', async () => {
    await make.click();
    await expect(status).toHaveText('Done: all 6 images.', { timeout: 240_000 });
    await expect(page.getByTestId('strip-settings')).toHaveText(
      `Made with seed 3, class Pullover, DDIM, 5 steps, guidance ${settings.guidance ?? 2}, batch 1.`,
    );
    const flops: number[] = [];
    const times: string[] = [];
    for (let i = 0; i < R.length; i++) {
      const cell = page.getByTestId(`strip-cell-${i}`);
      expectNonBlank(await canvasPixels(page, `Final image at r = ${R[i]}`));
      const k = Math.round(Number(R[i]) * steps);
      await expect(cell.getByTestId('strip-steps')).toHaveText(`${k} of ${steps} steps small`);
      // The manifest's arithmetic, done here: k small calls and N - k large ones against N large ones.
      const expected = (k * gflops.small + (steps - k) * gflops.large) / (steps * gflops.large);
      await expect(cell.getByTestId('strip-flops')).toHaveText(`FLOPs: ${expected.toFixed(2)}× large-only`);
      flops.push(Number(/([\d.]+)×/.exec((await cell.getByTestId('strip-flops').textContent())!)![1]));
      await expect(cell.getByTestId('strip-time')).toHaveText(/^Time: \d+(\.\d+)? (ms|s)/);
      times.push((await cell.getByTestId('strip-time').textContent())!);
    }
    test.info().annotations.push({ type: 'strip times', description: times.join(' | ') });
    expect(flops[0]).toBe(1);
    for (let i = 1; i < flops.length; i++) expect(flops[i], `FLOPs at r = ${R[i]} below r = ${R[i - 1]}`).toBeLessThan(flops[i - 1]);
  });

  // The panels' last steps (polled: a finished run's panels may still be catching up to their last step).
  const panelShows = (name: string, rgba: number[]) => expect.poll(() => canvasPixels(page, name), { timeout: 30_000 }).toEqual(rgba);
  const largeOnly = await canvasPixels(page, 'Final image at r = 0.00');
  await test.step("the same noise: r = 0 is the large-only panel's image, r = 0.4 the stitched one's", async () => {
    await panelShows('Large-only trajectory', largeOnly);
    await panelShows('Stitched trajectory', await canvasPixels(page, 'Final image at r = 0.40'));
    expect(await canvasPixels(page, 'Final image at r = 1.00')).not.toEqual(largeOnly);
    await expect(page.getByTestId('status')).toHaveText('done'); // the panels kept their run
  });

  // Many steps, so the strip is still running when the button is pressed.
  const stepsInput = page.getByRole('spinbutton', { name: 'Steps', exact: true });
  const long = async () => {
    await stepsInput.fill('250');
    await stepsInput.blur();
    await make.click();
    await expect(status).toHaveText(/^Computing: [0-5] of 6 images done\.$/);
  };

  await test.step('Cancel stops it, and the page can make it again', async () => {
    await long();
    // One measurement at a time: the agreement waits for the strip, and says so.
    await openFold(page, 'Why it works');
    await expect(page.getByRole('button', { name: 'Measure model agreement' })).toBeDisabled();
    await expect(page.getByTestId('agreement-status')).toHaveText(
      'The r strip is being made: the measurement can start once it has finished.',
    );
    await page.getByRole('button', { name: 'Cancel the strip' }).click();
    await expect(status).toHaveText(/^Stopped after [0-5] of 6 images\. Cancelled\.$/, { timeout: 60_000 });
    await expect(page.getByTestId('strip-settings')).toContainText('250 steps');
    await expect(make).toBeEnabled();
  });

  await test.step('a Generate stops the strip first, and the run goes on', async () => {
    await long();
    await stepsInput.fill(String(steps));
    await stepsInput.blur();
    await expect(page.getByTestId('strip-settings')).toContainText('The settings have changed since');
    await expect(status).toHaveText(/^Computing/); // a settings change alone leaves it running
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect(status).toHaveText(/^Stopped after [0-5] of 6 images\. A run started/, { timeout: 60_000 });
    await waitDone(page);
    await panelShows('Large-only trajectory', largeOnly);
  });
});
