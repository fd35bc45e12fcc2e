// FID-FMNIST as npm run eval computes it: the core's frechetDistance checked against SciPy at the
// eval's feature size, then sanity checks of the shipped classifier and its test-split statistics
// on real Fashion-MNIST images and on noise.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classAccuracy, featureStats, frechetDistance } from '../../../src/core';
import ref from '../../__fixtures__/fid_reference.json';
import { fashionMnistAvailable, loadFashionMnist } from './idx';
import { classifyAll, fidAgainst } from './metrics';
import { classifierEntry, DEFAULT_MODELS_DIR, loadManifest, openEvaluator, type Evaluator } from '../../lib/models';
import { loadOrt } from '../../lib/ort';

/** The formula of make_fid_reference.py. */
function features(n: number, d: number, s: { p: number; q: number; wobble?: number }): Float32Array {
  const f = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      f[i * d + j] =
        Math.sin(0.7 * i * (j + 1) + 0.3 * j + s.p) * (1 + j / d) +
        s.q * Math.cos(1.3 * i + 0.5 * j * j) +
        (s.wobble ?? 0) * Math.sin(2.1 * i + j);
    }
  }
  return Float32Array.from(f);
}

describe('frechetDistance against SciPy (d = 128, as the classifier features)', () => {
  const sets = ref.sets as Record<string, { n: number; p: number; q: number; wobble?: number }>;
  const stats = (name: string) => featureStats(features(sets[name].n, ref.d, sets[name]), sets[name].n, ref.d);
  for (const c of ref.cases) {
    it(`${c.x} vs ${c.y}: ${c.fid.toPrecision(6)}`, () => {
      const [a, b] = [stats(c.x), stats(c.y)];
      // Features are float32 here, float64 in NumPy: that rounding alone moves the FID by ~2e-8 relative.
      const fid = frechetDistance(a.mu, a.sigma, b.mu, b.sigma, ref.d);
      expect(Math.abs(fid - c.fid)).toBeLessThan(1e-7 * c.fid + 1e-9);
    });
  }
});

const manifestPath = join(DEFAULT_MODELS_DIR, 'manifest.json');
const hasClassifier = existsSync(manifestPath) && classifierEntry(loadManifest()) !== undefined;

// No skip when the data or the classifier is missing: both ship or are installed by .ci/run.
describe('the shipped classifier and fid-stats.json on real images', () => {
  let ev: Evaluator;
  const manifest = hasClassifier ? loadManifest() : undefined!;
  let test: { n: number; labels: Uint8Array; logits: Float32Array; features: Float32Array };
  let heldOut: { n: number; features: Float32Array };

  beforeAll(async () => {
    if (!hasClassifier) throw new Error(`${manifestPath} names no classifier: the shipped set must carry one (training/README.md)`);
    if (!fashionMnistAvailable()) throw new Error('Fashion-MNIST is missing: apt-get install dataset-fashion-mnist (.ci/run installs it)');
    ev = (await openEvaluator(await loadOrt('node', { threads: 1 }), manifest))!;
    const t = loadFashionMnist('test', 3000);
    test = { n: t.n, labels: t.labels, ...(await classifyAll(ev.session, t.images, t.n)) };
    // Training images: never part of the test-split statistics.
    const h = loadFashionMnist('train', 2000);
    heldOut = { n: h.n, features: (await classifyAll(ev.session, h.images, h.n)).features };
  }, 60_000);
  afterAll(() => ev?.session.release());

  it('is at least 92% accurate on the test split', () => {
    expect(classAccuracy(test.logits, test.labels, manifest.classes.length)).toBeGreaterThanOrEqual(0.92);
    expect(ev.entry.testAccuracy).toBeGreaterThanOrEqual(0.92); // training's number, on all 10k
  });

  it('gives FID ~0 for test-split features against their own statistics', () => {
    const own = featureStats(test.features, test.n, ev.stats.featureDim);
    const trace = Array.from({ length: ev.stats.featureDim }, (_, i) => own.sigma[i * (ev.stats.featureDim + 1)]).reduce((a, b) => a + b);
    expect(Math.abs(frechetDistance(own.mu, own.sigma, own.mu, own.sigma, ev.stats.featureDim))).toBeLessThan(1e-6 * trace);
    const shipped = frechetDistance(ev.stats.mu, ev.stats.sigma, ev.stats.mu, ev.stats.sigma, ev.stats.featureDim);
    expect(Math.abs(shipped)).toBeLessThan(1e-3);
  });

  it('gives a small FID for real images and a large one for noise', async () => {
    const testFid = fidAgainst(ev.stats, test.features, test.n); // 3000 of the 10k the stats came from
    const heldOutFid = fidAgainst(ev.stats, heldOut.features, heldOut.n);
    const n = 500;
    const noise = new Float32Array(n * 784);
    let s = 1;
    for (let i = 0; i < noise.length; i++) noise[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 31 - 1; // uniform [-1, 1)
    const noiseFid = fidAgainst(ev.stats, (await classifyAll(ev.session, noise, n)).features, n);
    expect(testFid).toBeLessThan(8);
    expect(heldOutFid).toBeLessThan(8);
    expect(noiseFid).toBeGreaterThan(100 * Math.max(testFid, heldOutFid));
  });
});
