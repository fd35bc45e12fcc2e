import { describe, expect, it } from 'vitest';
import { chooseBackend, describeAdapter } from './backend';

describe('chooseBackend', () => {
  it('uses WebGPU and names the adapter', async () => {
    const gpu = { requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader', description: '' } }) };
    expect(await chooseBackend({ gpu })).toEqual({ backend: 'webgpu', adapter: 'google swiftshader' });
  });
  it('falls back to wasm with a reason', async () => {
    expect((await chooseBackend({})).fallbackReason).toMatch(/navigator.gpu is missing/);
    expect((await chooseBackend({}, false)).fallbackReason).toBe('WebGPU needs a secure context (HTTPS, or localhost), and this page is on plain HTTP.');
    expect((await chooseBackend({ gpu: { requestAdapter: async () => null } })).fallbackReason).toMatch(/returned no adapter/);
    const failing = { requestAdapter: async () => Promise.reject(new Error('boom')) };
    expect((await chooseBackend({ gpu: failing })).fallbackReason).toBe('navigator.gpu.requestAdapter() failed: boom');
  });
  it('describes adapters with missing fields', () => {
    expect(describeAdapter(undefined)).toBe('unnamed adapter');
    expect(describeAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100' })).toBe('nvidia hopper (NVIDIA H100)');
    expect(describeAdapter({ description: 'Apple M2' })).toBe('Apple M2');
  });
});
