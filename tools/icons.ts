// npm run icons: the app's icons for its web app manifest (public/manifest.webmanifest), written
// as PNGs by this script alone (no image tool, no dependency): same bytes on every run.
//   public/icons/icon-192.png, icon-512.png: full-bleed, so they serve as "maskable" too (the
//   drawing stays inside the central 80% circle every mask keeps).
// The picture is the demo in one line: a trajectory that starts on the small model (orange) and
// ends on the large one (white on the large model's blue), with the hand-over point marked.
// Colours from src/ui/styles.css (Okabe-Ito): --large #0072b2, --small #e69f00.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];
const LARGE: Rgb = [0x00, 0x72, 0xb2];
const SMALL: Rgb = [0xe6, 0x9f, 0x00];
const WHITE: Rgb = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** An RGB PNG (8 bits per channel, no filter) of `size` x `size` pixels from `pixel(x, y)`. */
export function png(size: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

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
  return png(size, (x, y) => {
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

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'icons.ts')) {
  const dir = resolve(import.meta.dirname, '../public/icons');
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(dir, `icon-${size}.png`);
    writeFileSync(file, icon(size));
    console.log(`[icons] wrote ${file}`);
  }
}
