// A model file as a "skeleton": its bytes with every weight that is a checkpoint tensor (fp16,
// upcast to fp32, maybe transposed) zeroed, plus a recipe to put them back from the checkpoint.
// The plain export's weights are all such tensors, and the checkpoints travel with the repository
// anyway, so the kit carries a few kilobytes per model instead of ~10 MiB (xz). Pure bytes in, out.
import { createHash } from 'node:crypto';

export interface Span {
  /** Where the tensor's raw_data starts in the model file, and its byte length. */
  at: number;
  length: number;
  /** The checkpoint zip entry (a tensor's storage, fp16) whose values these are. */
  entry: string;
  /** Set when the tensor is the storage's matrix transposed: the model's [rows, cols]. */
  transpose?: [number, number];
}

export interface Recipe {
  file: string;
  sha256: string;
  bytes: number;
  source: { path: string; sha256: string };
  spans: Span[];
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Protobuf: a varint at `at`, and where the next field starts. */
function varint(b: Uint8Array, at: number): [number, number] {
  let v = 0;
  let scale = 1;
  for (let i = at; i < b.length; i++) {
    v += (b[i] & 0x7f) * scale;
    if (b[i] < 0x80) return [v, i + 1];
    scale *= 128;
  }
  throw new Error(`truncated varint at byte ${at}`);
}

interface Field {
  no: number;
  /** Varint value, or the start of a length-delimited payload. */
  value: number;
  end: number;
  wire: number;
}

/** The top-level fields of a protobuf message in b[from, to). */
function* fields(b: Uint8Array, from: number, to: number): Generator<Field> {
  let at = from;
  while (at < to) {
    const [tag, next] = varint(b, at);
    const wire = tag & 7;
    const no = Math.floor(tag / 8);
    if (wire === 0) {
      const [value, end] = varint(b, next);
      yield { no, value, end, wire };
      at = end;
    } else if (wire === 2) {
      const [length, start] = varint(b, next);
      yield { no, value: start, end: start + length, wire };
      at = start + length;
    } else if (wire === 1 || wire === 5) {
      at = next + (wire === 1 ? 8 : 4);
    } else {
      throw new Error(`unsupported protobuf wire type ${wire} at byte ${at}`);
    }
    if (at > to) throw new Error(`protobuf field overruns its message at byte ${at}`);
  }
}

export interface Initializer {
  name: string;
  dims: number[];
  dataType: number;
  /** raw_data's byte range, when the tensor has one. */
  at?: number;
  length?: number;
}

/** ModelProto.graph (7) -> GraphProto.initializer (5) -> TensorProto dims (1), data_type (2), name (8), raw_data (9). */
export function onnxInitializers(model: Uint8Array): Initializer[] {
  const out: Initializer[] = [];
  for (const g of fields(model, 0, model.length)) {
    if (g.no !== 7 || g.wire !== 2) continue;
    for (const t of fields(model, g.value, g.end)) {
      if (t.no !== 5 || t.wire !== 2) continue;
      const init: Initializer = { name: '', dims: [], dataType: 0 };
      for (const x of fields(model, t.value, t.end)) {
        if (x.no === 1 && x.wire === 0) init.dims.push(x.value);
        else if (x.no === 1 && x.wire === 2)
          for (let at = x.value; at < x.end;) {
            const [v, n] = varint(model, at);
            init.dims.push(v);
            at = n;
          }
        else if (x.no === 2 && x.wire === 0) init.dataType = x.value;
        else if (x.no === 8 && x.wire === 2) init.name = new TextDecoder().decode(model.subarray(x.value, x.end));
        else if (x.no === 9 && x.wire === 2) Object.assign(init, { at: x.value, length: x.end - x.value });
      }
      out.push(init);
    }
  }
  return out;
}

/** The stored (uncompressed) entries of a zip file, as torch.save writes them: name -> byte range. */
export function zipEntries(zip: Uint8Array): Map<string, { at: number; length: number }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const out = new Map<string, { at: number; length: number }>();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error(`zip central directory entry ${i} is damaged`);
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    if (method === 0 && size !== 0xffffffff) {
      const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      out.set(name, { at: data, length: size });
    }
    at += 46 + skip;
  }
  return out;
}

/** IEEE half -> single precision, every value exact. */
export function halfToFloat(h: Uint16Array): Float32Array {
  const out = new Float32Array(h.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < h.length; i++) {
    const v = h[i];
    const sign = (v & 0x8000) << 16;
    const exp = (v >> 10) & 0x1f;
    let mant = v & 0x3ff;
    if (exp === 0x1f) bits[i] = sign | 0x7f800000 | (mant << 13);
    else if (exp !== 0) bits[i] = sign | ((exp + 112) << 23) | (mant << 13);
    else if (mant === 0) bits[i] = sign;
    else {
      let e = 113;
      while ((mant & 0x400) === 0) {
        mant <<= 1;
        e--;
      }
      bits[i] = sign | (e << 23) | ((mant & 0x3ff) << 13);
    }
  }
  return out;
}

/** [rows, cols] of `out` from the source matrix [cols, rows]. */
function transposed(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = src[j * rows + i];
  return out;
}

function entryAsFloat(zip: Uint8Array, e: { at: number; length: number }): Float32Array {
  const copy = new Uint8Array(zip.subarray(e.at, e.at + e.length)); // a copy (a Buffer's slice is a view), aligned
  return halfToFloat(new Uint16Array(copy.buffer, 0, copy.length >> 1));
}

const bytesOf = (f: Float32Array) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
const same = (f: Float32Array, b: Uint8Array) => Buffer.from(f.buffer, f.byteOffset, f.byteLength).equals(b);
const FLOAT = 1;
/** Smaller weights stay in the skeleton: not worth a recipe line. */
const MIN_BYTES = 256;

/** Zeroes every float initializer that is a checkpoint storage (or its transpose), and says how to restore it. */
export function makeSkeleton(
  model: Uint8Array,
  checkpoint: Uint8Array,
  names: { file: string; checkpoint: string },
): { skeleton: Uint8Array; recipe: Recipe } {
  const entries = [...zipEntries(checkpoint)].filter(([name, e]) => /\/data\/\d+$/.test(name) && e.length % 2 === 0);
  const bySize = new Map<number, [string, Float32Array][]>();
  for (const [name, e] of entries) {
    const n = e.length / 2;
    if (!bySize.has(n)) bySize.set(n, []);
    bySize.get(n)!.push([name, entryAsFloat(checkpoint, e)]);
  }
  const skeleton = new Uint8Array(model); // a copy, also of a Buffer
  const spans: Span[] = [];
  for (const init of onnxInitializers(model)) {
    if (init.dataType !== FLOAT || init.at === undefined || !init.length || init.length < MIN_BYTES) continue;
    const want = model.subarray(init.at, init.at + init.length);
    for (const [entry, values] of bySize.get(init.length / 4) ?? []) {
      let span: Span | undefined;
      if (same(values, want)) span = { at: init.at, length: init.length, entry };
      else if (init.dims.length === 2) {
        const [rows, cols] = init.dims;
        if (same(transposed(values, rows, cols), want)) span = { at: init.at, length: init.length, entry, transpose: [rows, cols] };
      }
      if (span) {
        spans.push(span);
        skeleton.fill(0, init.at, init.at + init.length);
        break;
      }
    }
  }
  return {
    skeleton,
    recipe: {
      file: names.file,
      sha256: sha256(model),
      bytes: model.length,
      source: { path: names.checkpoint, sha256: sha256(checkpoint) },
      spans,
    },
  };
}

/** The model file back from its skeleton and the checkpoint, checked against the recipe's sha256. */
export function rebuildModel(skeleton: Uint8Array, checkpoint: Uint8Array, recipe: Recipe): Uint8Array {
  const actual = sha256(checkpoint);
  if (actual !== recipe.source.sha256) {
    throw new Error(
      `${recipe.source.path} has sha256 ${actual}, not the ${recipe.source.sha256} that ${recipe.file}'s skeleton was made from`,
    );
  }
  const entries = zipEntries(checkpoint);
  const out = new Uint8Array(skeleton);
  for (const s of recipe.spans) {
    const e = entries.get(s.entry);
    if (!e) throw new Error(`${recipe.source.path} has no entry ${s.entry}`);
    const values = entryAsFloat(checkpoint, e);
    out.set(bytesOf(s.transpose ? transposed(values, s.transpose[0], s.transpose[1]) : values), s.at);
  }
  const got = sha256(out);
  if (got !== recipe.sha256) throw new Error(`${recipe.file} rebuilt with sha256 ${got}, expected ${recipe.sha256}`);
  return out;
}
