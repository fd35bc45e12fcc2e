// The Vite plugin for share previews: og-image.png, the stitched and large-only final images side
// by side, sampled from the shipped models (preview.ts, run by main.ts), and the Open Graph and
// Twitter image tags, with a description that carries that image's numbers, in index.html.
// index.html holds the fixed tags itself.
// - The picture is kept, not drawn by every build (stored.ts): the committed one in
//   build/shareImage/ when the models are the ones it was drawn from, else one in
//   node_modules/.cache/ by the manifest's sha256; only a set with neither is sampled, once, in a
//   process of its own (node --import tsx build/shareImage/main.ts) started with the build so it
//   overlaps the bundling. This file imports nothing but node:, vite and stored.ts, as Vite's
//   config loader wants of everything vite.config.ts imports (the core's modules name no file
//   extensions).
// - og-image.png is written after the bundle (writeBundle), so the service worker's file list
//   (build/serviceWorker.ts, which reads the bundle) never names it: the page never fetches it, so
//   it is neither in the offline copy nor in a visit's bytes.
// - og:image must be absolute (Open Graph); the app may be deployed to any host and sub-path, so
//   SITE_URL (the page's public address, set at build time) makes it absolute; without it the tag
//   is relative to the page, which many crawlers resolve but the spec does not promise.
import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { CACHE_DIR, findStored, OG_IMAGE, readStored, shareImageKey, type ShareImageInfo } from './stored.js';

/** SITE_URL as the page's folder (ending in '/'); a clear error for anything but an http(s) address. */
export function siteBase(value: string | undefined): URL | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`SITE_URL=${JSON.stringify(value)} is not an address; give the page's public URL, e.g. https://example.org/tstitch/`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`SITE_URL must be an http(s) address, got ${JSON.stringify(value)}`);
  url.search = '';
  url.hash = '';
  // https://host/app and https://host/app/index.html both mean the folder https://host/app/.
  if (!url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/index\.html?$/i, '') + '/';
  return url;
}

/** The page's <meta name="description"> (index.html), which og:description starts with. */
export function pageDescriptionOf(html: string): string {
  const m = /<meta\s+name="description"\s+content="([^"]+)"/i.exec(html);
  if (!m) throw new Error('index.html needs <meta name="description" content="..."> (the share preview\'s description starts with it)');
  return m[1]
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The tags the plugin adds to index.html, as [attribute, its value, content]. */
export function shareTags(
  image: Pick<ShareImageInfo, 'width' | 'height' | 'description' | 'alt'>,
  pageDescription: string,
  site: URL | undefined,
): [string, string, string][] {
  const src = site ? new URL(OG_IMAGE, site).href : `./${OG_IMAGE}`;
  const description = `${pageDescription} ${image.description}`;
  return [
    ...(site ? [['property', 'og:url', site.href] as [string, string, string]] : []),
    ['property', 'og:description', description],
    ['property', 'og:image', src],
    ['property', 'og:image:type', 'image/png'],
    ['property', 'og:image:width', String(image.width)],
    ['property', 'og:image:height', String(image.height)],
    ['property', 'og:image:alt', image.alt],
    ['name', 'twitter:description', description],
    ['name', 'twitter:image', src],
    ['name', 'twitter:image:alt', image.alt],
  ];
}

interface Kept {
  info: ShareImageInfo;
  png: string;
  /** Where it came from, for the build's log. */
  source: string;
}

/** Runs main.ts for the set in `modelsDir`, into the cache under its key; resolves to what it kept. */
function drawInto(root: string, modelsDir: string): Promise<Kept> {
  const out = join(root, CACHE_DIR, shareImageKey(modelsDir));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'build/shareImage/main.ts'), '--models', modelsDir, '--out', out],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const kept = code === 0 ? readStored(out) : undefined;
      if (!kept) return reject(new Error(`share image: build/shareImage/main.ts exited with ${code}: ${stderr.trim() || '(no message)'}`));
      resolve({ ...kept, source: `sampled now, kept in ${relative(root, out)}; npm run share-image commits the shipped models' picture` });
    });
  });
}

export interface OgImageOptions {
  /** The model set drawn; public/models by default. */
  modelsDir?: string;
  /** The page's public address; process.env.SITE_URL by default. */
  siteUrl?: string;
}

export function ogImage(options: OgImageOptions = {}): Plugin {
  let config: ResolvedConfig;
  let rendering: Promise<Kept> | undefined;
  const site = siteBase(options.siteUrl ?? process.env.SITE_URL);
  const result = () => {
    if (!rendering) throw new Error('share image: buildStart did not run');
    return rendering;
  };
  return {
    name: 'tstitch-og-image',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      const modelsDir = options.modelsDir ?? join(config.publicDir, 'models');
      const kept = findStored(config.root, modelsDir);
      rendering = kept ? Promise.resolve({ ...kept, source: relative(config.root, kept.png) }) : drawInto(config.root, modelsDir);
      rendering.catch(() => {}); // awaited, and reported, below; not an unhandled rejection meanwhile
    },
    async transformIndexHtml(html, ctx) {
      if (!ctx.filename.replaceAll('\\', '/').endsWith('/index.html')) return;
      const { info } = await result();
      return shareTags(info, pageDescriptionOf(html), site).map(([key, name, content]) => ({
        tag: 'meta',
        attrs: { [key]: name, content },
        injectTo: 'head' as const,
      }));
    },
    async writeBundle(out) {
      const kept = await result();
      const file = join(out.dir ?? config.build.outDir, OG_IMAGE);
      copyFileSync(kept.png, file);
      config.logger.info(
        `[share image] ${file} from ${kept.source} (${kept.info.runtime}); og:image ${site ? new URL(OG_IMAGE, site).href : 'relative (set SITE_URL for an absolute one)'}`,
      );
    },
  };
}
