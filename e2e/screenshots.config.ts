// Screenshots of the page with the shipped models for the README (not part of npm test):
//   npx vite build && npx playwright test -c e2e/screenshots.config.ts
// wasm backend (no WebGPU flags): the real models on SwiftShader WebGPU would take minutes.
import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../testing/browsers';
import { serveCommand, siteUrl } from '../testing/site';

// Its own port and sub-path: it may run beside the e2e suite (4174), and the QR code in the
// presentation screenshot encodes the link, whose path stays that of the committed pictures.
const PORT = 4175;
const SUB = 'tstitch';

export default defineConfig({
  testDir: '.',
  testMatch: 'screenshots.shot.ts',
  workers: 1,
  timeout: 900_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: { baseURL: siteUrl(PORT, SUB) },
  webServer: {
    command: serveCommand(PORT, SUB),
    url: `${siteUrl(PORT, SUB)}index.html`,
    reuseExistingServer: false,
    cwd: '..',
  },
  projects: [
    {
      name: 'screenshots',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM,
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
});
