// Runs in the "fallback" project: Chromium without WebGPU flags, so requestAdapter() gives null.
import { expect, test } from './fixtures';
import { classroomTests } from './classroom';
import { deployTests } from './deploy';
import { ownModelTests } from './own';
import { researchTests } from './research';
import {
  canvasPixels, configure, expectNonBlank, expectTimings, generate, openFixtures, recordRequests,
} from './helpers';

test('falls back to wasm with a visible notice, and still generates', async ({ page }) => {
  await openFixtures(page);
  await expect(page.getByTestId('backend')).toHaveText('Backend: wasm');
  const notice = page.getByTestId('fallback-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('WebGPU is not available in this browser; running on the CPU (wasm), which is slower.');
  await expect(notice).toContainText('Reason:');

  await configure(page, 4, 2);
  await generate(page, 60_000);
  expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
  const stitched = await canvasPixels(page, 'Stitched trajectory');
  expect(stitched).not.toEqual(await canvasPixels(page, 'Large-only trajectory'));
  await expectTimings(page);

  await configure(page, 4, 0);
  await generate(page, 60_000);
  expect(await canvasPixels(page, 'Stitched trajectory')).toEqual(await canvasPixels(page, 'Large-only trajectory'));

});

test('the models parameter is a name from a whitelist, never a URL', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto('./?models=https://example.com/evil/manifest.json');
  await expect(page.getByRole('note').filter({ hasText: 'Unknown model set' })).toBeVisible();
  // It falls back to the shipped models: either they load or a clear error says which file is missing.
  await expect(page.getByTestId('models')).toContainText('Models:');
  await expect(page.getByRole('button', { name: 'Generate' }).or(page.getByRole('alert'))).toBeVisible({ timeout: 60_000 });
  expect(requests.some((u) => u.includes('/some/nested/tstitch/models/manifest.json'))).toBe(true);
});

// The classroom page's features, each numbered item of the issue, on the wasm fallback (e2e/classroom/).
classroomTests();

// The questions a researcher asks next (e2e/research/).
researchTests();

// Deployment, privacy, faults and security (e2e/deploy/).
deployTests();

// A researcher's own models, opened from disk (e2e/own/).
ownModelTests();
