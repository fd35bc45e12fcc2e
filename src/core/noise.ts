/**
 * Seeded Gaussian noise: xoshiro128** (Blackman & Vigna 2018) seeded by splitmix32,
 * Box–Muller (1958) for normals.
 *
 * The generator uses only 32-bit integer math, so the uniform stream is bit-identical on
 * every platform. The normals go through Math.log/cos/sin in float64 and are then rounded
 * to float32; engines may differ in the last float64 bit of those functions, which almost
 * never survives the rounding. The Python mirror is training/reference/make_core_reference.py.
 */

/** A stream of standard normal samples; consecutive calls continue the stream. */
export interface NoiseSource {
  /** The next n samples of N(0, 1). normal(3) then normal(5) equals normal(8). */
  normal(n: number): Float32Array;
}

/** splitmix32: spreads a 32-bit seed into well-mixed words for the generator state. */
function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** xoshiro128**: uniform uint32 words from a 128-bit state. */
export function xoshiro128ss(seed: number): () => number {
  const init = splitmix32(seed);
  let s0 = init(),
    s1 = init(),
    s2 = init(),
    s3 = init();
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
}

const TWO_POW_32 = 4294967296;

/**
 * A deterministic N(0, 1) stream from an integer seed (reduced modulo 2^32).
 * Each pair of uint32 words (a, b) gives two normals by Box–Muller:
 * u1 = (a + 1) / 2^32 in (0, 1] (never log 0), u2 = b / 2^32, r = sqrt(-2 ln u1),
 * z0 = r cos(2 pi u2), z1 = r sin(2 pi u2). The spare z1 is kept for the next call.
 */
export function createNoise(seed: number): NoiseSource {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`noise seed must be an integer, got ${seed}`);
  }
  const next = xoshiro128ss(seed >>> 0);
  let spare: number | null = null;
  return {
    normal(n: number): Float32Array {
      if (!Number.isInteger(n) || n < 0) {
        throw new Error(`normal(n) needs a non-negative integer count, got ${n}`);
      }
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        if (spare !== null) {
          out[i] = spare;
          spare = null;
          continue;
        }
        const u1 = (next() + 1) / TWO_POW_32;
        const u2 = next() / TWO_POW_32;
        const r = Math.sqrt(-2 * Math.log(u1));
        const theta = 2 * Math.PI * u2;
        out[i] = r * Math.cos(theta);
        spare = r * Math.sin(theta);
      }
      return out;
    },
  };
}
