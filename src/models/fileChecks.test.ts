import { describe, expect, it } from 'vitest';
import { fetchVerified, sha256Hex } from './fileChecks';

const bytes = new TextEncoder().encode('abc');
// sha256("abc"), FIPS 180-2 appendix B.1
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const serve = (status = 200) => (async () => new Response(bytes, { status })) as typeof fetch;

describe('fetchVerified', () => {
  it('hashes with WebCrypto', async () => {
    expect(await sha256Hex(bytes.buffer as ArrayBuffer)).toBe(ABC);
  });
  it('hashes without WebCrypto (a page on plain HTTP has no crypto.subtle) to the same digest', async () => {
    expect(await sha256Hex(bytes.buffer as ArrayBuffer, null)).toBe(ABC);
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 255).buffer as ArrayBuffer; // several blocks
    expect(await sha256Hex(big, null)).toBe(await sha256Hex(big));
  });
  it('returns the bytes when the hash matches', async () => {
    const out = await fetchVerified({ url: 'https://h/m/a.onnx', file: 'a.onnx', sha256: ABC.toUpperCase(), fetchFn: serve() });
    expect(new Uint8Array(out)).toEqual(bytes);
  });
  it('names the file on a hash mismatch', async () => {
    await expect(fetchVerified({ url: 'https://h/m/a.onnx', file: 'a.onnx', sha256: '0'.repeat(64), fetchFn: serve() })).rejects.toThrow(
      /Model file "a.onnx" is corrupt or out of date: sha256 ba7816bf/,
    );
  });
  it('names the file when fewer or more bytes arrive than the manifest says', async () => {
    await expect(
      fetchVerified({ url: 'https://h/m/a.onnx', file: 'a.onnx', sha256: ABC, fetchFn: serve(), expectedBytes: 4 }),
    ).rejects.toThrow('Model file "a.onnx" is truncated: 3 bytes received, the manifest says 4.');
    await expect(
      fetchVerified({ url: 'https://h/m/a.onnx', file: 'a.onnx', sha256: ABC, fetchFn: serve(), expectedBytes: 2 }),
    ).rejects.toThrow('Model file "a.onnx" is longer than expected: 3 bytes received, the manifest says 2.');
  });
  it('names the file on a 404', async () => {
    await expect(fetchVerified({ url: 'https://h/m/a.onnx', file: 'a.onnx', sha256: ABC, fetchFn: serve(404) })).rejects.toThrow(
      'Could not download model file "a.onnx": HTTP 404 (not found)',
    );
  });
});

describe('fetchVerified progress', () => {
  it('reports bytes as each chunk arrives', async () => {
    const chunks = [bytes.slice(0, 1), bytes.slice(1, 2), bytes.slice(2)];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const c = chunks.shift();
        if (c) controller.enqueue(c);
        else controller.close();
      },
    });
    const fetchFn = (async () => new Response(body)) as typeof fetch; // no Content-Length: the manifest's size is used
    const seen: string[] = [];
    const out = await fetchVerified({
      url: 'https://h/m/a.onnx',
      file: 'a.onnx',
      sha256: ABC,
      fetchFn,
      onProgress: (l, t) => seen.push(`${l}/${t}`),
      expectedBytes: 3,
    });
    expect(new Uint8Array(out)).toEqual(bytes);
    expect(seen).toEqual(['0/3', '1/3', '2/3', '3/3']);
  });
});
