// The kit's arithmetic (tools/gpu/pack.ts): what travels to the GPU machine, how the kit is cut
// into parts that fit beside the repository, and Node's ICU data left out of its binary. Pure.

export const MiB = 1024 * 1024;
/** What one call to the GPU machine carries at most: the repository's working tree plus `carry`. */
export const TRAVEL_LIMIT = 64 * MiB;

export const mib = (bytes: number) => `${(bytes / MiB).toFixed(2)} MiB`;

export interface PartPlan {
  /** Bytes of kit one call can carry beside the working tree. */
  room: number;
  /** Byte length of each part, in order; they add up to the kit. */
  parts: number[];
}

/** The kit cut into as few equal parts as fit in what a call carries beside `treeBytes`. */
export function planParts(kitBytes: number, treeBytes: number, marginBytes: number, limit = TRAVEL_LIMIT): PartPlan {
  if (kitBytes > limit) throw new Error(`the kit is ${mib(kitBytes)}, over the ${mib(limit)} a call carries: drop something (see --help)`);
  const room = limit - treeBytes - marginBytes;
  if (room < MiB) throw new Error(`the working tree is ${mib(treeBytes)}: less than 1 MiB of the ${mib(limit)} is left for the kit`);
  const n = Math.ceil(kitBytes / room);
  const size = Math.ceil(kitBytes / n);
  return { room, parts: Array.from({ length: n }, (_, i) => Math.min(size, kitBytes - i * size)) };
}

export interface TreeFile {
  path: string;
  bytes: number;
}

/**
 * The largest files of the working tree that the measurement does not read, in the order to move
 * out, until the kit fits in one call; empty when it already does. `needed` are paths (or folders
 * ending in /) the run reads on the GPU machine.
 */
export function filesToLeaveBehind(
  tree: TreeFile[],
  needed: string[],
  kitBytes: number,
  marginBytes: number,
  limit = TRAVEL_LIMIT,
): TreeFile[] {
  const treeBytes = tree.reduce((s, f) => s + f.bytes, 0);
  let excess = treeBytes + kitBytes + marginBytes - limit;
  const out: TreeFile[] = [];
  const isNeeded = (p: string) => needed.some((n) => (n.endsWith('/') ? p.startsWith(n) : p === n));
  for (const f of [...tree].filter((f) => !isNeeded(f.path)).sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path))) {
    if (excess <= 0) break;
    out.push(f);
    excess -= f.bytes;
  }
  if (excess > 0)
    throw new Error(`even without every file the run does not read, the tree and the kit are ${mib(excess)} over ${mib(limit)}`);
  return out;
}

/** Lines of `nm -S` output: the ICU data symbol's address and size (icudtNN_dat). */
export function icuSymbol(nm: string): { name: string; address: number; size: number } | undefined {
  for (const line of nm.split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) [RrDd] (icudt\d+[lb]?_dat)$/.exec(line.trim());
    if (m) return { name: m[3], address: parseInt(m[1], 16), size: parseInt(m[2], 16) };
  }
  return undefined;
}

/** The file offset of virtual address `address` in a 64-bit little-endian ELF, from its section headers. */
export function elfOffset(elf: Uint8Array, address: number): number {
  const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  if (v.getUint32(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) throw new Error('not a 64-bit little-endian ELF file');
  const shoff = Number(v.getBigUint64(0x28, true));
  const shentsize = v.getUint16(0x3a, true);
  const shnum = v.getUint16(0x3c, true);
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * shentsize;
    const type = v.getUint32(h + 4, true);
    const addr = Number(v.getBigUint64(h + 0x10, true));
    const offset = Number(v.getBigUint64(h + 0x18, true));
    const size = Number(v.getBigUint64(h + 0x20, true));
    if (type !== 8 /* NOBITS */ && addr > 0 && address >= addr && address < addr + size) return address - addr + offset;
  }
  throw new Error(`address 0x${address.toString(16)} is in no section of the file`);
}

/**
 * Zeroes Node's built-in ICU data (about 33 MB of its 86; ~8 MiB of the xz) in place, after
 * checking that the bytes there are an ICU common data package. Node with full ICU loads it only
 * when Intl, locale formatting or a legacy text encoding is used, which the measurement does not
 * (the kit's own run checks it); those would throw "Icu error".
 */
export function zeroIcuData(elf: Uint8Array, symbol: { address: number; size: number }): number {
  const at = elfOffset(elf, symbol.address);
  const magic = elf[at + 2] === 0xda && elf[at + 3] === 0x27 && new TextDecoder().decode(elf.subarray(at + 12, at + 16)) === 'CmnD';
  if (!magic) throw new Error(`no ICU common data (magic 0xda27, "CmnD") at file offset 0x${at.toString(16)}`);
  if (at + symbol.size > elf.length) throw new Error('the ICU data runs past the end of the file');
  elf.fill(0, at, at + symbol.size);
  return at;
}
