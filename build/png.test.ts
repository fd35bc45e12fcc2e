import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunk, decodePng, encodePng, png } from './png';

const image = (width: number, height: number) => ({
  width,
  height,
  data: Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + (i >> 5) * 11) & 0xff),
});

/** PNG bytes with each row run through filter `filters[y % n]` (the encoder's direction), RGBA when `alpha`. */
function filteredPng(img: ReturnType<typeof image>, filters: number[], alpha = false): Buffer {
  const ch = alpha ? 4 : 3;
  const px = new Uint8Array(img.width * img.height * ch);
  for (let p = 0; p < img.width * img.height; p++) {
    px.set(img.data.subarray(p * 3, p * 3 + 3), p * ch);
    if (alpha) px[p * ch + 3] = 200;
  }
  const stride = img.width * ch;
  const raw = Buffer.alloc(img.height * (stride + 1));
  for (let y = 0; y < img.height; y++) {
    const f = filters[y % filters.length];
    raw[y * (stride + 1)] = f;
    for (let i = 0; i < stride; i++) {
      const a = i >= ch ? px[y * stride + i - ch] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = i >= ch && y > 0 ? px[(y - 1) * stride + i - ch] : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      raw[y * (stride + 1) + 1 + i] = (px[y * stride + i] - [0, a, b, (a + b) >> 1, paeth][f]) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr.set([8, alpha ? 6 : 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

describe('PNG writer and reader', () => {
  it('round-trips an RGB image of any size', () => {
    for (const [w, h] of [
      [1, 1],
      [7, 3],
      [64, 33],
    ]) {
      const img = image(w, h);
      const back = decodePng(encodePng(img));
      expect([back.width, back.height]).toEqual([w, h]);
      expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
    }
  });

  it('writes the same bytes every time, and png() draws from a pixel function', () => {
    const a = png(5, 4, (x, y) => [x * 50, y * 60, 7]);
    expect(a.equals(png(5, 4, (x, y) => [x * 50, y * 60, 7]))).toBe(true);
    const back = decodePng(a);
    expect(Array.from(back.data.subarray((2 * 5 + 3) * 3, (2 * 5 + 3) * 3 + 3))).toEqual([150, 120, 7]);
  });

  it('reads every row filter, and RGBA, as browsers write them', () => {
    const img = image(9, 10);
    for (const alpha of [false, true]) {
      const back = decodePng(filteredPng(img, [0, 1, 2, 3, 4], alpha));
      expect(Buffer.from(back.data).equals(Buffer.from(img.data)), `alpha ${alpha}`).toBe(true);
    }
  });

  it('refuses bad input with a clear message', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(5) })).toThrow(/expected 12 for 2x2 RGB/);
    expect(() => encodePng({ width: 0, height: 2, data: new Uint8Array(0) })).toThrow(/positive whole numbers/);
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow(/not a PNG/);
    const bytes = encodePng(image(3, 3));
    bytes[20] ^= 0xff; // inside IHDR
    expect(() => decodePng(bytes)).toThrow(/bad CRC/);
  });
});
