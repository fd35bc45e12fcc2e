// npm run gpu:build -- [OUTDIR]: tools/gpu/measure.ts and unskeleton.ts, with the src/ and tools/
// code they import, bundled by Vite (Rolldown underneath) into plain .mjs files for Node 20, so the
// GPU machine needs no tsx and no TypeScript. onnxruntime is left out: the kit carries
// onnxruntime-node's own files beside the bundle (tools/gpu/pack.ts).
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import { runMain } from '../lib/cli';

export const BUNDLE_ENTRIES = { measure: 'tools/gpu/measure.ts', unskeleton: 'tools/gpu/unskeleton.ts' } as const;

export async function bundle(outDir: string): Promise<string[]> {
  const root = resolve(import.meta.dirname, '../..');
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      ssr: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      rollupOptions: {
        input: Object.fromEntries(Object.entries(BUNDLE_ENTRIES).map(([k, v]) => [k, resolve(root, v)])),
        external: ['onnxruntime-node', 'onnxruntime-web', /^node:/],
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' },
      },
    },
    ssr: { noExternal: true, external: ['onnxruntime-node', 'onnxruntime-web'] },
  });
  return readdirSync(outDir).sort();
}

// pack.ts imports bundle(): the command runs only when this file is the one started.
runMain(
  'gpu:build',
  async () => {
    const out = resolve(process.argv[2] ?? 'runs/gpu-build/bundle');
    console.log(`[gpu:build] ${out}: ${(await bundle(out)).join(', ')}`);
  },
  { module: import.meta },
);
