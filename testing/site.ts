// Where the tests' copy of the site lives: the built app, served from a nested sub-path on a
// local port. playwright.config.ts, the e2e specs and the tools that measure the built page
// (tools/site/) all take these from here, so they serve and request the same addresses.
import { resolve } from 'node:path';

/** Nested, like a project page on a static host: the build must not assume it is served at /. */
export const SUB_PATH = 'some/nested/tstitch';

/** The e2e suite's port; E2E_PORT runs two Playwright sessions side by side (e.g. while developing). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4174);

/** The build that is served (DIST_DIR, default dist/), relative to the working folder as the tests run. */
export const DIST = resolve(process.env.DIST_DIR ?? 'dist');

/** http://127.0.0.1:PORT/SUB/, the page's folder. */
export function siteUrl(port: number, subPath = SUB_PATH): string {
  return `http://127.0.0.1:${port}/${subPath}/`;
}

/**
 * The command that serves DIST at /SUB/ on `port` (testing/serve.ts), run from the repository's
 * root: Playwright's webServer and the screenshots' config start it; it prints a line with
 * "serving" once it listens.
 */
export function serveCommand(port: number, subPath = SUB_PATH): string {
  return `node --import tsx testing/serve.ts ${port} ${subPath}`;
}
