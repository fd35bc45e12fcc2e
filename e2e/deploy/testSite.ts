// A test site: dist/ mirrored with symbolic links (so it costs no copying) into a folder that
// e2e/static-server.mjs serves at /sites/NAME/ on the tests' own origin. A test changes it between
// visits the way a release changes a host: files replaced under the same name, a new index.html
// before its scripts are uploaded, and what the host does (site.json: long cache lifetimes, the
// "single-page app" fallback that answers a missing file with index.html, a slow connection).
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from '../fixtures';

/** The build the static server serves (DIST_DIR, as in e2e/static-server.mjs): tests read its files from here. */
export const DIST = resolve(process.env.DIST_DIR ?? 'dist');

/** Where the static server looks for test sites: keep in step with sitesRoot in e2e/static-server.mjs. */
const sitesDir = (baseURL: string) => join(tmpdir(), `tstitch-e2e-sites-${new URL(baseURL).port}`);

export interface HostOptions {
  /** Answer a missing file with the site's index.html and status 200. */
  spaFallback?: boolean;
  /** Extra response headers by path ending, e.g. { '.onnx': { 'cache-control': 'max-age=31536000' } }. */
  headers?: Record<string, Record<string, string>>;
  /** Send every body at this rate: a slow connection, for the page and its workers alike. */
  bytesPerSecond?: number;
}

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
  const dir = join(sitesDir(baseURL), site);
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
