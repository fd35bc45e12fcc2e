// check-set's verdict on one folder: the page's own readers and checks, in the page's order, with
// the page's messages (none is worded here). A set from disk goes through src/models/localSet.ts
// (manifest text, schema, file names, sizes, sha256), a served set through the worker's readers
// (fetchManifest, fetchVerified) over the folder; then every model is opened as the runtime worker
// opens it (src/models' signature, type and shape checks) and given its first test run with the
// null class (src/worker/runtime.ts openWarm), here on onnxruntime-node (or onnxruntime-web's wasm).
import { join } from 'node:path';
import { MODEL_ROLES, type ModelRole } from '../../src/core';
import { createDecoderSession, type DecoderSession } from '../../src/models/decoder';
import { fetchVerified } from '../../src/models/fileChecks';
import type { Manifest } from '../../src/models/manifest';
import { checkManifestText } from '../../src/models/manifestText';
import { fetchManifest, parseLocalManifest } from '../../src/models/readManifest';
import { createRunQueue } from '../../src/models/runQueue';
import { createDenoiserSession, type DenoiserSession } from '../../src/models/session';
import { hashOnThisThread, readLocalSet, type PickedFile } from '../../src/models/localSet';
import { firstRunAdvice } from '../../src/worker/runtime';
import { imagesPerCall } from '../../src/worker/warmUp';
import type { LoadedOrt } from '../lib/ort';
import { folderFetch, folderFiles } from './folder';

export interface CheckOptions {
  /**
   * As a served set (public/models, public/fixtures): every sha256 required, the manifest and
   * files read as the runtime worker reads them from a host. Default: a set opened from disk.
   */
  served?: boolean;
  /** The manifest alone (its text and schema): no file is looked at. */
  manifestOnly?: boolean;
  /** onnxruntime for the models, asked for only once a set has passed the file checks. */
  ort: () => Promise<LoadedOrt>;
}

/** One model file of a set that opens. */
export interface FileReport {
  role: ModelRole | 'decoder';
  /** The denoiser's id (a decoder has none). */
  id?: string;
  file: string;
  bytes: number;
  sha256: string;
  /** The manifest gave the sha256 (and it matched); else the page computed it. */
  given: boolean;
}

export type Verdict =
  | {
      folder: string;
      verdict: 'opens';
      manifest: Manifest;
      files: FileReport[];
      runtime?: string;
      firstRun?: { images: number; classId: number; t: number };
    }
  | { folder: string; verdict: 'refused'; message: string };

type Entry = { file: string; sha256: string; bytes?: number };

/** The manifest's files in the order the worker opens them: small, medium, large, then the decoder. */
function entries(m: Manifest): { role: ModelRole | 'decoder'; id?: string; entry: Entry }[] {
  const list: { role: ModelRole | 'decoder'; id?: string; entry: Entry }[] = [];
  for (const role of MODEL_ROLES) {
    const d = m.denoisers.find((e) => e.role === role);
    if (d) list.push({ role, id: d.id, entry: d });
  }
  return m.decoder ? [...list, { role: 'decoder', entry: m.decoder }] : list;
}

/** What the page does with a folder picked from disk, up to the files it hands the worker. */
async function readFromDisk(dir: string, manifestOnly: boolean) {
  let text: string | undefined;
  // The manifest's text as the page read it: which sha256 the author gave, for the summary.
  const files: PickedFile[] = folderFiles(dir).map((f) =>
    f.name === 'manifest.json' ? { ...f, text: async () => (text = await f.text()) } : f,
  );
  const manifests = files.filter((f) => f.name === 'manifest.json');
  if (!manifestOnly || manifests.length === 0) {
    const set = await readLocalSet(files, { hasher: hashOnThisThread });
    return { manifest: set.manifest, text, bytesOf: (e: Entry) => set.files[e.file].arrayBuffer() };
  }
  // The manifest alone: the page's reader on the manifests only, so that a refusal is its own
  // message; past the manifest it stops at the first file it cannot find, and the manifest's own
  // checks (the same functions) say whether it got that far.
  let refusal: Error | undefined;
  await readLocalSet(manifests, { hasher: hashOnThisThread }).catch((e: Error) => (refusal = e));
  if (text === undefined) throw refusal ?? new Error('manifest.json was not read');
  try {
    checkManifestText(text, 'manifest.json');
    return { manifest: parseLocalManifest(JSON.parse(text)) as Manifest, text, bytesOf: undefined };
  } catch {
    throw refusal ?? new Error('manifest.json was refused');
  }
}

/** What the runtime worker does with a served set: the manifest fetched, each file fetched and verified. */
async function readServed(dir: string) {
  const manifest = await fetchManifest(join(dir, 'manifest.json'), folderFetch);
  return {
    manifest,
    text: undefined,
    bytesOf: (e: Entry) =>
      fetchVerified({ url: join(dir, e.file), file: e.file, sha256: e.sha256, expectedBytes: e.bytes, fetchFn: folderFetch }),
  };
}

/**
 * Every model opened on `o` as the worker opens it (signature, element types, batch, shapes),
 * then each denoiser's first test run: zeros at t = T-1 for the null class, as many images as one
 * guided call of one image (src/worker/warmUp.ts). Everything is released before it returns.
 */
async function openAndRun(o: LoadedOrt, manifest: Manifest, bytesOf: (e: Entry) => Promise<ArrayBuffer>) {
  const queue = createRunQueue();
  const sessions: DenoiserSession[] = [];
  let decoder: DecoderSession | undefined;
  const { channels, height, width } = manifest.image;
  try {
    for (const { role, id, entry } of entries(manifest)) {
      const model = new Uint8Array(await bytesOf(entry));
      if (role === 'decoder') {
        decoder = await createDecoderSession(o.ort, model, {
          id: entry.file,
          file: entry.file,
          backend: o.provider,
          image: manifest.image,
          output: manifest.decoder!.output,
          queue,
        });
      } else {
        sessions.push(
          await createDenoiserSession(o.ort, model, { id: id!, file: entry.file, backend: o.provider, image: manifest.image, queue }),
        );
      }
    }
    const n = imagesPerCall(1, manifest.defaults.guidance);
    const t = manifest.schedule.T - 1;
    try {
      for (const s of sessions)
        await s.denoise(new Float32Array(n * channels * height * width), t, new Int32Array(n).fill(manifest.nullClass), n);
    } catch (e) {
      // The worker's words when this run fails (src/worker/runtime.ts, openWarm).
      throw new Error(
        `A first test run of the models on ${o.provider} failed: ${firstRunAdvice((e as Error).message, manifest.nullClass)}`,
        { cause: e },
      );
    }
    return { images: n, classId: manifest.nullClass, t };
  } finally {
    await Promise.all([...sessions, ...(decoder ? [decoder] : [])].map((s) => s.release()));
  }
}

/** The sha256 the manifest's text gives for `file`, if any. */
function givenSha(text: string | undefined, field: 'denoisers' | 'decoder', file: string): boolean {
  if (text === undefined) return true; // a served set: every sha256 is required
  const raw = JSON.parse(text) as { denoisers?: Entry[]; decoder?: Entry };
  const list = field === 'decoder' ? [raw.decoder] : (raw.denoisers ?? []);
  return list.some((e) => e?.file === file && typeof e.sha256 === 'string');
}

/** check-set's verdict on `folder`: 'opens' with what was checked, or 'refused' with the page's message. */
export async function checkSet(folder: string, options: CheckOptions): Promise<Verdict> {
  try {
    const read = options.served ? await readServed(folder) : await readFromDisk(folder, options.manifestOnly ?? false);
    const { manifest, text } = read;
    const readBytes = options.manifestOnly ? undefined : read.bytesOf;
    if (!readBytes) return { folder, verdict: 'opens', manifest, files: [] };
    const sizes = new Map<string, number>();
    const bytesOf = async (e: Entry) => {
      const bytes = await readBytes(e);
      sizes.set(e.file, bytes.byteLength);
      return bytes;
    };
    const o = await options.ort();
    const firstRun = await openAndRun(o, manifest, bytesOf);
    const files = entries(manifest).map(({ role, id, entry }) => ({
      role,
      id,
      file: entry.file,
      bytes: sizes.get(entry.file) ?? 0,
      sha256: entry.sha256,
      given: givenSha(text, role === 'decoder' ? 'decoder' : 'denoisers', entry.file),
    }));
    return { folder, verdict: 'opens', manifest, files, runtime: o.description, firstRun };
  } catch (e) {
    return { folder, verdict: 'refused', message: (e as Error).message };
  }
}
