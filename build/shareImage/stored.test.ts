import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from '../png';
import { drawShareImage } from './main';
import { CACHE_DIR, COMMITTED_DIR, findStored, readStored, shareImageKey, writeStored, type ShareImageInfo } from './stored';

const ROOT = resolve(import.meta.dirname, '../..');
const SHIPPED = join(ROOT, 'public/models');
const FIXTURES = join(ROOT, 'public/fixtures');

describe('the committed share image (build/shareImage/og-image.png)', () => {
  const committed = readStored(join(ROOT, COMMITTED_DIR));

  it('was drawn from the shipped models: after retraining, npm run share-image and commit both files', () => {
    expect(committed?.info.key).toBe(shareImageKey(SHIPPED));
  });

  // The key leaves out the code that samples and draws; a change there shows here. Within float
  // noise: a build machine's CPU may round onnxruntime's sums differently in the last bit.
  it('is what the code draws now: the same words, the same pixels within 16 grey levels (mean under 0.5)', async () => {
    const { png, info } = await drawShareImage(SHIPPED);
    const { runtime: _r1, ...now } = info;
    const { runtime: _r2, ...kept } = committed!.info;
    expect(kept).toEqual(now);
    const [a, b] = [decodePng(readFileSync(committed!.png)), decodePng(png)];
    expect([a.width, a.height]).toEqual([b.width, b.height]);
    let max = 0;
    let sum = 0;
    for (let i = 0; i < a.data.length; i++) {
      const d = Math.abs(a.data[i] - b.data[i]);
      max = Math.max(max, d);
      sum += d;
    }
    expect(max).toBeLessThanOrEqual(16);
    expect(sum / a.data.length).toBeLessThan(0.5);
  }, 120_000);
});

describe('findStored', () => {
  const root = mkdtempSync(join(tmpdir(), 'tstitch-share-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const info = (key: string): ShareImageInfo => ({ key, width: 1, height: 1, description: 'd', alt: 'a', runtime: 'r' });

  it('takes the committed picture for its models, the cache for another set, and nothing for a set never drawn', () => {
    const models = join(root, 'models');
    cpSync(FIXTURES, models, { recursive: true });
    expect(findStored(root, models)).toBeUndefined();
    writeStored(join(root, COMMITTED_DIR), new Uint8Array([1]), info('not these models'));
    expect(findStored(root, models)).toBeUndefined();
    const key = shareImageKey(models);
    writeStored(join(root, CACHE_DIR, key), new Uint8Array([2]), info(key));
    expect(findStored(root, models)?.png).toBe(join(root, CACHE_DIR, key, 'og-image.png'));
    writeStored(join(root, COMMITTED_DIR), new Uint8Array([3]), info(key));
    expect(findStored(root, models)?.png).toBe(join(root, COMMITTED_DIR, 'og-image.png'));
    // Any change to the manifest (a retrained model's sha256) is another key.
    writeFileSync(
      join(models, 'manifest.json'),
      readFileSync(join(models, 'manifest.json'), 'utf8').replace(/"sha256": "[0-9a-f]/, '"sha256": "x'),
    );
    expect(findStored(root, models)).toBeUndefined();
  });
});
