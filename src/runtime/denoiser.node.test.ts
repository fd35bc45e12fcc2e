// The session wrapper with onnxruntime-node on the fixture models: what Node tools (tools/) reuse.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createDenoiserSession, createRunQueue, type OrtLike } from './denoiser';
import { sha256Hex } from './fetchModel';
import { generatePair } from './generate';
import { denoiserFor, parseManifest } from './manifest';

const dir = process.env.FIXTURES_DIR ?? join(__dirname, '../../public/fixtures');
const manifestPath = join(dir, 'manifest.json');

describe.skipIf(!existsSync(manifestPath))('fixture denoisers on onnxruntime-node', () => {
  it('load, match their sha256, and run both trajectories through the core loop', async () => {
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
      const params = { steps: 4, fraction: 0.5, seed: 3, classes: [1], guidance: manifest.defaults.guidance, sampler: 'ddim' as const, eta: 0 };
      const hooks = { onStep: () => {}, onTrajectory: () => {} };
      const [stitched, largeOnly] = await generatePair(manifest, denoisers, params, hooks);
      const { channels, height, width } = manifest.image;
      expect(stitched.image).toHaveLength(channels * height * width);
      expect(stitched.image.every(Number.isFinite)).toBe(true);
      expect(stitched.calls).toEqual({ small: 2, large: 2 });
      expect(Array.from(stitched.image)).not.toEqual(Array.from(largeOnly.image));

      const [s0, l0] = await generatePair(manifest, denoisers, { ...params, fraction: 0 }, hooks);
      expect(Array.from(s0.image)).toEqual(Array.from(l0.image));
      expect(Array.from(l0.image)).toEqual(Array.from(largeOnly.image));
    } finally {
      await small.release();
      await large.release();
    }
  });
});
