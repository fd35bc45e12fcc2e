// The browser's onnxruntime: onnxruntime-web's default build (JSEP, as src/worker/ortWeb.ts
// imports it) in headless Debian Chromium with the SwiftShader WebGPU flags, on its WebGPU or
// wasm EP. Serves only onnxruntime-web's dist/ and the model bytes; nothing of src/ is built.
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { CHROMIUM, COMMON_ARGS, WEBGPU_ARGS } from './browserBench';

const ORT_DIST = resolve(import.meta.dirname, '../../node_modules/onnxruntime-web/dist');
const PAGE = '<!doctype html><meta charset="utf-8"><title>parity</title>';

export interface BrowserRun {
  model: Uint8Array;
  feeds: { x: number[]; t: number[]; y: number[]; shape: number[] };
}

function serve(models: Uint8Array[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const model = /^\/model\/(\d+)$/.exec(path);
    const ortFile = /^\/ort\/([\w.-]+)$/.exec(path);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
    } else if (model && models[Number(model[1])]) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(models[Number(model[1])]);
    } else if (ortFile && existsSync(join(ORT_DIST, ortFile[1]))) {
      const type = ortFile[1].endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      res.writeHead(200, { 'content-type': type });
      createReadStream(join(ORT_DIST, ortFile[1])).pipe(res);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** eps of every run on each EP, or the error the browser gave; and the WebGPU adapter it found. */
export async function browserEps(runs: BrowserRun[], eps: readonly ('webgpu' | 'wasm')[]) {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const server = await serve(runs.map((r) => r.model));
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...COMMON_ARGS, ...WEBGPU_ARGS] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return await page.evaluate(async ({ feeds, eps }) => {
      const ort = await import('/ort/ort.mjs' as string);
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.wasmPaths = '/ort/';
      const adapter = await (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string } } | null> } }).gpu?.requestAdapter();
      const out: Record<string, (number[] | { error: string })[]> = {};
      for (const ep of eps) {
        out[ep] = [];
        for (const [i, f] of feeds.entries()) {
          try {
            const session = await ort.InferenceSession.create(`/model/${i}`, { executionProviders: [ep], graphOptimizationLevel: 'all' });
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
    }, { feeds: runs.map((r) => r.feeds), eps });
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
}
