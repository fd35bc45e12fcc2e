// The browsers that the e2e tests (playwright.config.ts, e2e/) and the tools that open the page
// (tools/site/, tools/research/) drive, and the flags they start them with. They live here, once,
// so a test and a measurement of the same page always run the same browser the same way.
// Debian's packages (apt-get install chromium firefox-esr): Playwright's own browser downloads
// cannot be fetched on this project's machines, so they are never used.
import { existsSync } from 'node:fs';

/** Debian's Chromium; CHROMIUM_PATH for another build. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Firefox ESR, driven over WebDriver BiDi (Playwright's channel moz-firefox); FIREFOX_PATH for another. */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Every Chromium run: no sandbox (the machines run as root), and none of the browser's own
 * background traffic, which would land in a test's request log or a measurement's timings.
 */
export const CHROMIUM_ARGS: string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A second name for this machine that is not localhost: over http it is an insecure context, like
 * a LAN address (e2e/deploy/insecureContext.spec.ts). Nothing else resolves differently.
 */
export const TEST_HOST = 'tstitch.test';
export const TEST_HOST_ARGS: string[] = [`--host-resolver-rules=MAP ${TEST_HOST} 127.0.0.1`];

/** Software WebGPU (SwiftShader over software Vulkan; /work/shared/ENVIRONMENT.md): slow, but a real adapter. */
export const WEBGPU_ARGS: string[] = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
];

/** CHROMIUM, or an error that says how to get it (a tool's first line, not Playwright's launch error). */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return CHROMIUM;
}

/** FIREFOX, or an error that says how to get it. */
export function requireFirefox(): string {
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: apt-get install -y firefox-esr (or set FIREFOX_PATH)`);
  return FIREFOX;
}
