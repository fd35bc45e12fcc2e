// The exported ONNX files compute what torch computed (training/make_fixtures.py wrote the
// torch outputs for fixed inputs). Runs onnxruntime-node, as the evaluation tools do.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';

interface Case {
  file: string;
  x: number[];
  t: number[];
  y: number[];
  shape: number[];
  eps: number[];
}
const reference = JSON.parse(readFileSync('training/fixtures/reference.json', 'utf8')) as {
  tolerance: number;
  cases: Case[];
};

describe('ONNX exports match torch', () => {
  it('covers the fixtures and the shipped pair', () => {
    const files = reference.cases.map((c) => c.file);
    expect(files).toContain('public/fixtures/tiny-small.onnx');
    expect(files).toContain('public/fixtures/tiny-large.onnx');
  });

  for (const c of reference.cases) {
    it(`${c.file} matches torch within ${reference.tolerance}`, async () => {
      const session = await ort.InferenceSession.create(c.file);
      const n = c.shape[0];
      const out = await session.run({
        x: new ort.Tensor('float32', Float32Array.from(c.x), c.shape),
        t: new ort.Tensor('float32', Float32Array.from(c.t), [n]),
        y: new ort.Tensor('int64', BigInt64Array.from(c.y.map(BigInt)), [n]),
      });
      const eps = out.eps.data as Float32Array;
      expect(eps.length).toBe(c.eps.length);
      let worst = 0;
      for (let i = 0; i < eps.length; i++) worst = Math.max(worst, Math.abs(eps[i] - c.eps[i]));
      expect(worst).toBeLessThan(reference.tolerance);
      // A test that could not fail would pass on zeros: the outputs must carry signal.
      expect(Math.max(...c.eps.map(Math.abs))).toBeGreaterThan(1e-3);
      await session.release();
    });
  }
});
