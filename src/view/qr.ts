// The QR code of the page's link, as pixels: uqr (a small MIT encoder, no dependencies) makes the
// module matrix, this draws it with the quiet zone a phone's scanner needs. No network, no DOM.
import { encode } from 'uqr';

/** Light modules around the symbol, in modules: ISO/IEC 18004 asks for at least 4. */
export const QUIET_ZONE = 4;

export interface QrPixels {
  width: number;
  height: number;
  /** RGBA, row-major: black modules on white, opaque. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * The modules of `text` (true = dark), without a border. Error correction M (15%): a projected
 * code is read off a screen with glare and keystone, and a link of a few hundred characters still
 * fits a version a phone reads from a distance.
 */
export function qrMatrix(text: string): boolean[][] {
  if (text.length === 0) throw new Error('Nothing to encode: the link is empty.');
  try {
    return encode(text, { ecc: 'M', border: 0 }).data;
  } catch (e) {
    throw new Error(`The link (${text.length} characters) does not fit in a QR code: ${(e as Error).message}`, { cause: e });
  }
}

/** The matrix drawn `scale` pixels per module, with `quiet` light modules on every side. */
export function qrPixels(modules: readonly (readonly boolean[])[], scale: number, quiet = QUIET_ZONE): QrPixels {
  const n = modules.length;
  if (n === 0 || modules.some((row) => row.length !== n))
    throw new Error(`A QR matrix is square: got ${n} rows of ${modules.map((r) => r.length).join(', ')} modules.`);
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`Pixels per module must be a whole number from 1: got ${scale}.`);
  if (!Number.isInteger(quiet) || quiet < 0) throw new Error(`The quiet zone is a whole number of modules: got ${quiet}.`);
  const side = (n + 2 * quiet) * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255); // white, opaque
  for (let y = 0; y < side; y++) {
    const row = modules[Math.floor(y / scale) - quiet];
    if (!row) continue; // the quiet zone above and below
    for (let x = 0; x < side; x++) {
      if (!row[Math.floor(x / scale) - quiet]) continue;
      const i = (y * side + x) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
    }
  }
  return { width: side, height: side, rgba };
}
