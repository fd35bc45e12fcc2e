// The browser's onnxruntime: onnxruntime-web's default build (JSEP, as src/worker/ortWeb.ts
// imports it) in headless Debian Chromium with the SwiftShader WebGPU flags, on its WebGPU or
// wasm EP. Serves only onnxruntime-web's dist/ and the model bytes (testing/server.ts); nothing
// of src/ is built.
import { resolve } from 'node:path';
import { CHROMIUM_ARGS, requireChromium, WEBGPU_ARGS } from '../../../testing/browsers';
import { serveStatic } from '../../../testing/server';

const ORT_DIST = resolve(import.meta.dirname, '../../../node_modules/onnxruntime-web/dist');
const PAGE = '<!doctype html><meta charset="utf-8"><title>parity</title>';

export interface BrowserRun {
  model: Uint8Array;
  feeds: { x: number[]; t: number[]; y: number[]; shape: number[] };
}

/** eps of every run on each EP, or the error the browser gave; and the WebGPU adapter it found. */
export async function browserEps(runs: BrowserRun[], eps: readonly ('webgpu' | 'wasm')[]) {
  const executablePath = requireChromium();
  // An empty page, each model's bytes at /model/K.onnx, onnxruntime-web's files at /ort/.
  const files = Object.fromEntries([['/index.html', new TextEncoder().encode(PAGE)], ...runs.map((r, k) => [`/model/${k}.onnx`, r.model])]);
  const server = await serveStatic({ files, mounts: { '/ort/': ORT_DIST } });
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}index.html`);
    return await page.evaluate(
      async ({ feeds, eps }) => {
        const ort = await import('/ort/ort.mjs' as string);
        ort.env.wasm.numThreads = 1;
        ort.env.wasm.wasmPaths = '/ort/';
        const adapter = await (
          navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string } } | null> } }
        ).gpu?.requestAdapter();
        const out: Record<string, (number[] | { error: string })[]> = {};
        for (const ep of eps) {
          out[ep] = [];
          for (const [i, f] of feeds.entries()) {
            try {
              const session = await ort.InferenceSession.create(`/model/${i}.onnx`, {
                executionProviders: [ep],
                graphOptimizationLevel: 'all',
              });
              const n = f.shape[0];
              const r = await session.run({
                x: new ort.Tensor('float32', Float32Array.from(f.x), f.shape),
                t: new ort.Tensor('float32', Float32Array.from(f.t), [n]),
                y: new ort.Tensor('int64', BigInt64Array.from(f.y.map(BigInt)), [n]),
              });
              out[ep].push(Array.from(r.eps.data as Float32Array));
              await session.release();
            } catch (e) {
              out[ep].push({ error: String((e as Error).message ?? e).split('\n')[0] });
            }
          }
        }
        return { adapter: adapter ? `${adapter.info?.vendor ?? ''} ${adapter.info?.architecture ?? ''}`.trim() || 'yes' : null, out };
      },
      { feeds: runs.map((r) => r.feeds), eps },
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
