// npm run webgpu:browser: the page's WebGPU path as the browser runs it (onnxruntime-web/jspi, the
// native WebGPU EP), in Chromium on SwiftShader WebGPU (tools/research/browser-webgpu/page.html):
// 1. GPU work per call of each denoiser, counted at the WebGPU API (dispatches, submits, uploads,
//    downloads): the browser's side of `npm run kernels`, whose profiler the browser does not expose;
// 2. whether graph capture works: a session with enableGraphCapture and GPU-buffer inputs and
//    outputs, new x and t written into the bound buffers before each run, eps read back and compared
//    with a plain session's output for the same inputs (and the same with capture off, as a control).
// Usage: npm run webgpu:browser -- [--models public/models] [--runs 4] [--build jspi|jsep] [--out file.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, requireChromium, WEBGPU_ARGS } from '../../testing/browsers';
import { serveStatic } from '../../testing/server';
import { runMain } from '../lib/cli';

const ROOT = resolve(import.meta.dirname, '../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      models: { type: 'string', default: 'public/models' },
      runs: { type: 'string', default: '4' },
      build: { type: 'string', default: 'jspi' },
      out: { type: 'string' },
    },
  });
  const manifest = JSON.parse(readFileSync(join(values.models!, 'manifest.json'), 'utf8')) as { denoisers: { id: string; file: string }[] };
  // The test page, the models under their manifest names, and onnxruntime-web's files at /ort/.
  const files: Record<string, string> = { '/index.html': join(import.meta.dirname, 'browser-webgpu/page.html') };
  for (const d of manifest.denoisers) files[`/${d.file}`] = resolve(values.models!, d.file);
  const server = await serveStatic({ files, mounts: { '/ort/': join(ROOT, 'node_modules/onnxruntime-web/dist') } });

  const browser = await chromium.launch({ executablePath: requireChromium(), args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS] });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text().slice(0, 300)}`));
    await page.goto(`${server.url}index.html`);
    const runs = Number(values.runs);
    const report: Record<string, unknown> = {
      command: `npm run webgpu:browser --${process.argv
        .slice(2)
        .map((a) => ` ${a}`)
        .join('')}`,
      date: new Date().toISOString(),
      chromium: browser.version(),
      onnxruntimeWeb: JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-web/package.json'), 'utf8')).version,
      build: values.build === 'jsep' ? 'onnxruntime-web (JSEP, deprecated since 1.29)' : 'onnxruntime-web/jspi (native WebGPU EP)',
      batch: 2,
      denoisers: [] as unknown[],
    };
    for (const d of manifest.denoisers) {
      const entry: Record<string, unknown> = { id: d.id, file: d.file };
      for (const capture of [false, true]) {
        const { perCall, runs: result } = await page.evaluate(
          (o) => (window as unknown as { check(o: unknown): Promise<{ perCall: unknown[]; runs: unknown[] }> }).check(o),
          { model: `/${d.file}`, capture, runs, build: values.build },
        );
        if (!capture) entry.perCall = perCall;
        entry[capture ? 'graphCapture' : 'gpuBuffersWithoutCapture'] = result;
        if (!capture) {
          console.log(`${d.id}: GPU work per call (after the first)`);
          console.table(perCall);
        }
        console.log(`${d.id}: enableGraphCapture ${capture}, GPU-buffer inputs and outputs`);
        console.table(result);
      }
      (report.denoisers as unknown[]).push(entry);
    }
    if (values.out) writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
  } finally {
    await browser.close();
    await server.close();
  }
}

runMain('webgpu:browser', main);
