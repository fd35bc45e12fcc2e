// The parity command's function on the committed fixtures (CPU EP), which have torch reference cases.
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, measureParity } from './parity';

describe('measureParity', () => {
  it('matches each fixture to its torch case, and a folder against itself exactly', async () => {
    const r = await measureParity({ modelsDir: 'public/fixtures', against: 'public/fixtures', backends: ['cpu'] });
    expect(r.rows.map((row) => row.reference).sort()).toEqual([
      'public/fixtures/tiny-large.onnx',
      'public/fixtures/tiny-medium.onnx',
      'public/fixtures/tiny-small.onnx',
    ]);
    for (const row of r.rows) {
      expect(row.vsTorch.cpu).toBeLessThan(1e-4);
      expect(row.vsAgainst).toBe(0);
    }
  }, 60_000);

  it('maxAbsDiff refuses outputs of different sizes', () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(() => maxAbsDiff([1], [1, 2])).toThrow(/differ in length/);
  });
});
