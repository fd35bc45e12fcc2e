// Pick the execution provider: WebGPU when the browser hands out an adapter, else wasm (CPU).
import type { BackendChoice } from './protocol';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

/** "vendor architecture (description)" from GPUAdapterInfo, skipping empty fields. */
export function describeAdapter(info: AdapterInfoLike | undefined): string {
  if (!info) return 'unnamed adapter';
  const name = [info.vendor, info.architecture, info.device].filter((s) => s && s.trim()).join(' ');
  const description = info.description?.trim();
  if (!name && !description) return 'unnamed adapter';
  if (!description || description === name) return name;
  return name ? `${name} (${description})` : description;
}

export async function chooseBackend(
  nav: { gpu?: GpuLike } = navigator as unknown as { gpu?: GpuLike },
  secure: boolean = globalThis.isSecureContext !== false,
): Promise<BackendChoice> {
  // Browsers expose WebGPU to secure contexts only (HTTPS, or localhost).
  if (!nav.gpu && !secure) return { backend: 'wasm', fallbackReason: 'WebGPU needs a secure context (HTTPS, or localhost), and this page is on plain HTTP.' };
  if (!nav.gpu) return { backend: 'wasm', fallbackReason: 'navigator.gpu is missing (this browser or context does not expose WebGPU).' };
  try {
    const adapter = (await nav.gpu.requestAdapter()) as { info?: AdapterInfoLike } | null;
    if (adapter) return { backend: 'webgpu', adapter: describeAdapter(adapter.info) };
    return { backend: 'wasm', fallbackReason: 'navigator.gpu.requestAdapter() returned no adapter (no usable GPU, or WebGPU is disabled).' };
  } catch (e) {
    return { backend: 'wasm', fallbackReason: `navigator.gpu.requestAdapter() failed: ${(e as Error).message}` };
  }
}
