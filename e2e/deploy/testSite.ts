// A test site: dist/ mirrored with symbolic links (so it costs no copying) into a folder that
// the tests' server (testing/server.ts) serves at /sites/NAME/ on the tests' own origin. A test changes it between
// visits the way a release changes a host: files replaced under the same name, a new index.html
// before its scripts are uploaded, and what the host does (site.json: long cache lifetimes, the
// "single-page app" fallback that answers a missing file with index.html, a slow connection).
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sitesDir, type HostOptions } from '../../testing/server';
import { DIST } from '../../testing/site';
import { test } from '../fixtures';

/** The build the tests' server serves (DIST_DIR): tests read its files from here. */
export { DIST };
export type { HostOptions };

export interface TestSite {
  /** The site's address, ending in '/'. */
  url: string;
  /** Put a file into the deployment (replacing the link to dist/). */
  write(rel: string, data: string | Uint8Array): void;
  host(options: HostOptions): void;
  remove(): void;
}

function mirror(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) mirror(join(from, e.name), join(to, e.name));
    else symlinkSync(join(from, e.name), join(to, e.name));
  }
}

/** A fresh copy of dist/ as its own site, named after the test's project so both projects can run it. */
export function testSite(baseURL: string, name: string): TestSite {
  const site = `${name}-${test.info().project.name}`;
  const dir = join(sitesDir(Number(new URL(baseURL).port)), site);
  rmSync(dir, { recursive: true, force: true });
  mirror(DIST, dir);
  return {
    url: `${new URL(baseURL).origin}/sites/${site}/`,
    write: (rel, data) => {
      rmSync(join(dir, rel), { force: true }); // a link to dist/: never write through it
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), data);
    },
    host: (options) => writeFileSync(join(dir, 'site.json'), JSON.stringify(options)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
