import { expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM } from '../testing/browsers';

/**
 * The fixture models (tiny random-weight denoisers), few steps: SwiftShader WebGPU is slow.
 * The page uses a software WebGPU adapter (SwiftShader here) only when the link asks for it
 * (src/worker/backend.ts): every fixtures link of the tests does, so the webgpu project runs on
 * WebGPU; where there is no adapter (fallback project) it changes nothing.
 */
export const SOFTWARE_GPU = 'gpu=software';
/**
 * Every visit runs its settings once the models are open; `autorun=0` (src/page/urlSync.ts) opens
 * ready instead, so a test starts its own runs (the fixtures' default 50 steps take ~40 s on SwiftShader).
 */
export const WAIT = 'autorun=0';
export const FIXTURES = `./?models=fixtures&${SOFTWARE_GPU}&${WAIT}`;

/** Every request the page or its worker makes; the app must fetch only from its own origin. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (r) => urls.push(r.url()));
  return urls;
}

/** Wait until the models are open (Generate enabled) or an error shows, and fail with the error's text. */
export async function expectModelsOpen(page: Page, timeout = 120_000): Promise<void> {
  const ready = page.getByRole('button', { name: 'Generate', disabled: false });
  const alert = page.getByRole('alert');
  await expect(ready.or(alert).first()).toBeVisible({ timeout });
  expect(await alert.allTextContents(), 'errors on the page').toEqual([]);
}

export async function openFixtures(page: Page): Promise<void> {
  await page.goto(FIXTURES);
  await expect(page.getByRole('button', { name: 'Generate' })).toBeEnabled({ timeout: 120_000 });
}

/** Set steps, then the slider to `small` of them on the small model (keyboard, as a user would). */
export async function configure(page: Page, steps: number, small: number): Promise<void> {
  const stepsInput = page.getByRole('spinbutton', { name: 'Steps', exact: true });
  await stepsInput.fill(String(steps));
  await stepsInput.blur();
  const slider = page.getByRole('slider', { name: 'Small-model fraction' });
  await slider.focus();
  await slider.press('Home');
  for (let i = 0; i < small; i++) await slider.press('ArrowRight');
  await expect(page.getByTestId('fraction')).toContainText(`(${small} of ${steps} steps small)`);
}

export async function generate(page: Page, timeout = 180_000): Promise<void> {
  await page.getByRole('button', { name: 'Generate' }).click();
  await waitDone(page, timeout);
}

/** RGBA bytes of a canvas, found by its accessible name ("Stitched trajectory", "Large-only trajectory", ...). */
export async function canvasPixels(page: Page, name: string): Promise<number[]> {
  return page.getByRole('img', { name, exact: true }).evaluate((el) => {
    const c = el as HTMLCanvasElement;
    return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
  });
}

/** Drawn (opaque) and not a flat colour. */
export function expectNonBlank(rgba: number[]): void {
  expect(rgba.length).toBeGreaterThan(0);
  const alpha = rgba.filter((_, i) => i % 4 === 3);
  expect(Math.min(...alpha)).toBe(255);
  const red = new Set(rgba.filter((_, i) => i % 4 === 0));
  expect(red.size).toBeGreaterThan(1);
}

export async function expectTimings(page: Page): Promise<void> {
  await expect(page.getByTestId('time-stitched')).toHaveText(/^\d+\.\d\d s$/);
  await expect(page.getByTestId('time-baseline')).toHaveText(/^\d+\.\d\d s$/);
}

/** The Playwright project running the test: WebGPU on SwiftShader (slow) or the wasm fallback. */
export function onWebGpu(): boolean {
  return test.info().project.name === 'webgpu';
}

/** A fixtures link with settings in it: opening it runs them at once (a shared link). */
export function fixturesUrl(settings: Record<string, string | number>): string {
  const q = new URLSearchParams({ models: 'fixtures', gpu: 'software' });
  for (const [k, v] of Object.entries(settings)) q.set(k, String(v));
  return `./?${q}`;
}

/** Done, and the shared clock has caught up to the run's end (src/ui/stage/Replay.tsx), so the final images show. */
export async function waitDone(page: Page, timeout = 180_000): Promise<void> {
  await expect(page.getByTestId('status')).toHaveText('done', { timeout });
  await expect(page.locator('.replay[data-motion="catch-up"]')).toHaveCount(0, { timeout: 30_000 });
}

/** Open a link with settings and wait for the run it starts. */
export async function openAndRun(page: Page, settings: Record<string, string | number>, timeout = 180_000): Promise<void> {
  await page.goto(fixturesUrl(settings));
  await waitDone(page, timeout);
}

/**
 * Put the shared-clock replay where `trajectory` shows its 1-based `step`, with the keyboard: the
 * slider to the start, then Next step (steps of either trajectory, in clock order) until it does.
 */
export async function replayTo(page: Page, step: number, trajectory: 'stitched' | 'baseline' = 'stitched'): Promise<void> {
  const slider = page.getByRole('slider', { name: 'Replay time' });
  await slider.focus();
  await slider.press('End'); // End, then Home: a change even when the slider already reads 0
  await slider.press('Home');
  const label = page.getByTestId(`step-${trajectory}`);
  const next = page.getByRole('button', { name: 'Next step' });
  for (let i = 0; i < 10_000 && !new RegExp(`^Step ${step} of \\d+ ·`).test((await label.textContent()) ?? ''); i++) {
    await expect(next, `step ${step} of the ${trajectory} trajectory never shows`).toBeEnabled();
    await next.press('Enter');
  }
  await expect(label).toHaveText(new RegExp(`^Step ${step} of \\d+ ·`));
}

/** Both trajectories' canvases, stitched then baseline (large-only), as RGBA bytes. */
export async function bothCanvases(page: Page): Promise<number[]> {
  return [...(await canvasPixels(page, 'Stitched trajectory')), ...(await canvasPixels(page, 'Large-only trajectory'))];
}

/**
 * Opens `link` in the same Chromium without the WebGPU flags (no adapter: the page runs wasm) and
 * checks its images against `onGpu`, the WebGPU run's: onnxruntime's WebGPU and CPU kernels differ
 * in float rounding, so at most 2 grey levels of 255 per channel and a mean under 0.05.
 */
export async function expectMatchesWasm(
  browser: Browser,
  baseURL: string | undefined,
  link: string,
  onGpu: number[],
  label: string,
): Promise<void> {
  const plain = await browser.browserType().launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const cpuPage = await plain.newPage({ baseURL });
    await cpuPage.goto(link);
    await waitDone(cpuPage);
    await expect(cpuPage.getByTestId('backend')).toHaveText('Backend: wasm');
    const onCpu = await bothCanvases(cpuPage);
    expect(onCpu.length).toBe(onGpu.length);
    expectNonBlank(onGpu);
    const diffs = onGpu.map((v, i) => Math.abs(v - onCpu[i]));
    const max = Math.max(...diffs);
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    test.info().annotations.push({
      type: `${label} vs wasm, grey levels`,
      description: `max ${max}, mean ${mean.toFixed(4)} over ${diffs.length} channel values`,
    });
    expect(max, 'largest difference, grey levels of 255').toBeLessThanOrEqual(2);
    expect(mean, 'mean difference, grey levels of 255').toBeLessThan(0.05);
  } finally {
    await plain.close();
  }
}

/** The offline line tells the truth on a visit without a network: it runs from the stored copy, and nothing stored is called missing. */
export async function expectRunsFromOfflineCopy(page: Page): Promise<void> {
  const offline = page.getByTestId('offline-status');
  await expect(offline).toContainText('Ready: this visit runs from it, since the network did not answer', { timeout: 60_000 });
  await expect(offline).not.toContainText('not stored');
}

/** Open a folded part of the page (src/ui/Fold.tsx) by its summary line; its content renders when opened. */
export async function openFold(page: Page, title: string): Promise<void> {
  const fold = page.locator('details.fold').filter({ has: page.locator('summary', { hasText: title }) });
  if (!(await fold.evaluate((d) => (d as HTMLDetailsElement).open))) await fold.locator('summary').click();
  await expect(fold).toHaveAttribute('open', '');
}
