// Pick the execution provider: WebGPU when the browser hands out an adapter, else wasm (CPU).

export interface BackendChoice {
  backend: 'webgpu' | 'wasm';
  /** Why WebGPU is not used; absent when it is. */
  fallbackReason?: string;
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

export async function chooseBackend(nav: { gpu?: GpuLike } = navigator as unknown as { gpu?: GpuLike }): Promise<BackendChoice> {
  if (!nav.gpu) return { backend: 'wasm', fallbackReason: 'navigator.gpu is missing (this browser or context does not expose WebGPU).' };
  try {
    const adapter = await nav.gpu.requestAdapter();
    if (adapter) return { backend: 'webgpu' };
    return { backend: 'wasm', fallbackReason: 'navigator.gpu.requestAdapter() returned no adapter (no usable GPU, or WebGPU is disabled).' };
  } catch (e) {
    return { backend: 'wasm', fallbackReason: `navigator.gpu.requestAdapter() failed: ${(e as Error).message}` };
  }
}
