// npm run parity: max |eps - eps_torch| of a folder's denoisers on the torch reference inputs
// (training/fixtures/reference.json), per backend, and max |eps - eps_other| against another folder.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { log, runMain, sibling, writeText } from '../lib/cli';
import { DEFAULT_MODELS_DIR } from '../lib/models';
import { measureParity, PARITY_BACKENDS, type ParityBackend } from './lib/parity';

const HELP = `npm run parity -- [flags]
  --models DIR      folder with manifest.json (default public/models)
  --against DIR     also compare with the denoisers of the same id in DIR (CPU EP)
  --backends LIST   cpu,wasm,webgpu,browser-webgpu,browser-wasm (default cpu): onnxruntime-node CPU EP,
                    onnxruntime-web wasm in Node, onnxruntime-node's WebGPU EP (Vulkan: VK_DRIVER_FILES, else
                    Chromium's SwiftShader), onnxruntime-web as the page imports it (JSEP) in headless Chromium
                    with the SwiftShader WebGPU flags, on its WebGPU or wasm EP
  --out FILE.json   results; FILE.md next to it (default runs/parity.json)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      models: { type: 'string' },
      against: { type: 'string' },
      backends: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return console.log(HELP);
  const backends = (values.backends ?? 'cpu').split(',').map((b) => b.trim()) as ParityBackend[];
  const unknown = backends.filter((b) => !PARITY_BACKENDS.includes(b));
  if (unknown.length > 0) throw new Error(`--backends: unknown ${unknown.join(', ')}; use ${PARITY_BACKENDS.join(', ')}`);
  const r = await measureParity({ modelsDir: values.models ?? DEFAULT_MODELS_DIR, against: values.against, backends });
  if (r.rows.length === 0) throw new Error(`no denoiser in ${r.models} has a torch reference case (training/make_fixtures.py writes them)`);
  const command = `npm run parity --${process.argv
    .slice(2)
    .map((a) => ` ${a}`)
    .join('')}`;
  const out = resolve(values.out ?? 'runs/parity.json');
  const e = (v: number | string | undefined) => (v === undefined ? 'n/a' : typeof v === 'string' ? `failed: ${v}` : v.toExponential(2));
  const md = [
    `# ONNX outputs against torch: ${r.models}`,
    '',
    `Command: \`${command}\``,
    '',
    'Max absolute difference of eps on the reference inputs (3 images, t = 999, 500, 0, classes 0, 7 and the null class) ' +
      'against the torch outputs in training/fixtures/reference.json' +
      (r.against ? `, and against ${r.against}'s model of the same id (both on the CPU EP)` : '') +
      '.' +
      ('browserAdapter' in r ? ` Browser WebGPU adapter: ${r.browserAdapter ?? 'none'}.` : ''),
    '',
    `| model | role | ${backends.map((b) => `vs torch, ${b}`).join(' | ')}${r.against ? ` | vs ${r.against} |` : ' |'}`,
    `|---|---|${backends.map(() => '---:').join('|')}|${r.against ? '---:|' : ''}`,
    ...r.rows.map(
      (row) =>
        `| ${row.id} | ${row.role} | ${backends.map((b) => e(row.vsTorch[b])).join(' | ')}${r.against ? ` | ${e(row.vsAgainst)} |` : ' |'}`,
    ),
    '',
  ].join('\n');
  writeText(out, JSON.stringify({ tool: 'tools/research/parity.ts', command, date: new Date().toISOString(), ...r }, null, 2) + '\n');
  writeText(sibling(out, '.md'), md);
  process.stdout.write(md);
  log('parity', `wrote ${out} (+ .md)`);
}

runMain('parity', main);
