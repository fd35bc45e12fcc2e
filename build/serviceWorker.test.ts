import { describe, expect, it } from 'vitest';
import { manifestIcons, offlineFiles, pageFiles, type BundleLike } from './serviceWorker';

const chunk = (fileName: string, o: { entry?: string; imports?: string[]; css?: string[] } = {}) => ({
  type: 'chunk' as const,
  fileName,
  isEntry: Boolean(o.entry),
  facadeModuleId: o.entry ?? null,
  imports: o.imports ?? [],
  viteMetadata: { importedCss: new Set(o.css ?? []) },
});
const asset = (fileName: string) => ({ type: 'asset' as const, fileName });

// The shape of this app's build: two pages, a shared chunk, the runtime worker's files as assets.
const BUNDLE: BundleLike = Object.fromEntries(
  [
    chunk('assets/index-a.js', { entry: '/app/index.html', imports: ['assets/manifest-b.js'], css: ['assets/index-c.css'] }),
    chunk('assets/manifest-b.js', { imports: ['assets/zod-d.js'] }),
    chunk('assets/zod-d.js'),
    chunk('assets/bench-e.js', { entry: '/app/bench.html', imports: ['assets/manifest-b.js'] }),
    chunk('assets/sha2-f.js'),
    asset('assets/index-c.css'),
    asset('assets/worker-g.js'),
    asset('assets/ort-wasm-h.wasm'),
    asset('index.html'),
    asset('bench.html'),
  ].map((f) => [f.fileName, f]),
);

describe('the offline copy of a build', () => {
  it("is the page's entry, what it imports statically and its CSS, not another page's", () => {
    expect(pageFiles(BUNDLE).sort()).toEqual(['assets/index-a.js', 'assets/index-c.css', 'assets/manifest-b.js', 'assets/zod-d.js']);
    expect(() => pageFiles(BUNDLE, 'missing.html')).toThrow('no entry chunk for missing.html');
  });

  it("reads the web app manifest's icons relative to the build's root, each once", () => {
    const json = JSON.stringify({ icons: [{ src: './icons/a.png' }, { src: 'icons/b.png' }, { src: 7 }] });
    expect(manifestIcons(json)).toEqual(['icons/a.png', 'icons/b.png']);
  });

  it('keeps the shell on every visit, the rest of the build only when used, and never models or other pages', () => {
    const built = [...Object.keys(BUNDLE), 'manifest.webmanifest', 'icons/a.png', 'models/manifest.json', 'models/tiny.onnx', 'sw.js'];
    const files = offlineFiles(built, pageFiles(BUNDLE), ['icons/a.png', 'icons/a.png']);
    expect(files.shell).toEqual([
      './',
      'assets/index-a.js',
      'assets/index-c.css',
      'assets/manifest-b.js',
      'assets/zod-d.js',
      'manifest.webmanifest',
      'icons/a.png',
    ]);
    expect(files.optional).toEqual([
      'assets/bench-e.js',
      'assets/ort-wasm-h.wasm',
      'assets/sha2-f.js',
      'assets/worker-g.js',
      'models/manifest.json',
    ]);
  });
});
