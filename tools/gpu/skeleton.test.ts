// Skeletons: a synthetic ONNX file whose weights are tensors of a real torch checkpoint
// (training/checkpoints/dit-t4.pt, fp16), zeroed and restored byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { halfToFloat, makeSkeleton, onnxInitializers, rebuildModel, zipEntries } from './skeleton';

const CKPT = 'training/checkpoints/dit-t4.pt';

/** Protobuf encoding, just enough for ModelProto.graph.initializer. */
const varint = (v: number): number[] => {
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
};
const len = (no: number, payload: Uint8Array | number[]) => [...varint(no * 8 + 2), ...varint(payload.length), ...payload];
const num = (no: number, v: number) => [...varint(no * 8), ...varint(v)];
function tensor(name: string, dims: number[], data: Float32Array, packedDims = false): number[] {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return [
    ...(packedDims ? len(1, dims.flatMap(varint)) : dims.flatMap((d) => num(1, d))),
    ...num(2, 1),
    ...len(8, [...new TextEncoder().encode(name)]),
    ...len(9, raw),
  ];
}
function model(tensors: number[][]): Uint8Array {
  const graph = tensors.flatMap((t) => len(5, t));
  return Uint8Array.from([...num(1, 8), ...len(7, [...len(1, [1, 2, 3]), ...graph]), ...len(8, [...num(2, 17)])]);
}

describe('halfToFloat', () => {
  it('converts normal, subnormal and special halves exactly', () => {
    const h = Uint16Array.from([0x3c00, 0xc000, 0x0001, 0x03ff, 0x0400, 0x7bff, 0x7c00, 0xfc00, 0x8000, 0x0000, 0x3555]);
    const f = halfToFloat(h);
    expect([...f.slice(0, 6)]).toEqual([1, -2, 2 ** -24, 1023 * 2 ** -24, 2 ** -14, 65504]);
    expect(f[6]).toBe(Infinity);
    expect(f[7]).toBe(-Infinity);
    expect(Object.is(f[8], -0)).toBe(true);
    expect(f[9]).toBe(0);
    expect(f[10]).toBeCloseTo(0.33325, 5);
    expect(Number.isNaN(halfToFloat(Uint16Array.of(0x7e00))[0])).toBe(true);
  });
});

describe('skeletons', () => {
  const ckpt = readFileSync(CKPT); // a Buffer: its slice() is a view, which the code must not rely on
  const entries = zipEntries(ckpt);
  const fp16 = (name: string) => {
    const e = entries.get(name)!;
    return halfToFloat(new Uint16Array(new Uint8Array(ckpt.subarray(e.at, e.at + e.length)).buffer));
  };

  it('reads the stored entries of a torch checkpoint', () => {
    expect(entries.get('ema/data/0')?.length).toBe(3136);
    expect(entries.get('ema/data/2')?.length).toBe(64);
    expect(new TextDecoder().decode(ckpt.subarray(entries.get('ema/byteorder')!.at, entries.get('ema/byteorder')!.at + 6))).toBe('little');
  });

  it('zeroes the weights found in the checkpoint (also transposed) and rebuilds the file exactly', () => {
    const a = fp16('ema/data/0'); // 1568 values
    const b = fp16('ema/data/3'); // 1024 values, stored as [32, 32]: its transpose is another matrix
    const bT = new Float32Array(1024);
    for (let i = 0; i < 32; i++) for (let j = 0; j < 32; j++) bT[i * 32 + j] = b[j * 32 + i];
    const other = Float32Array.from({ length: 300 }, (_, i) => i / 7); // in no checkpoint entry
    const small = fp16('ema/data/2'); // 32 values: under the size worth a recipe line
    const file = model([
      tensor('a', [1568], a),
      tensor('bT', [32, 32], bT, true),
      tensor('other', [300], other),
      tensor('small', [32], small),
    ]);

    expect(onnxInitializers(file).map((i) => [i.name, i.dims, i.length])).toEqual([
      ['a', [1568], 6272],
      ['bT', [32, 32], 4096],
      ['other', [300], 1200],
      ['small', [32], 128],
    ]);
    const { skeleton, recipe } = makeSkeleton(file, ckpt, { file: 'm.onnx', checkpoint: CKPT });
    expect(recipe.spans.map((s) => [s.entry, s.length, s.transpose])).toEqual([
      ['ema/data/0', 6272, undefined],
      ['ema/data/3', 4096, [32, 32]],
    ]);
    expect(skeleton.length).toBe(file.length);
    for (const s of recipe.spans) {
      expect(skeleton.subarray(s.at, s.at + s.length).every((x) => x === 0)).toBe(true);
      expect(file.subarray(s.at, s.at + s.length).some((x) => x !== 0)).toBe(true); // the input was not zeroed through a view
    }
    expect(Buffer.from(rebuildModel(Buffer.from(skeleton), ckpt, recipe)).equals(Buffer.from(file))).toBe(true);
  });

  it('refuses another checkpoint and a wrong result', () => {
    const file = model([tensor('a', [1568], fp16('ema/data/0'))]);
    const { skeleton, recipe } = makeSkeleton(file, ckpt, { file: 'm.onnx', checkpoint: CKPT });
    const changed = Buffer.from(ckpt);
    changed[changed.length - 100] ^= 1;
    expect(() => rebuildModel(skeleton, changed, recipe)).toThrow(/sha256 .* not the .* that m.onnx's skeleton was made from/);
    expect(() => rebuildModel(skeleton, ckpt, { ...recipe, sha256: '0'.repeat(64) })).toThrow(/rebuilt with sha256/);
  });
});
