// The GPU measurement's command: npx tsx tools/gpu/measure.ts [flags] here, or `node measure.mjs`
// from the packed kit (npm run gpu:pack) on a machine with a GPU and no Node (.gpu/*/run.sh).
import { renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { log, runMain, sibling, writeText } from '../lib/cli';
import { GPU_HELP, parseGpuArgs } from './config';
import { measureGpu, probeWebgpu } from './measureGpu';
import { gpuMarkdown, type GpuReport } from './report';

/** Whole files only: a run killed mid-write still leaves the last complete JSON. */
function writeAtomic(path: string, text: string): void {
  writeText(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const c = parseGpuArgs(argv);
  if (c === 'help') return console.log(GPU_HELP);
  if (c.probe) return console.log(await probeWebgpu(c));
  const out = resolve(c.out);
  const write = (r: GpuReport) => {
    writeAtomic(out, JSON.stringify(r, null, 2) + '\n');
    writeAtomic(sibling(out, '.md'), gpuMarkdown(r));
  };
  const command = process.env.GPU_KIT_COMMAND || `npx tsx tools/gpu/measure.ts${argv.map((a) => ` ${a}`).join('')}`;
  const t0 = Date.now();
  const report = await measureGpu(c, { command, onUpdate: write, progress: (m) => log(`gpu ${Math.round((Date.now() - t0) / 1000)}s`, m) });
  write(report);
  log('gpu', `wrote ${out} (+ .md) in ${report.wallSeconds} s`);
}

runMain('gpu', main, { stack: true });
