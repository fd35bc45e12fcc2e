import { describe, expect, it } from 'vitest';
import { elfOffset, filesToLeaveBehind, icuSymbol, MiB, planParts, zeroIcuData } from './packLib';

describe('planParts', () => {
  it('keeps the kit whole when it fits beside the tree', () => {
    expect(planParts(20 * MiB, 30 * MiB, MiB)).toEqual({ room: 33 * MiB, parts: [20 * MiB] });
  });
  it('cuts it into as few equal parts as fit, which add up to the kit', () => {
    const kit = 24_798_822;
    const p = planParts(kit, 57_503_000, MiB);
    expect(p.parts).toHaveLength(3);
    expect(p.parts.reduce((s, x) => s + x, 0)).toBe(kit);
    expect(Math.max(...p.parts)).toBeLessThanOrEqual(p.room);
  });
  it('fails when the kit alone is over the limit, or the tree leaves no room', () => {
    expect(() => planParts(65 * MiB, 0, 0)).toThrow(/over the 64.00 MiB/);
    expect(() => planParts(MiB, 63.5 * MiB, 0)).toThrow(/less than 1 MiB/);
  });
});

describe('filesToLeaveBehind', () => {
  const tree = [
    { path: 'public/models/dit-l4.onnx', bytes: 21 * MiB },
    { path: 'public/models/dit-m4.onnx', bytes: 7 * MiB },
    { path: 'training/checkpoints/dit-l4.pt', bytes: 10 * MiB },
    { path: 'training/checkpoints/dit-l2.pt', bytes: 5 * MiB },
    { path: 'docs/screenshots/desktop.png', bytes: 1 * MiB },
    { path: 'src/core/plan.ts', bytes: 0.1 * MiB },
  ];
  const needed = ['public/models/dit-l4.onnx', 'training/checkpoints/dit-l4.pt', 'src/'];
  it('names the largest files the run does not read until the kit fits in one call', () => {
    // tree 44.1 MiB + kit 24 + margin 1 = 69.1: 5.1 MiB over, so dit-m4 (7) is enough.
    expect(filesToLeaveBehind(tree, needed, 24 * MiB, MiB).map((f) => f.path)).toEqual(['public/models/dit-m4.onnx']);
    expect(filesToLeaveBehind(tree, needed, 30 * MiB, MiB).map((f) => f.path)).toEqual([
      'public/models/dit-m4.onnx',
      'training/checkpoints/dit-l2.pt',
    ]);
    expect(filesToLeaveBehind(tree, needed, 10 * MiB, MiB)).toEqual([]);
  });
  it('fails when even that is not enough', () => {
    expect(() => filesToLeaveBehind(tree, needed, 40 * MiB, MiB)).toThrow(/over 64.00 MiB/);
  });
});

describe("Node's ICU data", () => {
  it('finds the icudt symbol in nm -S output', () => {
    const nm = '0000000001d05000 0000000000025000 T ecp_nistz256_precomputed\n000000000330a4c0 0000000001f92d30 R icudt78_dat\n';
    expect(icuSymbol(nm)).toEqual({ name: 'icudt78_dat', address: 0x330a4c0, size: 0x1f92d30 });
    expect(icuSymbol('0000000001d05000 0000000000025000 T main\n')).toBeUndefined();
  });

  /** A minimal ELF64: a null section and one PROGBITS section at address 0x1000, file offset 0x200. */
  function elf(withIcu: boolean): Uint8Array {
    const b = new Uint8Array(0x400);
    const v = new DataView(b.buffer);
    b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    v.setBigUint64(0x28, 0x80n, true); // e_shoff
    v.setUint16(0x3a, 64, true);
    v.setUint16(0x3c, 2, true);
    const sh = 0x80 + 64;
    v.setUint32(sh + 4, 1, true);
    v.setBigUint64(sh + 0x10, 0x1000n, true);
    v.setBigUint64(sh + 0x18, 0x200n, true);
    v.setBigUint64(sh + 0x20, 0x100n, true);
    b.fill(7, 0x200, 0x300);
    if (withIcu) b.set([0x90, 0x00, 0xda, 0x27, 0, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('CmnD')], 0x210);
    return b;
  }

  it('maps an address to its file offset and zeroes only the ICU package', () => {
    const b = elf(true);
    expect(elfOffset(b, 0x1010)).toBe(0x210);
    expect(() => elfOffset(b, 0x2000)).toThrow(/in no section/);
    expect(zeroIcuData(b, { address: 0x1010, size: 0x40 })).toBe(0x210);
    expect(b.subarray(0x210, 0x250).every((x) => x === 0)).toBe(true);
    expect(b[0x20f]).toBe(7);
    expect(b[0x250]).toBe(7);
  });

  it('refuses bytes that are not an ICU package', () => {
    expect(() => zeroIcuData(elf(false), { address: 0x1010, size: 0x40 })).toThrow(/no ICU common data/);
  });
});
