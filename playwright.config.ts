// Each project runs what is its to prove (e2e/README.md, "Which project proves what"). An untagged
// test is the page's behaviour whatever the backend: it runs once, in "fallback" (Chromium without
// WebGPU: wasm, the quick one). "webgpu" (SwiftShader WebGPU) runs the tests tagged @backend (one
// backend could fail them while the other passes) and @webgpu-only; "firefox" (Debian's Firefox ESR
// over WebDriver BiDi: wasm, JSPI present) runs @firefox (a path Gecko implements itself) and
// @firefox-only; "no-jspi" (Chromium's WebGPU without JSPI, Safari 26's path) runs @no-jspi-only.
// The WebKit smoke test is not a Playwright project: npm run test:webkit (e2e/webkit/smoke.ts).
// One file, one project:
//   npx playwright test e2e/deploy/csp.spec.ts --project=fallback
import { defineConfig } from '@playwright/test';
import { patchPlaywrightForFirefoxBidi } from './e2e/firefoxBidi';
import { CHROMIUM, CHROMIUM_ARGS, FIREFOX, TEST_HOST_ARGS, WEBGPU_ARGS } from './testing/browsers';
import { E2E_PORT, serveCommand, siteUrl } from './testing/site';

// The browsers, their flags, the port and the sub-path: testing/ (shared with the tools, which
// measure the same page the same way). Debian's Chromium and Firefox ESR (over WebDriver BiDi);
// Playwright's own browser downloads are never used.
const executablePath = CHROMIUM;
const firefoxPath = FIREFOX;
patchPlaywrightForFirefoxBidi();
// E2E_PORT: run two Playwright sessions side by side (e.g. while developing).
const PORT = E2E_PORT;
// Every spec file, in both projects (e2e/screenshots.shot.ts is not one: it has its own config).
const SPECS = '**/*.spec.ts';

// TEST_HOST_ARGS: tstitch.test, a second name for this machine (an insecure context over http).
const commonArgs = [...CHROMIUM_ARGS, ...TEST_HOST_ARGS];
const webgpuArgs = WEBGPU_ARGS;

export default defineConfig({
  testDir: 'e2e',
  // Two at a time: on this 2-core machine the whole e2e suite took 21.5 min with 2 workers against
  // 24.0 with 1 (at 1601f4e; the CPU is busy most of the time, so the gain is modest). Within a
  // file, tests still run in order.
  workers: 2,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: siteUrl(PORT),
    // CI keeps no artifacts, and recording a trace costs about 13% of a test's CPU (snapshots and
    // screencast at every action): off there; locally a failure leaves one to open.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
  },
  webServer: {
    // The BUILT app (npm run test:e2e builds first), served from a sub-path.
    command: serveCommand(PORT),
    url: `${siteUrl(PORT)}index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  projects: [
    {
      name: 'webgpu',
      testMatch: SPECS,
      // What each backend must prove (@backend), and WebGPU's own tests: e2e/README.md says which and why.
      grep: /@backend|@webgpu-only/,
      grepInvert: /@fallback-only|@no-jspi-only|@firefox-only/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...commonArgs, ...webgpuArgs] } },
    },
    {
      name: 'fallback',
      // Every test but the other projects' own: an untagged test (the page, whatever the backend) runs here only.
      testMatch: SPECS,
      grepInvert: /@webgpu-only|@no-jspi-only|@firefox-only/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: commonArgs } },
    },
    {
      // No navigator.gpu in Firefox on Linux: the wasm fallback, in Gecko.
      name: 'firefox',
      // One retry here only: in a clean-clone run at 15afc3e, Firefox 153 (driven over BiDi through the
      // patch in e2e/firefoxBidi.ts) left one model fetch of deploy/staleModels.spec.ts hanging for
      // 2 minutes; the same test then passed 3 of 3. A retried pass is listed as "flaky" in the output.
      retries: 1,
      // Only what Gecko must prove itself (@firefox, and @firefox-only): e2e/README.md says which and why.
      testMatch: SPECS,
      grep: /@firefox/,
      grepInvert: /@webgpu-only|@no-jspi-only|@chromium-only/,
      use: { browserName: 'firefox', channel: 'moz-firefox', launchOptions: { executablePath: firefoxPath } },
    },
    {
      // WebGPU (SwiftShader) without WebAssembly.Suspending: onnxruntime's asyncify build (e2e/noJspi.ts).
      name: 'no-jspi',
      testMatch: SPECS,
      grep: /@no-jspi-only/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...commonArgs, ...webgpuArgs] } },
    },
  ],
});
