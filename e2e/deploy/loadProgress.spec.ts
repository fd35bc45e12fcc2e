// 11.5 Progress covers every byte the page waits for, onnxruntime's wasm binary included (14 MB on
//      wasm, 17 MB with WebGPU: src/worker/ortBuild.ts),
//      from the first second. On a slow first visit the loading line names the file being
//      fetched and how much is left of everything the load needs, and it moves while the binary
//      downloads, long before the models are open. The host sends slowly (a test site of
//      testing/server.ts): DevTools' network throttling does not reliably reach the worker.
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { onWebGpu } from '../helpers';
import { testSite } from './testSite';

/** The onnxruntime build each project's browser loads: JSPI + WebGPU, or the CPU-only one. */
const binary = () =>
  onWebGpu()
    ? { name: /ort-wasm-simd-threaded\.jspi-[\w-]+\.wasm/, mb: '16.8', bytes: 16_758_545 }
    : { name: /ort-wasm-simd-threaded-[\w-]+\.wasm/, mb: '14.2', bytes: 14_239_897 };

/** Bytes per second of the slow connection: the binary takes about 10 s. */
const THROUGHPUT = 1_500_000;

/** "1.2 MB left of 28.8 MB" -> [1.2e6, 28.8e6] */
function leftOf(text: string): [number, number] {
  const unit = { B: 1, kB: 1e3, MB: 1e6 } as Record<string, number>;
  const m = /^([\d.]+) (B|kB|MB) left of ([\d.]+) (B|kB|MB)/.exec(text);
  if (!m) throw new Error(`not a "left of" text: ${text}`);
  return [Number(m[1]) * unit[m[2]], Number(m[3]) * unit[m[4]]];
}

test(
  "a slow first visit shows what is being fetched and how much is left, onnxruntime's wasm included, and it moves",
  { tag: '@backend' },
  async ({ page, baseURL }) => {
    test.setTimeout(360_000);
    const site = testSite(baseURL!, 'slow-connection');
    try {
      site.host({ bytesPerSecond: THROUGHPUT });
      await slowFirstVisit(page, site.url);
    } finally {
      site.remove();
    }
  },
);

/** The loading line from the first response on: the binary named, the total counting it, the count moving. */
async function slowFirstVisit(page: Page, url: string): Promise<void> {
  const started = Date.now();
  await page.goto(`${url}?models=fixtures&gpu=software&autorun=0`, { waitUntil: 'commit' });

  const now = page.getByTestId('loading-now');
  const left = page.getByTestId('loading-left');
  await expect(now).toContainText("onnxruntime's WebAssembly runtime (ort-wasm", { timeout: 30_000 });
  const firstSeen = (Date.now() - started) / 1000;
  test.info().annotations.push({ type: 'binary named on the page after', description: `${firstSeen.toFixed(1)} s` });
  const [left1, total] = leftOf((await left.textContent())!);
  const { name, mb, bytes } = binary();
  expect(total, 'the total counts the binary and both models').toBeGreaterThan(bytes);
  expect(left1, 'shown from the start: most of the binary is still to come').toBeGreaterThan(total / 2);
  await expect(page.getByTestId('loading-runtime')).toContainText(
    new RegExp(`${name.source}: [\\d.]+ (B|kB|MB) of ${mb.replace('.', '\\.')} MB`),
  );

  // It moves: less left a moment later, while the binary is still coming and the models are not open.
  await expect.poll(async () => leftOf((await left.textContent())!)[0], { timeout: 20_000 }).toBeLessThan(left1);
  await expect(now).toContainText("onnxruntime's WebAssembly runtime");
  await expect(page.getByRole('button', { name: 'Generate' })).toBeDisabled();

  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 240_000 });
  await expect(page.getByTestId('loading')).toHaveCount(0);
}
