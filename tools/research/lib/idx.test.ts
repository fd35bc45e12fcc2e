import { describe, expect, it } from 'vitest';
import { fashionMnistAvailable, loadFashionMnist, parseIdx } from './idx';

const idx = (dims: number[], values: number[]) => {
  const head = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(head.buffer);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  return Uint8Array.from([...head, ...values]);
};

describe('parseIdx', () => {
  it('reads big-endian dims and the bytes after the header', () => {
    const a = parseIdx(idx([2, 1, 3], [1, 2, 3, 4, 5, 255]));
    expect(a.dims).toEqual([2, 1, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 255]);
    expect(parseIdx(idx([300], new Array(300).fill(7))).dims).toEqual([300]);
  });

  it('rejects other types and truncated files, naming the file', () => {
    const float = idx([1], [0, 0, 0, 0]);
    float[2] = 0x0d;
    expect(() => parseIdx(float, 'f.idx')).toThrow(/f.idx: not an unsigned-byte idx file/);
    expect(() => parseIdx(idx([2, 2], [1, 2, 3]), 'g.idx')).toThrow(/g.idx: dims \[2, 2\] need 4 values but the file holds 3/);
  });
});

// No skip when the data is missing: CI installs it, and a missing package must fail loudly.
describe('Fashion-MNIST from the Debian package', () => {
  it('is installed', () => {
    expect(fashionMnistAvailable(), 'Fashion-MNIST is missing: apt-get install dataset-fashion-mnist (.ci/run installs it)').toBe(true);
  });
  it('loads test images in [-1, 1] with labels 0..9', () => {
    const t = loadFashionMnist('test', 1000);
    expect(t.n).toBe(1000);
    expect(t.images).toHaveLength(1000 * 784);
    let lo = Infinity,
      hi = -Infinity;
    for (const v of t.images) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBe(-1);
    expect(hi).toBe(1);
    expect(new Set(t.labels).size).toBe(10);
    expect(Array.from(t.labels.subarray(0, 5))).toEqual([9, 2, 1, 1, 6]); // the split's well-known first labels
  });
});
