// npm run ep-compare -- FILE.onnx...: max |out_cpu - out_webgpu| of each model's outputs on
// onnxruntime-node's CPU EP and its WebGPU EP (SwiftShader here), for the same deterministic
// float inputs (free dimensions set to 2). A check of kernels, not of models: nothing is timed.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runMain } from '../lib/cli';
import { loadOrtNode, vulkanDriver } from '../lib/ort';
import { maxAbsDiff } from './lib/parity';

async function outputs(ort: Awaited<ReturnType<typeof loadOrtNode>>, model: Uint8Array, ep: string) {
  const session = await ort.InferenceSession.create(model, { executionProviders: [ep], logSeverityLevel: 3 });
  try {
    const feeds = Object.fromEntries(
      session.inputMetadata.map((m, k) => {
        if (!m.isTensor || m.type !== 'float32') throw new Error(`input ${m.name}: only float32 tensors are fed`);
        const dims = m.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 2));
        const size = dims.reduce((a, b) => a * b, 1);
        return [
          m.name,
          new ort.Tensor(
            'float32',
            Float32Array.from({ length: size }, (_, i) => 2 * Math.sin(i * 12.9898 + k)),
            dims,
          ),
        ];
      }),
    );
    const out = await session.run(feeds);
    return session.outputNames.map((n) => out[n].data as Float32Array);
  } finally {
    await session.release();
  }
}

async function main(files: string[]): Promise<void> {
  if (files.length === 0) throw new Error('usage: npx tsx tools/research/ep-compare.ts FILE.onnx...');
  vulkanDriver();
  const ort = await loadOrtNode();
  console.log('| model | max abs output | max abs CPU - WebGPU |\n|---|---:|---:|');
  for (const f of files) {
    const model = new Uint8Array(readFileSync(f));
    const [cpu, gpu] = [await outputs(ort, model, 'cpu'), await outputs(ort, model, 'webgpu')];
    const worst = Math.max(...cpu.map((o, i) => maxAbsDiff(o, gpu[i])));
    const size = Math.max(...cpu.map((o) => o.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    console.log(`| ${basename(f)} | ${size.toFixed(3)} | ${worst.toExponential(2)} |`);
  }
}

runMain('ep-compare', () => main(process.argv.slice(2)));
