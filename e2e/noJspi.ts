// Safari 26's code path in Chromium: WebGPU without JSPI (JavaScript Promise Integration), so the
// runtime worker picks onnxruntime's asyncify build (src/worker/ortBuild.ts). Chromium 156 has no
// switch that turns JSPI off (--js-flags=--no-experimental-wasm-jspi and
// --disable-features=WebAssemblyJSPromiseIntegration both leave WebAssembly.Suspending in place, in
// the page and in workers), so it is removed by script before any of the app's code runs: in the
// page by an init script, and in the runtime worker (which init scripts do not reach) by serving its
// scripts with the same prelude, as deploy/workerProbe.ts does. Use with `serviceWorkers: 'block'`
// (a copy from the service worker's cache would skip the route).
import type { BrowserContext, Page } from '@playwright/test';

const PRELUDE = `delete WebAssembly.Suspending; delete WebAssembly.promising;\n`;

export async function withoutJspi(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: PRELUDE });
  // The worker's entry and the chunks it imports (worker-*.js, worker-ort.*.bundle.min-*.js).
  await context.route('**/assets/worker-*.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: PRELUDE + (await response.text()) });
  });
}

/** `typeof WebAssembly.Suspending` in the page and in every worker it runs. */
export async function jspiSeen(page: Page): Promise<string[]> {
  const inPage = await page.evaluate(() => typeof (WebAssembly as { Suspending?: unknown }).Suspending);
  const inWorkers = await Promise.all(
    page.workers().map((w) => w.evaluate(() => typeof (WebAssembly as { Suspending?: unknown }).Suspending)),
  );
  return [inPage, ...inWorkers];
}
