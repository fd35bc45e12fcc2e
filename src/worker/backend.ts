// Pick the execution provider: WebGPU when the browser hands out a hardware adapter, else wasm (CPU).
// A software adapter (one that reports itself as a fallback: SwiftShader in Chromium, Mesa's in
// Firefox) runs the models far slower than wasm, so it is used only when the link asks for it
// (`gpu=software`, what the tests use for SwiftShader).
import type { BackendChoice } from './protocol';

interface AdapterInfoLike {
  /** GPUAdapterInfo.isFallbackAdapter (Chromium 136+); older browsers put it on the adapter. */
  isFallbackAdapter?: boolean;
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

/** The link's parameter that lets the page use a software (fallback) WebGPU adapter. */
export const SOFTWARE_GPU_PARAM = 'gpu=software';

export async function chooseBackend(
  nav: { gpu?: GpuLike } = navigator as unknown as { gpu?: GpuLike },
  secure: boolean = globalThis.isSecureContext !== false,
  softwareGpu = false,
): Promise<BackendChoice> {
  // Browsers expose WebGPU to secure contexts only (HTTPS, or localhost).
  if (!nav.gpu && !secure)
    return { backend: 'wasm', fallbackReason: 'WebGPU needs a secure context (HTTPS, or localhost), and this page is on plain HTTP.' };
  if (!nav.gpu) return { backend: 'wasm', fallbackReason: 'navigator.gpu is missing (this browser or context does not expose WebGPU).' };
  try {
    const adapter = (await nav.gpu.requestAdapter()) as { info?: AdapterInfoLike; isFallbackAdapter?: boolean } | null;
    if (adapter) {
      const name = describeAdapter(adapter.info);
      const software = adapter.info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
      if (!software) return { backend: 'webgpu', adapter: name };
      if (softwareGpu)
        return { backend: 'webgpu', adapter: `${name}, a software adapter (the link asks for it: ${SOFTWARE_GPU_PARAM})`, software: true };
      return {
        backend: 'wasm',
        fallbackReason: `the only WebGPU adapter here is a software one (${name}), far slower than the CPU backend; add ${SOFTWARE_GPU_PARAM} to the link to use it anyway.`,
      };
    }
    return {
      backend: 'wasm',
      fallbackReason: 'navigator.gpu.requestAdapter() returned no adapter (no usable GPU, or WebGPU is disabled).',
    };
  } catch (e) {
    return { backend: 'wasm', fallbackReason: `navigator.gpu.requestAdapter() failed: ${(e as Error).message}` };
  }
}
