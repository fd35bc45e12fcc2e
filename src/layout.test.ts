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
const ALLOWED: Record<string, { code: string[]; types?: string[]; packages: RegExp }> = {
  core: { code: ['core'], packages: NONE },
  // @noble/hashes: sha256 where crypto.subtle is missing (a page on plain HTTP), src/models/fileChecks.ts.
  models: { code: ['core', 'models'], packages: /^(zod\/mini|@noble\/hashes\/sha2\.js)$/ },
  worker: { code: ['core', 'models', 'offline', 'worker'], packages: /^onnxruntime-web/ },
  client: { code: ['client'], types: ['core', 'models', 'worker'], packages: NONE },
  // uqr: the QR code of presentation mode (src/ui/presentation/qr.ts), drawn in the page.
  ui: { code: ['core', 'models', 'client', 'offline', 'ui'], types: ['worker'], packages: /^(react|react-dom|zustand|@tanstack\/react-query|uqr)(\/|$)/ },
  bench: { code: ['core', 'models', 'client'], types: ['worker'], packages: NONE },
  // What the service worker, the runtime worker and the page share about the offline copy (pure).
  offline: { code: ['offline'], packages: NONE },
  // The service worker: its own global scope, so nothing of the page's or the runtime worker's.
  sw: { code: ['offline', 'sw'], packages: NONE },
};

/** The page's modules that are pure TypeScript, which the tools may use (see the last test). */
const PURE_UI = new Set(['src/ui/draw', 'src/ui/runPlans', 'src/ui/settings', 'src/ui/pageText']);

describe('src/ layout', () => {
  for (const [folder, rule] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only what its environment has`, () => {
      const wrong = files(`src/${folder}`).flatMap((file) =>
        imports(file)
          .filter(({ target, typeOnly, spec }) => {
            if (!spec.startsWith('.')) return !rule.packages.test(spec); // a package
            const into = folderOf(target);
            return !(rule.code.includes(into) || (typeOnly && rule.types?.includes(into)));
          })
          .map(({ spec }) => `${file} -> ${spec}`),
      );
      expect(wrong).toEqual([]);
    });
  }

  it('only src/worker/ortWeb.ts imports onnxruntime in the app; nothing outside src/ui imports it', () => {
    const all = ['core', 'models', 'worker', 'client', 'ui', 'bench', 'offline', 'sw'].flatMap((f) => files(`src/${f}`));
    expect(all.filter((f) => imports(f).some((i) => i.spec.startsWith('onnxruntime')))).toEqual(['src/worker/ortWeb.ts']);
    // Outside the page, only its pure modules (no React, no store): the plan the settings make, the
    // pixels a frame draws as, the first screen's words. The share preview (tools/lib/sharePreview.ts)
    // samples the page's default run through them, and the built index.html carries those words.
    const outside = [...all.filter((f) => !f.startsWith('src/ui/')), ...files('tools')];
    const wrong = outside.flatMap((f) => imports(f).filter((i) => folderOf(i.target) === 'ui' && !PURE_UI.has(i.target.replace(/\.js$/, ''))).map((i) => `${f} -> ${i.spec}`));
    expect(wrong).toEqual([]);
    for (const pure of PURE_UI) {
      const file = `${pure}.ts`;
      expect(imports(file).filter((i) => !i.spec.startsWith('.') || !['core', 'models', 'ui', 'worker'].includes(folderOf(i.target)) || (folderOf(i.target) === 'ui' && !PURE_UI.has(i.target) && !i.typeOnly)), file).toEqual([]);
    }
  });
});
