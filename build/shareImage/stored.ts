// Where a drawn share image is kept, and the key that says which models it was drawn from. The
// build never samples the shipped models when build/shareImage/ holds their picture (committed,
// written by `npm run share-image`): sampling 2 x 4 images of 50 steps took 2.7 s of a 5 s build,
// and gave the same bytes every time. Any other model set (a retrained pair not yet committed,
// another --models folder) is drawn once and kept in node_modules/.cache/ under its key.
// - The key is the sha256 of the set's manifest.json: it holds every model file's sha256, and the
//   names, classes, costs and defaults the picture and its words show.
// - Not in the key: the code that samples and draws (src/core, preview.ts). A change there that
//   moves pixels fails build/shareImage/stored.test.ts, which draws the picture again.
// Only node: here: build/shareImage/plugin.ts imports it, and vite.config.ts's loader wants
// every file it reaches to name its imports' extensions.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const OG_IMAGE = 'og-image.png';
export const OG_INFO = 'og-image.json';

/** Relative to the repository's root: the committed picture of the shipped models. */
export const COMMITTED_DIR = 'build/shareImage';
/** Relative to the repository's root: pictures of other sets, by key. */
export const CACHE_DIR = 'node_modules/.cache/tstitch-share-image';

/** What the page's tags need, and what the picture was drawn from. */
export interface ShareImageInfo {
  /** shareImageKey() of the set drawn. */
  key: string;
  width: number;
  height: number;
  /** The sentence og:description adds to the page's description. */
  description: string;
  alt: string;
  /** What sampled: package and execution provider. */
  runtime: string;
}

/** The sha256 (hex) of `modelsDir`/manifest.json. */
export function shareImageKey(modelsDir: string): string {
  return createHash('sha256')
    .update(readFileSync(join(modelsDir, 'manifest.json')))
    .digest('hex');
}

/** The picture kept in `dir` (its info and the PNG's path), if it is there. */
export function readStored(dir: string): { info: ShareImageInfo; png: string } | undefined {
  if (!existsSync(join(dir, OG_IMAGE))) return undefined;
  try {
    return { info: JSON.parse(readFileSync(join(dir, OG_INFO), 'utf8')) as ShareImageInfo, png: join(dir, OG_IMAGE) };
  } catch {
    return undefined; // no info, or not JSON: drawn again
  }
}

export function writeStored(dir: string, png: Uint8Array, info: ShareImageInfo): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, OG_IMAGE), png);
  writeFileSync(join(dir, OG_INFO), `${JSON.stringify(info, null, 2)}\n`);
}

/** The kept picture of the set in `modelsDir`: the committed one when its key matches, else the cache's. */
export function findStored(root: string, modelsDir: string): { info: ShareImageInfo; png: string } | undefined {
  const key = shareImageKey(modelsDir);
  for (const dir of [join(root, COMMITTED_DIR), join(root, CACHE_DIR, key)]) {
    const found = readStored(dir);
    if (found?.info.key === key) return found;
  }
  return undefined;
}
