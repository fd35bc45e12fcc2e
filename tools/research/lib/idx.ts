// Reader for the idx files Fashion-MNIST ships in (LeCun's MNIST format), gzipped as in
// Debian's dataset-fashion-mnist package. The Python twin is training/data.py.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FASHION_MNIST_DIR = process.env.FASHION_MNIST_DIR ?? '/usr/share/datasets/fashion-mnist';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Parse an unsigned-byte idx buffer: magic 0x0000 0x08 ndim, then ndim big-endian uint32 dims, then the bytes. */
export function parseIdx(buf: Uint8Array, where = 'idx data'): IdxArray {
  if (buf.length < 4) throw new Error(`${where}: too short for an idx header (${buf.length} bytes)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint16(0) !== 0 || buf[2] !== 0x08) {
    throw new Error(
      `${where}: not an unsigned-byte idx file (magic ${Array.from(buf.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('')})`,
    );
  }
  const ndim = buf[3];
  const header = 4 + 4 * ndim;
  if (buf.length < header) throw new Error(`${where}: header names ${ndim} dims but the file is ${buf.length} bytes`);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  if (buf.length - header !== count) {
    throw new Error(`${where}: dims [${dims.join(', ')}] need ${count} values but the file holds ${buf.length - header} (truncated?)`);
  }
  return { dims, data: buf.subarray(header) };
}

export function readIdxGz(path: string): IdxArray {
  return parseIdx(new Uint8Array(gunzipSync(readFileSync(path))), path);
}

export type Split = 'train' | 'test';

const FILES: Record<Split, [string, string]> = {
  train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
};

export interface LabelledImages {
  n: number;
  /** n * 28 * 28 values in [-1, 1] (x / 127.5 - 1, as training/data.py), NCHW with C = 1. */
  images: Float32Array;
  labels: Uint8Array;
}

export function fashionMnistAvailable(dir = FASHION_MNIST_DIR): boolean {
  return Object.values(FILES).every(([img, lab]) => existsSync(join(dir, img)) && existsSync(join(dir, lab)));
}

/** The split's images scaled to [-1, 1], and labels; `limit` keeps the first images. */
export function loadFashionMnist(split: Split, limit = Infinity, dir = FASHION_MNIST_DIR): LabelledImages {
  const [imgFile, labFile] = FILES[split];
  if (!existsSync(join(dir, imgFile))) {
    throw new Error(
      `Fashion-MNIST not found at ${join(dir, imgFile)}: apt-get install -y dataset-fashion-mnist (or set FASHION_MNIST_DIR)`,
    );
  }
  const img = readIdxGz(join(dir, imgFile));
  const lab = readIdxGz(join(dir, labFile));
  if (img.dims.length !== 3 || lab.dims.length !== 1 || img.dims[0] !== lab.dims[0]) {
    throw new Error(`${dir}: images [${img.dims.join(', ')}] and labels [${lab.dims.join(', ')}] do not match`);
  }
  const n = Math.min(img.dims[0], limit);
  const per = img.dims[1] * img.dims[2];
  const images = new Float32Array(n * per);
  for (let i = 0; i < n * per; i++) images[i] = img.data[i] / 127.5 - 1;
  return { n, images, labels: lab.data.slice(0, n) };
}
