// Two projects run the same spec files (e2e/README.md lists them): "webgpu" (SwiftShader WebGPU)
// and "fallback" (no WebGPU flags: the wasm fallback). A test for one backend only carries the tag
// @webgpu-only or @fallback-only; the other project leaves it out. One file, one project:
//   npx playwright test e2e/deploy/csp.spec.ts --project=fallback
import { defineConfig } from '@playwright/test';

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is never used.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// E2E_PORT: run two Playwright sessions side by side (e.g. while developing).
const PORT = Number(process.env.E2E_PORT ?? 4174);
// Nested, like a project page on a static host: the build must not assume it is served at /.
const SUB_PATH = 'some/nested/tstitch';
// Every spec file, in both projects (e2e/screenshots.shot.ts is not one: it has its own config).
const SPECS = '**/*.spec.ts';

const commonArgs = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  // A second name for this machine that is not localhost: over http it is an insecure context, like a
  // LAN address (e2e/deploy/insecureContext.spec.ts). Nothing else resolves differently.
  '--host-resolver-rules=MAP tstitch.test 127.0.0.1',
];
// Software WebGPU (SwiftShader over software Vulkan): see /work/shared/ENVIRONMENT.md.
const webgpuArgs = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
];

export default defineConfig({
  testDir: 'e2e',
  // Two cores shared with other work, and SwiftShader WebGPU takes seconds per model call.
  workers: 1,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/${SUB_PATH}/`,
    trace: 'retain-on-failure',
  },
  webServer: {
    // The BUILT app (npm run test:e2e builds first), served from a sub-path.
    command: `node e2e/static-server.mjs ${PORT} ${SUB_PATH}`,
    url: `http://127.0.0.1:${PORT}/${SUB_PATH}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  projects: [
    {
      name: 'webgpu',
      testMatch: SPECS,
      grepInvert: /@fallback-only/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...commonArgs, ...webgpuArgs] } },
    },
    {
      name: 'fallback',
      testMatch: SPECS,
      grepInvert: /@webgpu-only/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: commonArgs } },
    },
  ],
});
