import { describe, expect, it } from 'vitest';
import { fetchVerified, sha256Hex } from './fetchModel';

const bytes = new TextEncoder().encode('abc');
// sha256("abc"), FIPS 180-2 appendix B.1
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const serve = (status = 200) => (async () => new Response(bytes, { status })) as typeof fetch;

describe('fetchVerified', () => {
  it('hashes with WebCrypto', async () => {
    expect(await sha256Hex(bytes.buffer as ArrayBuffer)).toBe(ABC);
  });
  it('returns the bytes when the hash matches', async () => {
    const out = await fetchVerified('https://h/m/a.onnx', 'a.onnx', ABC.toUpperCase(), serve());
    expect(new Uint8Array(out)).toEqual(bytes);
  });
  it('names the file on a hash mismatch', async () => {
    await expect(fetchVerified('https://h/m/a.onnx', 'a.onnx', '0'.repeat(64), serve())).rejects.toThrow(
      /Model file "a.onnx" is corrupt or out of date: sha256 ba7816bf/,
    );
  });
  it('names the file on a 404', async () => {
    await expect(fetchVerified('https://h/m/a.onnx', 'a.onnx', ABC, serve(404))).rejects.toThrow(
      'Could not download model file "a.onnx": HTTP 404 (not found)',
    );
  });
});
