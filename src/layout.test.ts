// The folders under src/ say where their code runs (docs/ARCHITECTURE.md); these are the import
// rules that keep it so, checked on the source text.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of a file: the folder under src/ it lands in, and whether it is `import type`. */
function imports(file: string): { target: string; typeOnly: boolean; spec: string }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  // Static imports and re-exports, and dynamic import('...') (a chunk loaded only when needed).
  const found = [
    ...[...text.matchAll(/^(import|export)(\s+type)?[^'"]*from\s+'([^']+)'/gm)].map((m) => ({ spec: m[3], typeOnly: Boolean(m[2]) })),
    ...[...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => ({ spec: m[1], typeOnly: false })),
  ];
  return found.map(({ spec, typeOnly }) => {
    const target = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec;
    return { target, typeOnly, spec };
  });
}

const folderOf = (path: string) => (path.startsWith('src/') ? path.split('/')[1] : path.split('/')[0]);

/** Which src/ folders each folder may import code from (type-only imports are listed separately). */
const NONE = /^$/;
const ALLOWED: Record<string, { code: string[]; types?: string[]; packages: RegExp; typePackages?: RegExp }> = {
  core: { code: ['core'], packages: NONE },
  // @noble/hashes: sha256 where crypto.subtle is missing (a page on plain HTTP), src/models/fileChecks.ts.
  models: { code: ['core', 'models'], packages: /^(zod\/mini|@noble\/hashes\/sha2\.js)$/ },
  worker: { code: ['core', 'models', 'offline', 'worker'], packages: /^onnxruntime-web/ },
  client: { code: ['client'], types: ['core', 'models', 'worker'], packages: NONE },
  // The page's pure view: what it shows, computed (no React, no store, no DOM of the page's own);
  // the tools use it too. uqr: the QR code's modules (src/view/qr.ts), drawn by presentation mode.
  view: { code: ['core', 'models', 'view'], types: ['worker', 'client'], packages: /^uqr$/ },
  // The page's main thread without React: the store, the page runtime, the recorder, URL sync.
  // TanStack Query's client is handed in (its type only: the provider is React's).
  page: {
    code: ['core', 'models', 'client', 'offline', 'view', 'page'],
    types: ['worker', 'hash'],
    packages: /^zustand\/vanilla$/,
    typePackages: /^@tanstack\/react-query$/,
  },
  // Components only: they read the page through its context (src/ui/AppContext.tsx).
  ui: {
    code: ['core', 'models', 'client', 'view', 'page', 'ui'],
    types: ['worker', 'offline'],
    packages: /^(react|react-dom|zustand|@tanstack\/react-query)(\/|$)/,
  },
  bench: { code: ['core', 'models', 'client'], types: ['worker'], packages: NONE },
  // The hash worker: a local file's sha256 off the page's main thread (src/page/hashClient.ts starts it).
  hash: { code: ['models', 'hash'], packages: NONE },
  // What the service worker, the runtime worker and the page share about the offline copy (pure).
  offline: { code: ['offline'], packages: NONE },
  // The service worker: its own global scope, so nothing of the page's or the runtime worker's.
  sw: { code: ['offline', 'sw'], packages: NONE },
};
const FOLDERS = Object.keys(ALLOWED);

describe('src/ layout', () => {
  for (const [folder, rule] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only what its environment has`, () => {
      const wrong = files(`src/${folder}`).flatMap((file) =>
        imports(file)
          .filter(({ target, typeOnly, spec }) => {
            if (!spec.startsWith('.')) return !(rule.packages.test(spec) || (typeOnly && rule.typePackages?.test(spec)));
            const into = folderOf(target);
            return !(rule.code.includes(into) || (typeOnly && rule.types?.includes(into)));
          })
          .map(({ spec }) => `${file} -> ${spec}`),
      );
      expect(wrong).toEqual([]);
    });
  }

  it('only src/worker/ortWeb.ts imports onnxruntime in the app', () => {
    const all = FOLDERS.flatMap((f) => files(`src/${f}`));
    expect(all.filter((f) => imports(f).some((i) => i.spec.startsWith('onnxruntime')))).toEqual(['src/worker/ortWeb.ts']);
  });

  // The share preview (build/shareImage/preview.ts) samples the page's default run through src/view,
  // and the built index.html carries the first screen's words from it; the page's state and
  // components stay the page's.
  it('the tools may import src/view, never src/page or src/ui', () => {
    const wrong = ['tools', 'build', 'testing']
      .flatMap((d) => files(d))
      .flatMap((f) =>
        imports(f)
          .filter((i) => ['page', 'ui'].includes(folderOf(i.target)) && i.target.startsWith('src/'))
          .map((i) => `${f} -> ${i.spec}`),
      );
    expect(wrong).toEqual([]);
  });

  it('src/ui holds components only (.tsx), and every folder under src/ has its rule', () => {
    expect(files('src/ui').filter((f) => !f.endsWith('.tsx'))).toEqual([]);
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !FOLDERS.includes(f))).toEqual([]);
  });
});
