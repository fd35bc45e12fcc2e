// The Vite plugin that builds the service worker (src/sw/sw.ts) into dist/sw.js: unhashed, at the
// root of the build next to index.html (its scope is the page's folder, and the page registers
// `new URL('sw.js', document.baseURI)`), as one classic script (a service worker registered
// without `type: 'module'` cannot import), with this build's list of files compiled in. A new
// release therefore changes sw.js, and browsers install its worker with its list.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';
import type { OfflineFiles } from '../src/offline/protocol.js';

/** The part of a chunk of the bundle this plugin reads. */
export interface ChunkLike {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}
export type BundleLike = Record<string, ChunkLike | { type: 'asset'; fileName: string }>;

/** The page's entry chunk, the chunks it imports statically, and their CSS: what loading index.html runs. */
export function pageFiles(bundle: BundleLike, page = 'index.html'): string[] {
  const chunks = Object.values(bundle).filter((f): f is ChunkLike => f.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry && (c.facadeModuleId ?? '').replaceAll('\\', '/').endsWith(`/${page}`));
  if (!entry) throw new Error(`service worker: no entry chunk for ${page} in the bundle`);
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const out = new Set<string>();
  const visit = (c: ChunkLike) => {
    if (out.has(c.fileName)) return;
    out.add(c.fileName);
    for (const css of c.viteMetadata?.importedCss ?? []) out.add(css);
    for (const name of c.imports) visit(byName.get(name)!);
  };
  visit(entry);
  return [...out];
}

/** The icons a web app manifest names, relative to the build's root (the manifest sits there). */
export function manifestIcons(json: string): string[] {
  const manifest = JSON.parse(json) as { icons?: { src?: unknown }[] };
  const base = new URL('https://build.invalid/');
  return (manifest.icons ?? []).flatMap((i) => (typeof i.src === 'string' ? [new URL(i.src, base).pathname.slice(1)] : []));
}

export const WEB_MANIFEST = 'manifest.webmanifest';

/**
 * Which of the build's files belong to the offline copy, decided as the page's visits use them:
 * the page and what it loads at once, the web app manifest and its icons in the shell; every
 * other file (the runtime worker's chunks, onnxruntime's builds, the model sets' JSON) optional,
 * kept when a visit used it. Model files and other pages (bench.html) never.
 */
export function offlineFiles(built: readonly string[], page: readonly string[], icons: readonly string[]): OfflineFiles {
  const shell = [...new Set(['./', ...page, WEB_MANIFEST, ...icons])]; // a manifest may name an icon twice (two purposes)
  const inShell = new Set(shell);
  const optional = built.filter((f) => !inShell.has(f) && !/\.(onnx|html?)$/i.test(f) && f !== 'sw.js');
  return { shell, optional: [...new Set(optional)].sort() };
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
  } catch {
    return []; // no public folder
  }
}

/** src/sw/sw.ts bundled on its own, minified like the app, `files` in place of `__OFFLINE_FILES__`. */
async function bundleServiceWorker(config: ResolvedConfig, entry: string, files: OfflineFiles): Promise<string> {
  const result = await build({
    configFile: false,
    root: config.root,
    logLevel: 'warn', // its warnings, if any, show in the build's output; not its progress lines
    publicDir: false,
    define: { __OFFLINE_FILES__: JSON.stringify(files) },
    build: {
      write: false,
      target: config.build.target,
      minify: config.build.minify,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: { input: join(config.root, entry), output: { format: 'iife', entryFileNames: 'sw.js' } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o) => o.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`service worker: expected one chunk, got ${chunks.map((c) => c.fileName).join(', ')}`);
  return chunks[0].code;
}

export function serviceWorker(entry = 'src/sw/sw.ts'): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'tstitch-service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle(_options, bundle) {
      const publicFiles = config.publicDir ? filesUnder(config.publicDir) : [];
      if (publicFiles.includes('sw.js')) this.error('public/sw.js would replace the built service worker: remove it');
      const webManifest = join(config.publicDir, WEB_MANIFEST);
      const icons = manifestIcons(readFileSync(webManifest, 'utf8'));
      const built = [...Object.keys(bundle), ...publicFiles];
      const files = offlineFiles(built, pageFiles(bundle as unknown as BundleLike), icons);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: await bundleServiceWorker(config, entry, files) });
    },
  };
}
