// A 5x7 bitmap font for the words on the share preview image (preview.ts): no font
// file and no text renderer at build time, and the same pixels on every machine. Capitals, digits
// and the few signs the image needs; '×' is a small x ("1.6×"). Anything else is an error, so a
// label with a letter the font lacks fails the build instead of drawing a gap.

/** Each glyph: 7 rows of 5 pixels, '#' on, '.' off. */
const GLYPHS: Record<string, string> = {
  A: '.###. #...# #...# ##### #...# #...# #...#',
  B: '####. #...# #...# ####. #...# #...# ####.',
  C: '.###. #...# #.... #.... #.... #...# .###.',
  D: '###.. #..#. #...# #...# #...# #..#. ###..',
  E: '##### #.... #.... ####. #.... #.... #####',
  F: '##### #.... #.... ####. #.... #.... #....',
  G: '.###. #...# #.... #.### #...# #...# .####',
  H: '#...# #...# #...# ##### #...# #...# #...#',
  I: '.###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.',
  J: '..### ...#. ...#. ...#. ...#. #..#. .##..',
  K: '#...# #..#. #.#.. ##... #.#.. #..#. #...#',
  L: '#.... #.... #.... #.... #.... #.... #####',
  M: '#...# ##.## #.#.# #.#.# #...# #...# #...#',
  N: '#...# #...# ##..# #.#.# #..## #...# #...#',
  O: '.###. #...# #...# #...# #...# #...# .###.',
  P: '####. #...# #...# ####. #.... #.... #....',
  Q: '.###. #...# #...# #...# #.#.# #..#. .##.#',
  R: '####. #...# #...# ####. #.#.. #..#. #...#',
  S: '.#### #.... #.... .###. ....# ....# ####.',
  T: '##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..',
  U: '#...# #...# #...# #...# #...# #...# .###.',
  V: '#...# #...# #...# #...# #...# .#.#. ..#..',
  W: '#...# #...# #...# #.#.# #.#.# #.#.# .#.#.',
  X: '#...# #...# .#.#. ..#.. .#.#. #...# #...#',
  Y: '#...# #...# #...# .#.#. ..#.. ..#.. ..#..',
  Z: '##### ....# ...#. ..#.. .#... #.... #####',
  '0': '.###. #...# #..## #.#.# ##..# #...# .###.',
  '1': '..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.',
  '2': '.###. #...# ....# ...#. ..#.. .#... #####',
  '3': '##### ...#. ..#.. ...#. ....# #...# .###.',
  '4': '...#. ..##. .#.#. #..#. ##### ...#. ...#.',
  '5': '##### #.... ####. ....# ....# #...# .###.',
  '6': '..##. .#... #.... ####. #...# #...# .###.',
  '7': '##### ....# ...#. ..#.. .#... .#... .#...',
  '8': '.###. #...# #...# .###. #...# #...# .###.',
  '9': '.###. #...# #...# .#### ....# ...#. .##..',
  ' ': '..... ..... ..... ..... ..... ..... .....',
  '.': '..... ..... ..... ..... ..... .##.. .##..',
  ',': '..... ..... ..... ..... .##.. ..#.. .#...',
  ':': '..... .##.. .##.. ..... .##.. .##.. .....',
  '=': '..... ..... ##### ..... ##### ..... .....',
  '+': '..... ..#.. ..#.. ##### ..#.. ..#.. .....',
  '-': '..... ..... ..... ##### ..... ..... .....',
  '(': '...#. ..#.. .#... .#... .#... ..#.. ...#.',
  ')': '.#... ..#.. ...#. ...#. ...#. ..#.. .#...',
  '/': '..... ....# ...#. ..#.. .#... #.... .....',
  '%': '##... ##..# ...#. ..#.. .#... #..## ...##',
  '×': '..... ..... #...# .#.#. ..#.. .#.#. #...#',
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** One empty column between letters. */
export const ADVANCE = GLYPH_WIDTH + 1;

const BITS = new Map(
  Object.entries(GLYPHS).map(([ch, rows]) => {
    const r = rows.split(' ');
    if (r.length !== GLYPH_HEIGHT || r.some((row) => row.length !== GLYPH_WIDTH))
      throw new Error(`glyph ${JSON.stringify(ch)} is not ${GLYPH_WIDTH}x${GLYPH_HEIGHT}`);
    return [ch, r.map((row) => [...row].map((c) => c === '#'))];
  }),
);

/** Width in pixels of `text` drawn at `scale` (no trailing gap). */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * ADVANCE - 1) * scale;
}

/**
 * Calls `dot(x, y)` for every lit pixel of `text` (upper-cased; '×' kept) with its top-left
 * corner at (0, 0), each font pixel a `scale` x `scale` square.
 */
export function forEachTextPixel(text: string, scale: number, dot: (x: number, y: number) => void): void {
  const chars = [...text].map((c) => (c === '×' ? c : c.toUpperCase()));
  const missing = [...new Set(chars.filter((c) => !BITS.has(c)))];
  if (missing.length > 0)
    throw new Error(
      `the share image's font has no glyph for ${missing.map((c) => JSON.stringify(c)).join(', ')} (in ${JSON.stringify(text)})`,
    );
  chars.forEach((c, i) => {
    BITS.get(c)!.forEach((row, gy) =>
      row.forEach((on, gx) => {
        if (!on) return;
        for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) dot((i * ADVANCE + gx) * scale + dx, gy * scale + dy);
      }),
    );
  });
}
