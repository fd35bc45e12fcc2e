import { defineConfig } from '@playwright/test';

// Debian's Chromium (apt-get install chromium); Playwright's own browser download is never used.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// E2E_PORT: run two Playwright sessions side by side (e.g. while developing).
const PORT = Number(process.env.E2E_PORT ?? 4174);
// Nested, like a project page on a static host: the build must not assume it is served at /.
const SUB_PATH = 'some/nested/tstitch';

const commonArgs = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  // A second name for this machine that is not localhost: over http it is an insecure context, like a
  // LAN address (e2e/deploy/insecureContext.ts). Nothing else resolves differently.
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
      testMatch: 'webgpu.spec.ts',
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...commonArgs, ...webgpuArgs] } },
    },
    {
      name: 'fallback',
      testMatch: 'fallback.spec.ts',
      use: { browserName: 'chromium', launchOptions: { executablePath, args: commonArgs } },
    },
  ],
});
