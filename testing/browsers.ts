// The browsers that the e2e tests (playwright.config.ts, e2e/) and the tools that open the page
// (tools/site/, tools/research/) drive, and the flags they start them with. They live here, once,
// so a test and a measurement of the same page always run the same browser the same way.
// Debian's packages (apt-get install chromium firefox-esr): Playwright's own browser downloads
// cannot be fetched on this project's machines, so they are never used.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's Chromium; CHROMIUM_PATH for another build. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Firefox ESR, driven over WebDriver BiDi (Playwright's channel moz-firefox); FIREFOX_PATH for another. */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Playwright's own --disable-features and --enable-features lists, read from its installed bundle
 * (pinned by package-lock.json); null where they cannot be found there. Chromium keeps only the last
 * of each switch on its command line, and Playwright puts its own first, so a list given here alone
 * would silently drop Playwright's (HttpsUpgrades, PaintHolding, ...): ours are merged into them.
 */
function playwrightFeatures(name: 'disabledFeatures' | 'enabledFeatures'): string[] | null {
  try {
    const bundle = readFileSync(createRequire(import.meta.url).resolve('playwright-core/lib/coreBundle'), 'utf8');
    const list = new RegExp(`\\b${name} = (?:\\(\\) => )?\\[([^\\]]*)\\]\\.filter\\(Boolean\\)`).exec(bundle)?.[1];
    const names = list?.match(/"[A-Za-z0-9]+"/g)?.map((q) => q.slice(1, -1));
    return names && names.length > 0 ? names : null;
  } catch {
    return null;
  }
}

/** `--disable-features` (or enable) with Playwright's list and `ours`; [] to disable where its list is unknown. */
function featureSwitch(kind: 'disable' | 'enable', ours: string[]): string[] {
  const theirs = playwrightFeatures(kind === 'disable' ? 'disabledFeatures' : 'enabledFeatures');
  if (!theirs) return kind === 'enable' ? [`--enable-features=${ours.join(',')}`] : [];
  return [`--${kind}-features=${[...theirs, ...ours].join(',')}`];
}

/**
 * Every Chromium run: no sandbox (the machines run as root), and none of the browser's own
 * background traffic, which would land in a test's request log or a measurement's timings. Nor
 * the address bar's popup, which Chromium 156 renders ahead for every window in a renderer of
 * its own (chrome://omnibox-popup, about 2 CPU-seconds a window): 13% of a fallback test's CPU.
 */
export const CHROMIUM_ARGS: string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  ...featureSwitch('disable', ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']),
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
  ...featureSwitch('enable', ['Vulkan']),
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
