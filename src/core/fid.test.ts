import { describe, expect, it } from 'vitest';
import ref from './__fixtures__/core_reference.json';
import { classAccuracy, featureStats, frechetDistance, sqrtPsd, symmetricEigen } from './fid';
import { createNoise } from './noise';

/** The reference's test features: f[i][j] = z[i][j] (a + j/d) + b z[i][(j+1) % d] + shift j/d. */
function features(c: { seed: number; a: number; b: number; shift: number }, n: number, d: number): Float32Array {
  const z = createNoise(c.seed).normal(n * d);
  const f = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      f[i * d + j] = z[i * d + j] * (c.a + j / d) + c.b * z[i * d + ((j + 1) % d)] + (c.shift * j) / d;
    }
  }
  return f;
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
const trace = (m: Float64Array, d: number) => sum(Array.from({ length: d }, (_, i) => m[i * d + i]));

describe('FID against NumPy/SciPy', () => {
  for (const c of ref.fid) {
    const { d, n } = c;
    const [s1, s2] = c.features.map((spec) => featureStats(features(spec, n, d), n, d));

    it(`featureStats matches np.mean / np.cov (d=${d})`, () => {
      s1.mu.forEach((v, j) => expect(v).toBeCloseTo(c.mu1[j], 12));
      s2.mu.forEach((v, j) => expect(v).toBeCloseTo(c.mu2[j], 12));
      expect(trace(s1.sigma, d)).toBeCloseTo(c.sigmaTrace[0], 10);
      expect(trace(s2.sigma, d)).toBeCloseTo(c.sigmaTrace[1], 10);
      expect(sum(s1.sigma)).toBeCloseTo(c.sigmaSum[0], 10);
      expect(sum(s2.sigma)).toBeCloseTo(c.sigmaSum[1], 10);
      if (c.sigma1 && c.sigma2) {
        s1.sigma.forEach((v, i) => expect(v).toBeCloseTo(c.sigma1![i], 12));
        s2.sigma.forEach((v, i) => expect(v).toBeCloseTo(c.sigma2![i], 12));
      }
    });

    it(`frechetDistance matches scipy.linalg.sqrtm to 1e-6 relative (d=${d})`, () => {
      const fid = frechetDistance(s1.mu, s1.sigma, s2.mu, s2.sigma, d);
      expect(Math.abs(fid - c.fid) / c.fid).toBeLessThan(1e-6);
      // the distance is symmetric even though the computation is not
      const back = frechetDistance(s2.mu, s2.sigma, s1.mu, s1.sigma, d);
      expect(Math.abs(back - c.fid) / c.fid).toBeLessThan(1e-6);
    });

    it(`is ~0 for identical statistics (d=${d})`, () => {
      expect(Math.abs(frechetDistance(s1.mu, s1.sigma, s1.mu, s1.sigma, d))).toBeLessThan(1e-8);
    });
  }

  it('takes stored covariances directly (d=8)', () => {
    const c = ref.fid[0];
    const fid = frechetDistance(
      Float64Array.from(c.mu1),
      Float64Array.from(c.sigma1!),
      Float64Array.from(c.mu2),
      Float64Array.from(c.sigma2!),
      c.d,
    );
    expect(Math.abs(fid - c.fid) / c.fid).toBeLessThan(1e-6);
  });

  it('stays finite and non-negative for rank-deficient covariances (n < d)', () => {
    const d = 32;
    const n = 10;
    const a = featureStats(features({ seed: 1, a: 1, b: 0.2, shift: 0 }, n, d), n, d);
    const b = featureStats(features({ seed: 2, a: 1, b: 0.2, shift: 0 }, n, d), n, d);
    const fid = frechetDistance(a.mu, a.sigma, b.mu, b.sigma, d);
    expect(Number.isFinite(fid)).toBe(true);
    expect(fid).toBeGreaterThan(0);
    expect(Math.abs(frechetDistance(a.mu, a.sigma, a.mu, a.sigma, d))).toBeLessThan(1e-8);
  });
});

describe('symmetricEigen / sqrtPsd', () => {
  it('diagonalises a symmetric matrix: A V = V diag(values)', () => {
    const d = 12;
    const { sigma } = featureStats(features({ seed: 9, a: 1, b: 0.7, shift: 0 }, 40, d), 40, d);
    const { values, vectors: v } = symmetricEigen(sigma, d);
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        let av = 0;
        for (let j = 0; j < d; j++) av += sigma[i * d + j] * v[j * d + k];
        expect(av).toBeCloseTo(v[i * d + k] * values[k], 10);
      }
    }
    expect(sum(values)).toBeCloseTo(trace(sigma, d), 10);
  });

  it('squares back to the matrix', () => {
    const d = 6;
    const { sigma } = featureStats(features({ seed: 3, a: 1, b: 0.4, shift: 0 }, 30, d), 30, d);
    const r = sqrtPsd(sigma, d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let rr = 0;
        for (let k = 0; k < d; k++) rr += r[i * d + k] * r[k * d + j];
        expect(rr).toBeCloseTo(sigma[i * d + j], 10);
      }
    }
  });
});

describe('classAccuracy', () => {
  it('counts argmax hits', () => {
    const logits = Float32Array.from([0.1, 2, -1, /**/ 3, 0, 0, /**/ 0, 0, 5, /**/ 1, 1.5, 0]);
    expect(classAccuracy(logits, [1, 0, 2, 0], 3)).toBe(0.75);
    expect(classAccuracy(logits, Int32Array.from([0, 0, 0, 0]), 3)).toBe(0.25);
  });
});

describe('metric errors', () => {
  it('are clear', () => {
    expect(() => featureStats(new Float32Array(10), 3, 4)).toThrow('features has 10 values but n*d = 3*4 = 12');
    expect(() => featureStats(new Float32Array(4), 1, 4)).toThrow(/needs n >= 2 rows/);
    const z = new Float64Array(4);
    expect(() => frechetDistance(z, z, z, new Float64Array(16), 4)).toThrow(/covariances must have d\*d = 16 values/);
    expect(() => classAccuracy(new Float32Array(5), [0, 1], 3)).toThrow('logits has 5 values but labels*numClasses = 2*3 = 6');
  });
});
