import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrMatrix, qrPixels } from './qr';

const LINK =
  'http://127.0.0.1:4174/some/nested/tstitch/?models=fixtures&gpu=software&r=0.4&steps=50&seed=12345&class=3&sampler=ddim&guidance=4&batch=4';

describe('the QR code of the link', () => {
  it('decodes back to the link it was made from (jsQR reads the drawn pixels)', () => {
    for (const text of [LINK, 'https://example.org/t-stitch/?r=1&steps=250&compare=fewer-steps', 'a']) {
      const image = qrPixels(qrMatrix(text), 4);
      const read = jsQR(image.rgba, image.width, image.height);
      expect(read?.data).toBe(text);
    }
  });

  it('draws a white quiet zone of 4 modules around black-on-white modules, scale pixels each', () => {
    const modules = qrMatrix(LINK);
    const n = modules.length;
    const scale = 3;
    const image = qrPixels(modules, scale);
    expect(image.width).toBe((n + 2 * QUIET_ZONE) * scale);
    expect(image.height).toBe(image.width);
    const at = (x: number, y: number) => Array.from(image.rgba.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));
    const band = QUIET_ZONE * scale;
    for (let i = 0; i < image.width; i++) {
      for (let j = 0; j < band; j++) {
        for (const [x, y] of [
          [i, j],
          [j, i],
          [i, image.width - 1 - j],
          [image.width - 1 - j, i],
        ])
          expect(at(x, y)).toEqual([255, 255, 255, 255]);
      }
    }
    // Every module's pixels take its colour (the top-left finder's corner is dark).
    expect(modules[0][0]).toBe(true);
    expect(at(band, band)).toEqual([0, 0, 0, 255]);
    for (let my = 0; my < n; my++) {
      for (let mx = 0; mx < n; mx++) {
        const v = modules[my][mx] ? 0 : 255;
        expect(at(band + mx * scale + scale - 1, band + my * scale + scale - 1)[0]).toBe(v);
      }
    }
  });

  it('says what is wrong with an empty link, a link too long for any QR code, a matrix that is not square or a bad scale', () => {
    expect(() => qrMatrix('')).toThrow('Nothing to encode');
    expect(() => qrMatrix('x'.repeat(5000))).toThrow('The link (5000 characters) does not fit in a QR code');
    expect(() => qrPixels([[true, false], [true]], 2)).toThrow('A QR matrix is square');
    expect(() => qrPixels([], 2)).toThrow('A QR matrix is square');
    expect(() => qrPixels([[true]], 0)).toThrow('Pixels per module must be a whole number from 1: got 0.');
    expect(() => qrPixels([[true]], 1.5)).toThrow('got 1.5');
    expect(() => qrPixels([[true]], 2, -1)).toThrow('quiet zone');
  });
});
