import { describe, expect, it } from 'vitest';
import type { StepInfo } from '../core';
import type { DecoderSession } from '../models/decoder';
import { createStepDecoder, latentPreview } from './decode';

const latent = { channels: 2, height: 2, width: 2 };
const out = { channels: 3, height: 4, width: 4 };

describe('latentPreview', () => {
  it('draws each latent channel at the image size, nearest-neighbour, repeating the last channel', () => {
    const x = Float32Array.from([1, 2, 3, 4, /* channel 1 */ 5, 6, 7, 8]);
    const p = latentPreview(x, 1, latent, out);
    expect(p.length).toBe(3 * 16);
    expect(Array.from(p.slice(0, 8))).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
    expect(p[16 + 15]).toBe(8); // channel 1, bottom right
    expect(Array.from(p.slice(32))).toEqual(Array.from(p.slice(16, 32))); // channel 2 repeats channel 1
  });
});

/** A fake decoder: every image value is the sum of its latent's values (so the scaling shows). */
function fakeDecoder(): DecoderSession & { batches: number[] } {
  const batches: number[] = [];
  return {
    id: 'dec',
    backend: 'wasm',
    batches,
    release: async () => {},
    decode: async (z, n) => {
      batches.push(n);
      const per = z.length / n;
      const img = new Float32Array(n * 48);
      for (let k = 0; k < n; k++)
        img.fill(
          z.slice(k * per, (k + 1) * per).reduce((a, b) => a + b, 0),
          k * 48,
          (k + 1) * 48,
        );
      return img;
    },
  };
}

const step = (index: number, steps: number): StepInfo => ({
  index,
  steps,
  t: 0,
  role: 'large',
  x: new Float32Array(8).fill(0.5),
  x0: new Float32Array(8).fill(1),
});

describe('createStepDecoder', () => {
  it('decodes x_t and x0 in one call, divided by the latent scale, and counts its cost', async () => {
    const dec = fakeDecoder();
    const d = createStepDecoder(dec, latent, out, 0.5, true);
    const shown = await d.show(step(0, 3), 1);
    expect(dec.batches).toEqual([2]);
    expect(shown.decoded).toBe(true);
    expect(shown.x[0]).toBe(8); // 8 values of 0.5 / 0.5
    expect(shown.x0[0]).toBe(16);
    expect(d.cost().calls).toBe(1);
  });
  it('decodes only the last step unless asked for every step, showing latent previews before', async () => {
    const dec = fakeDecoder();
    const d = createStepDecoder(dec, latent, out, 0.5, false);
    expect((await d.show(step(0, 3), 1)).decoded).toBe(false);
    expect((await d.show(step(1, 3), 1)).decoded).toBe(false);
    expect((await d.show(step(2, 3), 1)).decoded).toBe(true);
    expect(dec.batches).toEqual([2]);
  });
});
