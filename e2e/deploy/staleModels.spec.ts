// 11.1 Model bytes are never served stale. A release retrains a model under the same file name
//      (new sha256 in the manifest) on a host that lets browsers keep model files for a year.
//      The returning visitor's next online visit gets the new model: the worker downloads a model
//      by its content (the sha256 in the query, src/worker/modelCache.ts), so the browser's HTTP
//      cache cannot answer with the old bytes (which would fail the sha256 check on every reload).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures';
import { canvasPixels, configure, expectModelsOpen, expectNonBlank, generate } from '../helpers';
import { DIST, testSite } from './testSite';

test('a model retrained under the same file name reaches a returning visitor, though the host lets browsers cache it for a year', async ({
  page,
  baseURL,
}) => {
  const site = testSite(baseURL!, 'stale-models');
  try {
    site.host({ headers: { '.onnx': { 'cache-control': 'public, max-age=31536000' } } });
    const manifest = JSON.parse(readFileSync(`${DIST}/fixtures/manifest.json`, 'utf8')) as {
      denoisers: { role: string; sha256: string; bytes: number }[];
    };
    site.write('fixtures/manifest.json', JSON.stringify(manifest));
    site.write('fixtures/tiny-small.onnx', readFileSync(`${DIST}/fixtures/tiny-small.onnx`));

    await test.step('first visit: the small model is downloaded (and may be kept by the HTTP cache)', async () => {
      await page.goto(`${site.url}?models=fixtures&gpu=software&autorun=0`);
      await expectModelsOpen(page);
      await expect(page.getByTestId('download-small')).toHaveAttribute('data-source', 'network');
    });

    await test.step('the release: other weights under the same name, the manifest names their sha256', async () => {
      const retrained = readFileSync(`${DIST}/fixtures/tiny-medium.onnx`); // same architecture, other weights
      const small = manifest.denoisers.find((d) => d.role === 'small')!;
      expect(createHash('sha256').update(retrained).digest('hex')).not.toBe(small.sha256);
      small.sha256 = createHash('sha256').update(retrained).digest('hex');
      small.bytes = retrained.byteLength;
      site.write('fixtures/tiny-small.onnx', retrained);
      site.write('fixtures/manifest.json', JSON.stringify(manifest));
    });

    await test.step('the next visit loads the new model, no error, and generates', async () => {
      const modelRequests: string[] = [];
      // The runtime worker's requests are reported on the context.
      page.context().on('request', (r) => void (r.url().includes('tiny-small.onnx') && modelRequests.push(r.url())));
      await page.goto(`${site.url}?models=fixtures&gpu=software&autorun=0`);
      await expectModelsOpen(page);
      await expect(page.getByTestId('download-small')).toHaveAttribute('data-source', 'network');
      const small = manifest.denoisers.find((d) => d.role === 'small')!;
      expect(
        modelRequests.some((u) => u.endsWith(`tiny-small.onnx?sha256=${small.sha256}`)),
        modelRequests.join(', '),
      ).toBe(true);
      await configure(page, 2, 1);
      await generate(page);
      expectNonBlank(await canvasPixels(page, 'Stitched trajectory'));
    });
  } finally {
    site.remove();
  }
});
