// A small valid manifest for unit tests.
export const sampleManifest = () => ({
  format: 1,
  title: 'test pair',
  image: { channels: 1, height: 4, width: 4 },
  classes: ['a', 'b'],
  nullClass: 2,
  schedule: { type: 'linear', T: 100, betaStart: 0.0001, betaEnd: 0.02 },
  prediction: 'epsilon',
  defaults: { sampler: 'ddim', steps: 10, guidance: 2, eta: 0 },
  denoisers: [
    { id: 's', role: 'small', file: 's.onnx', sha256: 'a'.repeat(64) },
    { id: 'l', role: 'large', file: 'l.onnx', sha256: 'b'.repeat(64) },
  ],
});
