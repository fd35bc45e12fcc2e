// The session wrapper with onnxruntime-node on the fixture models: what Node tools (tools/) reuse.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { sampleTrajectory, stitchingPlan } from '../core';
import { sha256Hex } from './fileChecks';
import { denoiserFor } from './manifest';
import { parseManifest } from './readManifest';
import { createRunQueue } from './runQueue';
import { createDenoiserSession, type OrtLike } from './session';

const dir = process.env.FIXTURES_DIR ?? join(__dirname, '../../public/fixtures');
const manifestPath = join(dir, 'manifest.json');

// The fixtures are committed (training/make_fixtures.py): a missing file fails here, it is never skipped.
describe('fixture denoisers on onnxruntime-node', () => {
  it('load, match their sha256, and run stitched and large-only trajectories through the core loop', async () => {
    const manifest = parseManifest(JSON.parse(readFileSync(manifestPath, 'utf8')), manifestPath);
    const ort: OrtLike = ortNode;
    const queue = createRunQueue();
    const open = async (role: 'small' | 'large') => {
      const entry = denoiserFor(manifest, role);
      const bytes = readFileSync(join(dir, entry.file));
      expect(await sha256Hex(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)).toBe(entry.sha256);
      return createDenoiserSession(ort, new Uint8Array(bytes), { id: entry.id, backend: 'cpu', image: manifest.image, queue });
    };
    const small = await open('small');
    const large = await open('large');
    try {
      const denoisers = { small: small.denoise, large: large.denoise };
      const run = (k: number) =>
        sampleTrajectory(
          manifest,
          { steps: 4, plan: stitchingPlan(4, k), seed: 3, classes: [1], guidance: manifest.defaults.guidance, sampler: 'ddim', eta: 0 },
          denoisers,
        );
      const stitched = await run(2);
      const largeOnly = await run(0);
      const { channels, height, width } = manifest.image;
      expect(stitched.x0).toHaveLength(channels * height * width);
      expect(stitched.x0.every(Number.isFinite)).toBe(true);
      expect(stitched.calls).toEqual({ small: 2, medium: 0, large: 2 });
      expect(Array.from(stitched.x0)).not.toEqual(Array.from(largeOnly.x0));
      expect(Array.from((await run(0)).x0)).toEqual(Array.from(largeOnly.x0)); // deterministic
    } finally {
      await small.release();
      await large.release();
    }
  });
});
