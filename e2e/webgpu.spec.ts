// Runs in the "webgpu" project: Chromium with SwiftShader WebGPU.
import { expect, test } from './fixtures';
import { classroomTests } from './classroom';
import { deployTests } from './deploy';
import { researchTests } from './research';
import { canvasPixels, configure, expectNonBlank, expectTimings, generate, openFixtures, recordRequests } from './helpers';

test('generates both trajectories on WebGPU, and r = 0 makes them identical', async ({ page }) => {
  const requests = recordRequests(page);
  await openFixtures(page);
  await expect(page.getByTestId('backend')).toHaveText('Backend: WebGPU');
  await expect(page.getByTestId('fallback-notice')).toHaveCount(0);

  await test.step('stitched run, 2 of 4 steps small', async () => {
    await configure(page, 4, 2);
    await expect(page.getByTestId('plan-strip')).toHaveAttribute('aria-label', /2 steps on the small model, then 2/);
    await generate(page);
    expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
    expectNonBlank(await canvasPixels(page, 'Large-only trajectory'));
    await expectTimings(page);
  });

  await test.step('r = 0: both trajectories are the large model from the same noise', async () => {
    await configure(page, 4, 0);
    await generate(page);
    const stitched = await canvasPixels(page, 'Stitched trajectory');
    expectNonBlank(stitched);
    expect(stitched).toEqual(await canvasPixels(page, 'Large-only trajectory'));
  });

  expect(requests.some((u) => u.endsWith('.wasm'))).toBe(true);
});

// The classroom page's features, each numbered item of the issue, on WebGPU (e2e/classroom/).
classroomTests();

// The questions a researcher asks next (e2e/research/).
researchTests();

// Deployment, privacy, faults and security (e2e/deploy/).
deployTests();
