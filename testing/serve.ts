// node --import tsx testing/serve.ts [port] [sub-path]: the built app (DIST_DIR, default dist/)
// at /sub-path/ with the test sites of e2e/deploy/ (testing/server.ts), until killed. Playwright's
// webServer (playwright.config.ts, e2e/screenshots.config.ts) and tools/site/lib/servedBuild.ts
// start it as a process of its own; a script that only needs a server calls serveStatic() instead.
// Prints "serving DIR at URL" once it listens: what those wait for.
import { runMain } from '../tools/lib/cli';
import { serveStatic } from './server';
import { DIST, E2E_PORT, SUB_PATH } from './site';

runMain('serve', async () => {
  const port = Number(process.argv[2] ?? E2E_PORT);
  const s = await serveStatic({ root: DIST, subPath: process.argv[3] ?? SUB_PATH, sites: true, port });
  console.log(`serving ${DIST} at ${s.url}`);
});
