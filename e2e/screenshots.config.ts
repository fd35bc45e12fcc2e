// Screenshots of the page with the shipped models for the README (not part of npm test):
//   npx vite build && npx playwright test -c e2e/screenshots.config.ts
// wasm backend (no WebGPU flags): the real models on SwiftShader WebGPU would take minutes.
import { defineConfig } from '@playwright/test';

const PORT = 4175;

export default defineConfig({
  testDir: '.',
  testMatch: 'screenshots.shot.ts',
  workers: 1,
  timeout: 900_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${PORT}/tstitch/` },
  webServer: {
    command: `node e2e/static-server.mjs ${PORT} tstitch`,
    url: `http://127.0.0.1:${PORT}/tstitch/index.html`,
    reuseExistingServer: false,
    cwd: '..',
  },
  projects: [
    {
      name: 'screenshots',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
  ],
});
