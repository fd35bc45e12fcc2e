// "Open your own models": a model set from the user's disk (a folder, or files dropped on the
// page), checked like the shipped ones before the worker opens it. The page reads it here with the
// sha256 in its hash worker (src/page/localSet.ts); npm run check-set reads a folder here too, so
// both give the same verdict in the same words. Nothing here uploads anything.
import { sha256Hex, sha256OfStream } from './fileChecks';
import { type LocalManifest, type Manifest } from './manifest';
import { LIMITS } from './manifestLimits';
import { checkManifestSize, checkManifestText } from './manifestText';
import { parseLocalManifest } from './readManifest';

/** A file as the browser hands it over: a folder pick gives each its path inside the folder. */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  /** "folder/sub/file.onnx" for a folder pick; "" for files picked or dropped one by one. */
  readonly webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
  /** A File's bytes chunk by chunk: hashed without holding the whole file (arrayBuffer() where absent). */
  stream?(): ReadableStream<Uint8Array>;
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
    throw new Error(`manifest.json is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/** The manifest's file entries with the name of their field, for messages. */
function entries(m: LocalManifest): { field: string; entry: { file: string; sha256?: string; bytes?: number } }[] {
  const list = m.denoisers.map((entry, i) => ({ field: `denoisers[${i}]`, entry }));
  return m.decoder ? [...list, { field: 'decoder', entry: m.decoder }] : list;
}

/** "512 MiB" */
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** Computes a file's sha256, telling `onProgress` the bytes read so far. */
export type Hasher = (file: PickedFile, onProgress: (loaded: number) => void) => Promise<string>;

/**
 * The sha256 on this thread, streamed (one chunk in memory at a time, never a copy of the whole
 * file): the Node tools', and the page's where it has no Worker.
 */
export const hashOnThisThread: Hasher = async (file, onProgress) => {
  const sha = file.stream ? await sha256OfStream(file.stream()) : await sha256Hex(await file.arrayBuffer());
  onProgress(file.size);
  return sha;
};

/** Where the check is: the file (of `count`, from 1) whose sha256 is being computed, and its bytes read. */
export interface CheckProgress {
  file: string;
  index: number;
  count: number;
  loaded: number;
  total: number;
}

export interface ReadOptions {
  /** Computes each file's sha256; by default on this thread (the page hands in its hash worker). */
  hasher?: Hasher;
  onProgress?: (progress: CheckProgress) => void;
}

/**
 * Reads manifest.json from `files`, checks it (manifest.ts), finds every file it names, checks
 * their sizes (under LIMITS.modelBytes, and the manifest's bytes where given) before reading any,
 * then their sha256 where given and computes it where not (streamed, with `options.hasher`). The
 * ONNX files' own checks (inputs, outputs, types, shapes) happen when the runtime worker opens them.
 */
export async function readLocalSet<F extends PickedFile>(files: readonly F[], options: ReadOptions = {}): Promise<LocalSet<F>> {
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
  const list = entries(local);
  // Every file found and its size checked first: nothing is read before the whole set passed.
  for (const { field, entry } of list) {
    const file = byPath.get(entry.file);
    if (!file) {
      const names = [...byPath.keys()].sort().join(', ');
      throw new LocalSetError(`manifest.json's ${field}.file names "${entry.file}", which is not among the files you opened (${names}).`);
    }
    if (file.size > LIMITS.modelBytes) {
      throw new LocalSetError(
        `"${entry.file}" (manifest.json's ${field}.file) has ${file.size} bytes, more than the ${LIMITS.modelBytes} bytes (${mib(LIMITS.modelBytes)}) ` +
          `a model file may have on this page (onnxruntime-web's wasm memory holds the model and its session). Export a smaller model, ` +
          `or store its weights as int8 (contract.export_denoiser(..., weights="int8")).`,
      );
    }
    if (entry.bytes !== undefined && file.size !== entry.bytes) {
      throw new LocalSetError(`"${entry.file}" has ${file.size} bytes, but manifest.json's ${field}.bytes says ${entry.bytes}.`);
    }
    found[entry.file] = file;
  }
  const hash = options.hasher ?? hashOnThisThread;
  for (const [i, { field, entry }] of list.entries()) {
    const file = found[entry.file];
    const progress = (loaded: number) =>
      options.onProgress?.({ file: entry.file, index: i + 1, count: list.length, loaded, total: file.size });
    progress(0);
    let sha: string;
    try {
      sha = await hash(file, progress);
    } catch (e) {
      throw new LocalSetError(
        `"${entry.file}" (manifest.json's ${field}.file) could not be checked: ${(e as Error).message.replace(/\.$/, '')}.`,
      );
    }
    if (entry.sha256 !== undefined && entry.sha256.toLowerCase() !== sha) {
      throw new LocalSetError(
        `"${entry.file}" does not match manifest.json's ${field}.sha256: the file's sha256 is ${sha}, the manifest says ${entry.sha256.toLowerCase()}.`,
      );
    }
    entry.sha256 = sha;
  }
  return { manifest: local as Manifest, files: found };
}
