// npm run check-set -- <folder>...: is this a model set the page opens? The folder is read as
// "Open your own models" reads it (or, with --served, as the runtime worker reads a served set),
// checked with the page's own code and messages, and each model opened and test-run on
// onnxruntime. Exit 0 when every folder opens, 1 when one is refused, 2 on a usage error.
import { parseArgs } from 'node:util';
import { choiceFlag } from '../lib/cli';
import { loadOrt, NODE_BACKENDS, type LoadedOrt, type NodeBackend } from '../lib/ort';
import { checkSet, type CheckOptions } from './checkSet';
import { formatVerdict } from './summary';

const USAGE = `usage: npm run check-set -- [options] <folder>...

Checks each folder as the page checks a model set: manifest.json's text (size, nesting), its
schema, the files it names (names, sizes, sha256), each ONNX model's inputs and outputs (names,
types, shapes, dynamic batch) and a first test run with the null class. Prints the page's own
message for a refused set and a summary for a set that opens.

  --served         as a served set (public/models): every sha256 required
  --manifest-only  the manifest alone: no file is looked at
  --backend B      onnxruntime for the models: node (onnxruntime-node, CPU EP; default) or
                   wasm (onnxruntime-web's wasm EP, the page's fallback, in Node)
  --json           one JSON line per folder: {"folder", "verdict": "opens" | "refused", "message"}`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        served: { type: 'boolean' },
        'manifest-only': { type: 'boolean' },
        backend: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  let backend: NodeBackend;
  try {
    backend = choiceFlag('backend', values.backend, 'node', NODE_BACKENDS);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  // One onnxruntime for every folder, loaded only once a set needs it.
  let ort: Promise<LoadedOrt> | undefined;
  const options: CheckOptions = {
    served: values.served,
    manifestOnly: values['manifest-only'],
    ort: () => (ort ??= loadOrt(backend)),
  };
  let refused = 0;
  for (const folder of positionals) {
    const v = await checkSet(folder, options);
    if (v.verdict === 'refused') refused++;
    if (values.json) {
      console.log(JSON.stringify(v.verdict === 'refused' ? v : { folder, verdict: v.verdict, files: v.files, runtime: v.runtime }));
    } else {
      console.log(formatVerdict(v, options).join('\n'));
    }
  }
  return refused > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    console.error(`[check-set] ${e.stack ?? e.message}`);
    process.exitCode = 2;
  },
);
