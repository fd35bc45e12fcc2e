// The kernels command's function on the committed fixture models, on onnxruntime-node's CPU EP.
import { describe, expect, it } from 'vitest';
import { kernelMarkdown, measureKernels, type BackendKernels } from './kernelReport';

describe('measureKernels on public/fixtures', () => {
  it('profiles every denoiser of the manifest and places every node', async () => {
    const r = await measureKernels({ modelsDir: 'public/fixtures', backends: ['cpu'], batch: 2, runs: 2 });
    expect(r.denoisers.map((d) => d.role)).toEqual(['small', 'medium', 'large']);
    for (const d of r.denoisers) {
      const k = d.backends.cpu as BackendKernels;
      expect(k.nodes).toBeGreaterThan(0);
      // Every node has a provider, and the providers add up to the node count.
      expect(Object.values(k.byProvider).reduce((s, v) => s + v, 0)).toBe(k.nodes);
      expect(
        Object.values(k.byOp)
          .flatMap((p) => Object.values(p))
          .reduce((s, v) => s + v, 0),
      ).toBe(k.nodes);
      expect(k.placement).toEqual({ CPU: k.nodes });
      expect(d.backends.webgpu).toBeUndefined();
    }
    const md = kernelMarkdown(r);
    expect(md).toContain(`| tiny-small | small | CPU EP | ${(r.denoisers[0].backends.cpu as BackendKernels).nodes} | 0 |`);
  }, 60_000);
});
