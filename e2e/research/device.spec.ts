// 12. Why the speed-up is what it is on this device: one call of each model measured in this
//     browser and the best speed-up those allow, beside the FLOP ideal, with the reason they
//     differ; "Measure this device" runs the fixed short benchmark and gives text to copy.
import { expect, test } from '../fixtures';
import { configure, generate, onWebGpu, openFixtures, openFold } from '../helpers';

test('one call of each model timed beside the speed-up it allows, and "Measure this device" gives a report to copy', async ({ page }) => {
  test.setTimeout(420_000);
  await openFixtures(page);
  await openFold(page, 'For researchers');
  await configure(page, 4, 2);
  await generate(page);
  const times = page.getByTestId('call-times');
  await expect(times).toContainText(
    /^One call in this browser: small \d+\.\d+ ms, large \d+\.\d+ ms\. These call times allow at best \d+\.\d\d×, the FLOPs \d+\.\d\d×\./,
  );
  await expect(times).toContainText(/Here (a small-model call takes|call times follow)/);

  await page.getByRole('button', { name: 'Measure this device' }).click();
  await expect(page.getByTestId('device-status')).toContainText('Measuring');
  await expect(page.getByTestId('device-status')).toHaveText(/^Measured/, { timeout: 360_000 });
  const report = await page.getByTestId('device-report').inputValue();
  const lines = report.split('\n');
  expect(lines[0]).toMatch(/^T-Stitch in the browser: device measurement, \d{4}-\d\d-\d\d$/);
  expect(lines[1]).toMatch(onWebGpu() ? /^Backend: WebGPU \(/ : /^Backend: wasm \(/);
  expect(report).toMatch(/One call on 2 images: small [\d.]+ ms, large [\d.]+ ms/);
  expect(report).toMatch(
    /r = 0\.4: stitched [\d.]+ ms per image against [\d.]+ large-only: speed-up [\d.]+x \(FLOP limit 1\.\d\dx, call-time limit [\d.]+x, efficiency [\d.]+\)/,
  );
  await expect(page.getByRole('button', { name: 'Copy the measurement' })).toBeVisible();
});
