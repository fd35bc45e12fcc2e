// The two backends themselves, each in its own project only (playwright.config.ts selects
// by tag): @webgpu-only runs in the "webgpu" project (Chromium with SwiftShader WebGPU),
// @fallback-only in the "fallback" project (Chromium without WebGPU flags, so requestAdapter()
// gives null). Which project runs the other specs: e2e/README.md.
import { expect, test } from './fixtures';
import {
  bothCanvases,
  canvasPixels,
  configure,
  expectMatchesWasm,
  expectNonBlank,
  expectTimings,
  fixturesUrl,
  generate,
  openFixtures,
  recordRequests,
  waitDone,
} from './helpers';

test('generates both trajectories on WebGPU, and r = 0 makes them identical', { tag: '@webgpu-only' }, async ({ page }) => {
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

// Issue 14 item 3: the native WebGPU EP's images against the wasm CPU EP's, same link, same noise.
// Tolerance: onnxruntime's WebGPU and CPU kernels differ in float rounding (about 1e-6 per call,
// npm run parity); through 6 steps and the 8-bit canvas that may move a pixel by one grey level,
// so at most 2 of 255 per channel and a mean under 0.05 across the canvases.
// SwiftShader reports itself as a fallback (software) adapter: far slower than wasm, so the page
// does not take it unless the link asks (gpu=software, which every other fixtures link here does).
test('a software WebGPU adapter is not used unless the link asks for it', { tag: '@webgpu-only' }, async ({ page }) => {
  await page.goto('./?models=fixtures');
  await expect(page.getByTestId('backend')).toHaveText('Backend: wasm');
  await expect(page.getByTestId('fallback-notice')).toContainText(
    'the only WebGPU adapter here is a software one (google swiftshader), far slower than the CPU backend; add gpu=software to the link to use it anyway.',
  );
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
  await page.goto(fixturesUrl({}));
  await expect(page.getByTestId('backend')).toHaveText('Backend: WebGPU');
  await expect(page.getByTestId('adapter')).toContainText('a software adapter (the link asks for it: gpu=software)');
});

test(
  'the WebGPU images match the wasm ones for the same link, within 2 grey levels',
  { tag: '@webgpu-only' },
  async ({ page, browser, baseURL }) => {
    test.setTimeout(360_000);
    // One image: every kernel of both models runs all the same, in 39 s on SwiftShader instead of 84 s for four.
    const link = fixturesUrl({ steps: 6, r: 0.5, seed: 11, class: 4, batch: 1 });

    await page.goto(link);
    await waitDone(page);
    await expect(page.getByTestId('backend')).toHaveText('Backend: WebGPU');
    const onGpu = await bothCanvases(page);

    // The same Chromium without the WebGPU flags: no adapter, so the page runs wasm.
    await expectMatchesWasm(browser, baseURL, link, onGpu, 'WebGPU');
  },
);

test(
  'without a WebGPU adapter it falls back to wasm with a visible notice, and still generates',
  { tag: '@fallback-only' },
  async ({ page }) => {
    await openFixtures(page);
    await expect(page.getByTestId('backend')).toHaveText('Backend: wasm');
    // The notice is the runtime line itself, on the first screen; its details say why.
    const line = page.getByTestId('runtime-line').locator('summary');
    await expect(line).toBeVisible();
    await expect(line).toContainText('No WebGPU here: running on the CPU (wasm), slower');
    await line.click();
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
  },
);
