// 6. Static build: the built app (dist/) served unchanged from a nested sub-path by a plain static
//    server (testing/server.ts: no compression, no special headers) is all the page needs.
//    Every request stays under the sub-path; the manifest, the models and onnxruntime's .wasm come
//    from the build itself; and the app's own JavaScript stays under a gzip budget, measured from
//    the bodies the browser received with the same function `npm run size` uses
//    (tools/site/lib/firstVisit.ts). The fixture models, and no generation: SwiftShader is slow.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { APP_JS_GZIP_BUDGET, appJsGzip, fileName, gzipSize, isRuntimeChunk, kindOf, outsideBase } from '../../tools/site/lib/firstVisit';
import { expect, test } from '../fixtures';
import { openFixtures } from '../helpers';
import { DIST } from './testSite';

interface Seen {
  url: string;
  status: number;
  /** Body bytes received. */
  bytes: number;
  /** For JavaScript: the body's size with gzip -9. */
  gzip: number;
}

test.describe('static deploy', () => {
  // Every request straight from the page or its worker, so Playwright hands out every JavaScript body
  // (it reads none from a service worker's fetches). The offline copy has its own test (e2e/classroom/models.spec.ts).
  test.use({ serviceWorkers: 'block' });

  test(`static build from a sub-path: every request stays under it, the manifest, models and wasm come from dist/, the app's own JS is under ${APP_JS_GZIP_BUDGET / 1000} kB gzip`, async ({
    page,
    context,
    baseURL,
  }) => {
    const requested: string[] = [];
    const seen: Seen[] = [];
    const reads: Promise<void>[] = [];
    const unread: string[] = [];
    context.on('request', (r) => requested.push(r.url()));
    context.on('response', (response) => {
      reads.push(
        (async () => {
          const url = response.url();
          // Bodies of large files (the wasm, the models) may be gone from DevTools' buffer: Chromium's count of body bytes.
          const body = kindOf(url) === 'js' ? await response.body() : undefined;
          const bytes = body?.byteLength ?? (await response.request().sizes()).responseBodySize;
          seen.push({ url, status: response.status(), bytes, gzip: body ? gzipSize(body) : 0 });
        })().catch((e: Error) => void unread.push(`${response.url()}: ${e.message}`)),
      );
    });

    await openFixtures(page);
    await Promise.all(reads);
    expect(unread, 'responses whose body could not be read').toEqual([]);

    expect(outsideBase(requested, baseURL!), `requests outside ${baseURL}`).toEqual([]);

    // The manifest, both models and the wasm binary: fetched OK from the sub-path, the very files in
    // dist/ (DIST_DIR when set). The medium model is fetched only once a setting gives it steps.
    const manifest = JSON.parse(readFileSync(join(DIST, 'fixtures/manifest.json'), 'utf8')) as {
      denoisers: { file: string; role: string }[];
    };
    const needed = [
      'fixtures/manifest.json',
      ...manifest.denoisers.filter((d) => d.role !== 'medium').map((d) => `fixtures/${d.file}`),
      ...new Set(seen.filter((s) => kindOf(s.url) === 'wasm').map((s) => fileName(s.url, baseURL!))),
    ];
    expect(needed.filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
    expect(
      requested.filter((u) => new URL(u).pathname.endsWith('tiny-medium.onnx')),
      'the medium model on a first visit',
    ).toEqual([]);
    for (const file of needed) {
      const ok = seen.filter((s) => fileName(s.url, baseURL!) === file && s.status === 200);
      expect(ok.length, `${file} fetched with HTTP 200`).toBeGreaterThan(0);
      const inDist = join(DIST, file);
      expect(existsSync(inDist), `${inDist} exists`).toBe(true);
      expect(ok[0].bytes, `${file}: the bytes of ${inDist}`).toBe(statSync(inDist).size);
    }

    // The budget counts the app's own JavaScript, not the worker chunk that carries onnxruntime-web.
    const js = seen.filter((s) => kindOf(s.url) === 'js' && s.status === 200);
    expect(
      js.some((s) => isRuntimeChunk(s.url)),
      'the runtime worker chunk was loaded',
    ).toBe(true);
    const appGzip = appJsGzip(js);
    expect(appGzip).toBeGreaterThan(0);
    test.info().annotations.push({ type: 'app JS (gzip -9)', description: `${appGzip} bytes of ${APP_JS_GZIP_BUDGET}` });
    expect(appGzip, `the app's own JavaScript, gzip -9 bytes`).toBeLessThan(APP_JS_GZIP_BUDGET);
  });
});
