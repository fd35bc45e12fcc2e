// npm run icons: the app's icons, written as PNGs by this script alone (no image tool, no
// dependency; the PNG writer is build/png.ts): same bytes on every run.
//   public/icons/icon-192.png, icon-512.png: the web app manifest's (public/manifest.webmanifest);
//   full-bleed, so they serve as "maskable" too (the drawing stays inside the central 80% circle
//   every mask keeps).
//   public/icons/favicon-32.png: the page's favicon (index.html), the same drawing at tab size.
// The picture is the demo in one line: a trajectory that starts on the small model (orange) and
// ends on the large one (white on the large model's blue), with the hand-over point marked.
// Colours from src/ui/styles.css (Okabe-Ito): --large #0072b2, --small #e69f00.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runMain } from '../tools/lib/cli';
import { png, type Rgb } from './png';

const LARGE: Rgb = [0x00, 0x72, 0xb2];
const SMALL: Rgb = [0xe6, 0x9f, 0x00];
const WHITE: Rgb = [0xff, 0xff, 0xff];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as unknown as Rgb;

/** Colour at (u, v) in [0, 1]^2, unsmoothed: the stroke from (0.2, 0.62) to (0.8, 0.38), orange up to 40% of its length. */
function scene(u: number, v: number): Rgb {
  const [x0, y0, x1, y1] = [0.2, 0.62, 0.8, 0.38];
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const t = Math.max(0, Math.min(1, ((u - x0) * dx + (v - y0) * dy) / len2));
  const d = Math.hypot(u - (x0 + t * dx), v - (y0 + t * dy));
  const [hx, hy] = [x0 + 0.4 * dx, y0 + 0.4 * dy]; // the hand-over point
  if (Math.hypot(u - hx, v - hy) < 0.075) return WHITE;
  if (Math.hypot(u - hx, v - hy) < 0.105) return LARGE;
  if (d < 0.055) return t < 0.4 ? SMALL : WHITE;
  return LARGE;
}

/** 4x4 supersampling: smooth edges, still deterministic. */
export function icon(size: number): Buffer {
  const n = 4;
  return png(size, size, (x, y) => {
    let acc: Rgb = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const c = scene((x + (i + 0.5) / n) / size, (y + (j + 0.5) / n) / size);
        acc = [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2]];
      }
    }
    return mix([0, 0, 0], [acc[0] / (n * n), acc[1] / (n * n), acc[2] / (n * n)], 1);
  });
}

export const ICON_SIZES = [192, 512] as const;
export const FAVICON_SIZE = 32;

/** Every file this script writes under public/icons/, with its bytes. */
export function iconFiles(): [string, Buffer][] {
  return [
    ...ICON_SIZES.map((size): [string, Buffer] => [`icon-${size}.png`, icon(size)]),
    [`favicon-${FAVICON_SIZE}.png`, icon(FAVICON_SIZE)],
  ];
}

// Tests may import iconFiles: the command runs only when this file is the one started.
runMain(
  'icons',
  () => {
    const dir = resolve(import.meta.dirname, '../public/icons');
    mkdirSync(dir, { recursive: true });
    for (const [name, bytes] of iconFiles()) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      console.log(`[icons] wrote ${file}`);
    }
  },
  { module: import.meta },
);
