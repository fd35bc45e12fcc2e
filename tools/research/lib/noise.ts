// Per-image noise for batched evaluation: image k of a run always sees the stream of its own
// seed, whatever the batch size or its position in a batch, so results do not depend on --batch.
import { createNoise, type NoiseSource } from '../../../src/core';

/** Seed of image k of a run with `seed`: distinct for k < 1000003 and fits createNoise's uint32. */
export function imageSeed(seed: number, k: number): number {
  return (seed * 1_000_003 + k) % 2 ** 32;
}

/**
 * A NoiseSource for a batch of images `indices` of perImage values each. Every request must be
 * a whole batch (indices.length * perImage values), as sample() makes: x_T, then per-step z.
 */
export function batchNoise(seed: number, indices: readonly number[], perImage: number): NoiseSource {
  const streams = indices.map((k) => createNoise(imageSeed(seed, k)));
  return {
    normal(n: number): Float32Array {
      if (n !== streams.length * perImage) {
        throw new Error(`batchNoise: asked for ${n} values, expected a whole batch of ${streams.length} x ${perImage}`);
      }
      const out = new Float32Array(n);
      streams.forEach((s, i) => out.set(s.normal(perImage), i * perImage));
      return out;
    },
  };
}
