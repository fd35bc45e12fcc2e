import { describe, expect, it } from 'vitest';
import { chooseBackend, describeAdapter } from './backend';

describe('chooseBackend', () => {
  it('uses WebGPU and names the adapter', async () => {
    const gpu = { requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader', description: '' } }) };
    expect(await chooseBackend({ gpu })).toEqual({ backend: 'webgpu', adapter: 'google swiftshader' });
  });
  it('falls back to wasm with a reason', async () => {
    expect((await chooseBackend({})).fallbackReason).toMatch(/navigator.gpu is missing/);
    expect((await chooseBackend({}, false)).fallbackReason).toBe(
      'WebGPU needs a secure context (HTTPS, or localhost), and this page is on plain HTTP.',
    );
    expect((await chooseBackend({ gpu: { requestAdapter: async () => null } })).fallbackReason).toMatch(/returned no adapter/);
    const failing = { requestAdapter: async () => Promise.reject(new Error('boom')) };
    expect((await chooseBackend({ gpu: failing })).fallbackReason).toBe('navigator.gpu.requestAdapter() failed: boom');
  });
  it('a software (fallback) adapter means wasm, with the reason, unless the link asks for it', async () => {
    const swiftshader = {
      requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } }),
    };
    const refused = await chooseBackend({ gpu: swiftshader });
    expect(refused.backend).toBe('wasm');
    expect(refused.fallbackReason).toBe(
      'the only WebGPU adapter here is a software one (google swiftshader), far slower than the CPU backend; add gpu=software to the link to use it anyway.',
    );
    expect(await chooseBackend({ gpu: swiftshader }, true, true)).toEqual({
      backend: 'webgpu',
      adapter: 'google swiftshader, a software adapter (the link asks for it: gpu=software)',
      software: true,
    });
    // Older browsers put the flag on the adapter itself (Firefox with Mesa's software adapter).
    const mesa = { requestAdapter: async () => ({ isFallbackAdapter: true, info: { vendor: 'mesa', architecture: 'llvmpipe' } }) };
    expect((await chooseBackend({ gpu: mesa })).backend).toBe('wasm');
  });
  it('describes adapters with missing fields', () => {
    expect(describeAdapter(undefined)).toBe('unnamed adapter');
    expect(describeAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100' })).toBe('nvidia hopper (NVIDIA H100)');
    expect(describeAdapter({ description: 'Apple M2' })).toBe('Apple M2');
  });
});
