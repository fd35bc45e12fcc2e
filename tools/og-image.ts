// The share preview image from a model set (tools/lib/sharePreview.ts): samples the page's default
// run with four images, writes the PNG, and prints one line of JSON with the words the page's tags
// need. The build runs it (tools/vite/ogImage.ts) in a process of its own, next to the bundling;
// by hand it shows what a build would draw:
//   npx tsx tools/og-image.ts --out /tmp/og-image.png [--models public/models]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODELS_DIR, loadManifest } from './lib/models';
import { loadOrt } from './lib/ort';
import { OG_HEIGHT, OG_WIDTH, descriptionSuffix, imageAlt, previewOf, renderPreview } from './lib/sharePreview';

/** What the plugin reads from stdout. */
export interface OgImageResult {
  file: string;
  width: number;
  height: number;
  /** The sentence og:description adds to the page's description. */
  description: string;
  alt: string;
  /** What sampled: package and execution provider. */
  runtime: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { models: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help || !values.out) {
    console.error('usage: npx tsx tools/og-image.ts --out FILE.png [--models DIR (a folder with manifest.json; public/models by default)]');
    process.exit(values.help ? 0 : 2);
  }
  const dir = resolve(values.models ?? DEFAULT_MODELS_DIR);
  const manifest = loadManifest(dir);
  const preview = previewOf(manifest);
  // One thread: the same sums in the same order on every run. The wasm EP where the native package is missing.
  const o = await loadOrt('node', { threads: 1 }).catch((e: Error) => {
    console.error(`[og-image] onnxruntime-node did not load (${e.message}); sampling with onnxruntime-web's wasm EP instead`);
    return loadOrt('wasm');
  });
  const file = resolve(values.out);
  writeFileSync(file, await renderPreview(manifest, dir, preview, o));
  const result: OgImageResult = { file, width: OG_WIDTH, height: OG_HEIGHT, description: descriptionSuffix(preview), alt: imageAlt(manifest, preview), runtime: o.description };
  console.log(JSON.stringify(result));
}

main().catch((e: Error) => {
  console.error(`[og-image] ${e.message}`);
  process.exit(1);
});
