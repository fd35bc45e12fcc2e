// npm run share-image [-- --models DIR --out DIR]: the share preview image of a model set
// (preview.ts: the page's default run with four images, sampled and drawn), written as
// og-image.png with og-image.json (its key and the words the page's tags need) into --out, and
// that JSON printed as one line. By default the shipped models into build/shareImage/, where the
// build takes it from (stored.ts): run it after retraining and commit both files. The build runs it
// itself, in a process of its own, only for a set it has no picture of.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { log, runMain } from '../../tools/lib/cli';
import { DEFAULT_MODELS_DIR, loadManifest } from '../../tools/lib/models';
import { loadOrt } from '../../tools/lib/ort';
import { OG_HEIGHT, OG_WIDTH, descriptionSuffix, imageAlt, previewOf, renderPreview } from './preview';
import { COMMITTED_DIR, shareImageKey, writeStored, type ShareImageInfo } from './stored';

const ROOT = resolve(import.meta.dirname, '../..');
const HELP = `npm run share-image -- [flags]
  --models DIR   a folder with manifest.json (default public/models)
  --out DIR      where og-image.png and og-image.json go (default ${COMMITTED_DIR}, which the build reads)`;

/** Samples and draws the set in `modelsDir`: the PNG and what the tags need. */
export async function drawShareImage(modelsDir: string): Promise<{ png: Buffer; info: ShareImageInfo }> {
  const manifest = loadManifest(modelsDir);
  const preview = previewOf(manifest);
  // One thread: the same sums in the same order on every run. The wasm EP where the native package is missing.
  const o = await loadOrt('node', { threads: 1 }).catch((e: Error) => {
    log('share-image', `onnxruntime-node did not load (${e.message}); sampling with onnxruntime-web's wasm EP instead`);
    return loadOrt('wasm');
  });
  const png = await renderPreview(manifest, modelsDir, preview, o);
  const info: ShareImageInfo = {
    key: shareImageKey(modelsDir),
    width: OG_WIDTH,
    height: OG_HEIGHT,
    description: descriptionSuffix(preview),
    alt: imageAlt(manifest, preview),
    runtime: o.description,
  };
  return { png, info };
}

// Tests import drawShareImage: the command runs only when this file is the one started.
runMain(
  'share-image',
  async () => {
    const { values } = parseArgs({
      options: { models: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if (values.help) return console.log(HELP);
    const modelsDir = resolve(values.models ?? DEFAULT_MODELS_DIR);
    const out = resolve(ROOT, values.out ?? COMMITTED_DIR);
    const { png, info } = await drawShareImage(modelsDir);
    writeStored(out, png, info);
    log('share-image', `wrote ${out}/og-image.png and og-image.json (${info.runtime})`);
    console.log(JSON.stringify(info));
  },
  { module: import.meta },
);
