// The Vite plugin for share previews: og-image.png, the stitched and large-only final images side
// by side, sampled from the shipped models at build time (tools/og-image.ts, drawing with
// tools/lib/sharePreview.ts), and the Open Graph and Twitter image tags, with a description that
// carries that image's numbers, in index.html. index.html holds the fixed tags itself.
// - The sampling runs in a process of its own (node --import tsx tools/og-image.ts), started with
//   the build, so it overlaps the bundling; and this file imports nothing but node: and vite, as
//   Vite's native config loader wants of everything vite.config.ts imports (the core's modules
//   name no file extensions).
// - og-image.png is written after the bundle (writeBundle), so the service worker's file list
//   (tools/vite/serviceWorker.ts, which reads the bundle) never names it: the page never fetches
//   it, so it is neither in the offline copy nor in a visit's bytes.
// - og:image must be absolute (Open Graph); the app may be deployed to any host and sub-path, so
//   SITE_URL (the page's public address, set at build time) makes it absolute; without it the tag
//   is relative to the page, which many crawlers resolve but the spec does not promise.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import type { OgImageResult } from '../og-image.js';

export const OG_IMAGE = 'og-image.png';

/** SITE_URL as the page's folder (ending in '/'); a clear error for anything but an http(s) address. */
export function siteBase(value: string | undefined): URL | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`SITE_URL=${JSON.stringify(value)} is not an address; give the page's public URL, e.g. https://example.org/tstitch/`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`SITE_URL must be an http(s) address, got ${JSON.stringify(value)}`);
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
  return m[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The tags the plugin adds to index.html, as [attribute, its value, content]. */
export function shareTags(image: Pick<OgImageResult, 'width' | 'height' | 'description' | 'alt'>, pageDescription: string, site: URL | undefined): [string, string, string][] {
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

/** Runs tools/og-image.ts; resolves to what it printed. */
function renderImage(root: string, modelsDir: string, out: string): Promise<OgImageResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/og-image.ts'), '--models', modelsDir, '--out', out], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`share image: tools/og-image.ts exited with ${code}: ${stderr.trim() || '(no message)'}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as OgImageResult);
      } catch {
        reject(new Error(`share image: tools/og-image.ts printed no result: ${stdout.trim()} ${stderr.trim()}`));
      }
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
  let tmp: string | undefined;
  let rendering: Promise<OgImageResult> | undefined;
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
      tmp = mkdtempSync(join(tmpdir(), 'tstitch-og-'));
      rendering = renderImage(config.root, options.modelsDir ?? join(config.publicDir, 'models'), join(tmp, OG_IMAGE));
      rendering.catch(() => {}); // awaited, and reported, below; not an unhandled rejection meanwhile
    },
    async transformIndexHtml(html, ctx) {
      if (!ctx.filename.replaceAll('\\', '/').endsWith('/index.html')) return;
      const image = await result();
      return shareTags(image, pageDescriptionOf(html), site).map(([key, name, content]) => ({ tag: 'meta', attrs: { [key]: name, content }, injectTo: 'head' as const }));
    },
    async writeBundle(out) {
      const image = await result();
      const file = join(out.dir ?? config.build.outDir, OG_IMAGE);
      copyFileSync(image.file, file);
      config.logger.info(`[share image] ${file} (${image.runtime}); og:image ${site ? new URL(OG_IMAGE, site).href : 'relative (set SITE_URL for an absolute one)'}`);
    },
    closeBundle() {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
