// node unskeleton.mjs DIR REPO: every DIR/*.recipe.json's model rebuilt next to it from its
// skeleton (DIR/<file>.skel) and the checkpoint in REPO it names, checked against its sha256.
// The kit's run.sh runs it before the measurement (tools/gpu/skeleton.ts says why).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMain } from '../lib/cli';
import { rebuildModel, type Recipe } from './skeleton';

function main(): void {
  const [dir, repo] = process.argv.slice(2);
  if (!dir || !repo) throw new Error('usage: node unskeleton.mjs DIR REPO');
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.recipe.json'))
    .sort()) {
    const recipe = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Recipe;
    const model = rebuildModel(readFileSync(join(dir, `${recipe.file}.skel`)), readFileSync(join(repo, recipe.source.path)), recipe);
    writeFileSync(join(dir, recipe.file), model);
    process.stderr.write(`[unskeleton] ${recipe.file}: ${model.length} bytes, sha256 ${recipe.sha256} (from ${recipe.source.path})\n`);
  }
}

runMain('unskeleton', main);
