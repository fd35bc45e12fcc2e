import { describe, expect, it } from 'vitest';
import type { ProgressMessage } from '../client/client';
import { loadingSummary, pendingFiles } from './loadingSummary';

const MODELS = [
  { file: 's.onnx', role: 'small' as const, bytes: 2_000_000 },
  { file: 'l.onnx', role: 'large' as const, bytes: 20_000_000 },
];
const p = (file: string, role: ProgressMessage['role'], loaded: number, total: number): ProgressMessage => ({
  file,
  role,
  loaded,
  total,
  source: 'network',
});

describe('loading summary', () => {
  it('before any byte: the models are known from the manifest, the worker is starting', () => {
    expect(loadingSummary(pendingFiles({}, MODELS))).toMatchObject({
      now: 'Starting the runtime worker…',
      left: '22.0 MB left of 22.0 MB',
    });
  });
  it("counts onnxruntime's binary from its first progress, and names what is being fetched", () => {
    const s = loadingSummary(pendingFiles({ 'ort.wasm': p('ort.wasm', 'runtime', 3_000_000, 28_000_000) }, MODELS));
    expect(s.now).toBe("Fetching onnxruntime's WebAssembly runtime (ort.wasm): 3.0 MB of 28.0 MB");
    expect(s.left).toBe('47.0 MB left of 50.0 MB');
    expect([s.loaded, s.total]).toEqual([3_000_000, 50_000_000]);
  });
  it('moves on to the models, then says when only opening is left', () => {
    const wasm = p('ort.wasm', 'runtime', 28_000_000, 28_000_000);
    const mid = loadingSummary(pendingFiles({ 'ort.wasm': wasm }, MODELS));
    expect(mid.now).toBe('Fetching the small model (s.onnx)…');
    const small = loadingSummary(pendingFiles({ 'ort.wasm': wasm, 's.onnx': p('s.onnx', 'small', 500_000, 2_000_000) }, MODELS));
    expect(small.now).toBe('Fetching the small model (s.onnx): 500.0 kB of 2.0 MB');
    const all = { 'ort.wasm': wasm, 's.onnx': p('s.onnx', 'small', 2e6, 2e6), 'l.onnx': p('l.onnx', 'large', 2e7, 2e7) };
    expect(loadingSummary(pendingFiles(all, MODELS))).toMatchObject({
      now: expect.stringContaining('opening the models'),
      left: '0 B left of 50.0 MB',
    });
  });
  it('says when a size is not known (no Content-Length)', () => {
    const s = loadingSummary(pendingFiles({ 'ort.wasm': p('ort.wasm', 'runtime', 1_000_000, 0) }, MODELS));
    expect(s.now).toBe("Fetching onnxruntime's WebAssembly runtime (ort.wasm): 1.0 MB so far");
    expect(s.left).toBe('22.0 MB left of 22.0 MB (the size of one file is not known yet)');
  });
});
