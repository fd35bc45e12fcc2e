// Safari 26's code path (WebGPU without JSPI: onnxruntime's asyncify build), in the "no-jspi"
// project only (Chromium with SwiftShader WebGPU, WebAssembly.Suspending removed: e2e/noJspi.ts).
// Nothing else runs that build: Chromium and Firefox have JSPI, and the wasm fallback loads the
// CPU-only build.
import { expect, test } from './fixtures';
import {
  bothCanvases,
  canvasPixels,
  configure,
  expectMatchesWasm,
  expectNonBlank,
  fixturesUrl,
  generate,
  recordRequests,
  waitDone,
} from './helpers';
import { runtimeWorker } from './deploy/workerProbe';
import { jspiSeen, withoutJspi } from './noJspi';

test.use({ serviceWorkers: 'block' });
test.beforeEach(async ({ context }) => withoutJspi(context));

// gpu=software (fixturesUrl sets it too): SwiftShader is a software adapter, which the page uses only when the link asks.
const link = (settings: Record<string, string | number>) => fixturesUrl({ gpu: 'software', ...settings });

test(
  'without JSPI the asyncify WebGPU build loads and generates, and r = 0 makes both trajectories identical',
  { tag: '@no-jspi-only' },
  async ({ page }) => {
    const requests = recordRequests(page);
    await page.goto(link({ steps: 4, r: 0.5, seed: 3, batch: 1 }));
    await waitDone(page);
    await expect(page.getByTestId('backend')).toHaveText('Backend: WebGPU');
    runtimeWorker(page); // throws if the runtime worker is not running
    const seen = await jspiSeen(page);
    expect(seen.length, 'the page and at least the runtime worker').toBeGreaterThanOrEqual(2);
    expect(
      seen.filter((t) => t !== 'undefined'),
      'typeof WebAssembly.Suspending in the page and its workers',
    ).toEqual([]);

    const wasmFiles = requests.filter((u) => /\.wasm(\?|$)/.test(u)).map((u) => new URL(u).pathname.split('/').pop());
    expect(wasmFiles.length, `wasm binaries requested: ${wasmFiles}`).toBeGreaterThan(0);
    expect(
      wasmFiles.every((f) => /^ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm$/.test(f!)),
      `wasm binaries requested: ${wasmFiles}`,
    ).toBe(true);
    expect(
      requests.some((u) => /\/assets\/worker-ort\.webgpu\.bundle\.min-[\w-]+\.js$/.test(u)),
      'onnxruntime-web/webgpu (asyncify) loaded',
    ).toBe(true);
    expect(
      requests.filter((u) => /jspi/.test(u)),
      'nothing of the JSPI build requested',
    ).toEqual([]);
    expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
    expectNonBlank(await canvasPixels(page, 'Large-only trajectory'));

    await configure(page, 4, 0);
    await generate(page);
    const stitched = await canvasPixels(page, 'Stitched trajectory');
    expectNonBlank(stitched);
    expect(stitched).toEqual(await canvasPixels(page, 'Large-only trajectory'));
  },
);

// The tolerance of backend.spec.ts's "WebGPU images match the wasm ones": at most 2 grey levels of
// 255 per channel and a mean under 0.05 (float rounding of the WebGPU and CPU kernels, 6 steps).
test(
  'without JSPI the asyncify WebGPU images match the wasm ones for the same link, within 2 grey levels',
  { tag: '@no-jspi-only' },
  async ({ page, browser, baseURL }) => {
    test.setTimeout(360_000);
    // One image, as in backend.spec.ts: every kernel runs, at a quarter of SwiftShader's time.
    const same = link({ steps: 6, r: 0.5, seed: 11, class: 4, batch: 1 });
    await page.goto(same);
    await waitDone(page);
    await expect(page.getByTestId('backend')).toHaveText('Backend: WebGPU');
    const onGpu = await bothCanvases(page);

    // The same Chromium without the WebGPU flags and with JSPI: no adapter, so the page runs wasm.
    await expectMatchesWasm(browser, baseURL, same, onGpu, 'asyncify WebGPU');
  },
);
