// "Open your own models": a model set from the user's disk (a folder, or files dropped on the
// page), checked like the shipped ones before the worker opens it. Nothing here uploads anything:
// the files go to this page's own worker and nowhere else.
import { sha256Hex } from '../models/fileChecks';
import { parseLocalManifest, type LocalManifest, type Manifest } from '../models/manifest';
import { checkManifestSize, checkManifestText } from '../models/manifestText';

/** A file as the browser hands it over: a folder pick gives each its path inside the folder. */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  /** "folder/sub/file.onnx" for a folder pick; "" for files picked or dropped one by one. */
  readonly webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

export interface LocalSet<F extends PickedFile = PickedFile> {
  /** Every sha256 filled in: checked where the manifest gives one, computed where it does not. */
  manifest: Manifest;
  /** The manifest's files by their `file` field (the denoisers' and the decoder's). */
  files: Record<string, F>;
}

/** A local set that cannot be opened; the message names the file and the manifest's field. */
export class LocalSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalSetError';
  }
}

const pathOf = (f: PickedFile) => f.webkitRelativePath || f.name;
const depth = (f: PickedFile) => pathOf(f).split('/').length;

/** The folder of the shallowest manifest.json, and every file's path relative to it. */
function locate<F extends PickedFile>(files: readonly F[]): { manifest: F; byPath: Map<string, F> } {
  const manifests = files.filter((f) => f.name === 'manifest.json').sort((a, b) => depth(a) - depth(b));
  const manifest = manifests[0];
  if (!manifest) {
    throw new LocalSetError(
      `None of the ${files.length} files you opened is named manifest.json. Open the folder that holds manifest.json and the ONNX files it names (docs/guide-own-models.md).`,
    );
  }
  const dir = pathOf(manifest).slice(0, -'manifest.json'.length);
  const byPath = new Map<string, F>();
  for (const f of files) {
    const p = pathOf(f);
    if (p.startsWith(dir)) byPath.set(p.slice(dir.length), f);
  }
  return { manifest, byPath };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`manifest.json is not valid JSON: ${(e as Error).message}`);
  }
}

/** The manifest's file entries with the name of their field, for messages. */
function entries(m: LocalManifest): { field: string; entry: { file: string; sha256?: string; bytes?: number } }[] {
  const list = m.denoisers.map((entry, i) => ({ field: `denoisers[${i}]`, entry }));
  return m.decoder ? [...list, { field: 'decoder', entry: m.decoder }] : list;
}

/**
 * Reads manifest.json from `files`, checks it (manifest.ts), finds every file it names, checks
 * byte counts and sha256 where given and computes the sha256 where not. The ONNX files' own
 * checks (inputs, outputs, shapes) happen when the worker opens them.
 */
export async function readLocalSet<F extends PickedFile>(files: readonly F[]): Promise<LocalSet<F>> {
  const { manifest: manifestFile, byPath } = locate(files);
  let json: unknown;
  try {
    // Size before reading, size and nesting before parsing (manifestText.ts): a huge or deeply
    // nested file is refused without being read into memory or parsed.
    checkManifestSize(manifestFile.size, 'manifest.json');
    const text = await manifestFile.text();
    checkManifestText(text, 'manifest.json');
    json = parseJson(text);
  } catch (e) {
    throw new LocalSetError((e as Error).message);
  }
  let local: LocalManifest;
  try {
    local = parseLocalManifest(json, 'manifest.json');
  } catch (e) {
    throw new LocalSetError((e as Error).message);
  }
  const found: Record<string, F> = {};
  for (const { field, entry } of entries(local)) {
    const file = byPath.get(entry.file);
    if (!file) {
      const names = [...byPath.keys()].sort().join(', ');
      throw new LocalSetError(`manifest.json's ${field}.file names "${entry.file}", which is not among the files you opened (${names}).`);
    }
    if (entry.bytes !== undefined && file.size !== entry.bytes) {
      throw new LocalSetError(`"${entry.file}" has ${file.size} bytes, but manifest.json's ${field}.bytes says ${entry.bytes}.`);
    }
    const sha = await sha256Hex(await file.arrayBuffer());
    if (entry.sha256 !== undefined && entry.sha256.toLowerCase() !== sha) {
      throw new LocalSetError(`"${entry.file}" does not match manifest.json's ${field}.sha256: the file's sha256 is ${sha}, the manifest says ${entry.sha256.toLowerCase()}.`);
    }
    entry.sha256 = sha;
    found[entry.file] = file;
  }
  return { manifest: local as Manifest, files: found };
}
