// Opening a model set in the runtime worker: onnxruntime's wasm binary (first load only), each
// denoiser's verified bytes (Cache API copy first, else the network, then stored if the browser
// lets it), then an onnxruntime-web session on the chosen backend. Every byte waited for is reported.
import type { ModelRole } from '../core';
import { denoiserFor, modelFileUrl } from '../models/manifest';
import { createRunQueue } from '../models/runQueue';
import { ModelFileError } from '../models/fileChecks';
import { createDecoderSession, type DecoderSession } from '../models/decoder';
import { createDenoiserSession, type DenoiserSession } from '../models/session';
import { loadModelBytes, openModelCache, type ModelBytes } from './modelCache';
import { webOrt } from './ortWeb';
import type { BackendName, DownloadRole, FileKept, LoadedDenoiser } from './protocol';
import type { LoadRequest, OpenedModels, ProgressReply } from './runtime';
import { measureStage } from './warmUp';

/** Progress at most every 100 ms per file, plus the last one. */
function throttled(file: string, role: DownloadRole, onProgress: (p: Omit<ProgressReply, 'type' | 'id'>) => void) {
  let last = 0;
  return (loaded: number, total: number, source: FileKept['source']) => {
    const now = performance.now();
    if (loaded < total && now - last < 100) return;
    last = now;
    onProgress({ file, role, loaded, total, source });
  };
}

export async function openModels(
  req: LoadRequest,
  backend: BackendName,
  onProgress: (p: Omit<ProgressReply, 'type' | 'id'>) => void,
): Promise<OpenedModels> {
  const { manifest, manifestUrl, roles } = req;
  const t0 = performance.now();
  const { ort, runtime } = await webOrt(backend, (file) => throttled(file, 'runtime', onProgress));
  measureStage('ort', t0); // onnxruntime-web's module and its wasm binary's bytes, not yet compiled
  const store = await openModelCache();
  // One queue for all sessions: they share onnxruntime's wasm module, whose runs must not overlap.
  const queue = createRunQueue();
  const sessions: Partial<Record<ModelRole, DenoiserSession>> = {};
  const info: LoadedDenoiser[] = [];
  let decoder: DecoderSession | undefined;
  // A served set's files: the Cache API copy or the network; a local set's: the files handed over.
  const read = (entry: { file: string; sha256: string; bytes?: number }, role: DownloadRole) =>
    req.local
      ? localBytes(req.local, entry, throttled(entry.file, role, onProgress))
      : loadModelBytes({
          url: modelFileUrl(manifestUrl, entry.file),
          file: entry.file,
          sha256: entry.sha256,
          expectedBytes: entry.bytes,
          store,
          onProgress: throttled(entry.file, role, onProgress),
        });
  try {
    for (const role of roles) {
      const entry = denoiserFor(manifest, role);
      const t1 = performance.now();
      const { bytes, ...kept } = await read(entry, role);
      measureStage(`bytes:${entry.file}`, t1); // read (cache or network) and sha256 checked
      const t2 = performance.now();
      sessions[role] = await createDenoiserSession(ort, new Uint8Array(bytes), {
        id: entry.id,
        file: entry.file,
        backend,
        image: manifest.image,
        queue,
      });
      measureStage(`session:${entry.file}`, t2); // the first one also compiles onnxruntime's wasm
      info.push({ id: entry.id, role, file: entry.file, bytes: bytes.byteLength, ...kept });
    }
    if (manifest.decoder) {
      const { file, output } = manifest.decoder;
      const { bytes } = await read(manifest.decoder, 'decoder');
      decoder = await createDecoderSession(ort, new Uint8Array(bytes), { id: file, file, backend, image: manifest.image, output, queue });
    }
  } catch (e) {
    await Promise.all([...Object.values(sessions), ...(decoder ? [decoder] : [])].map((s) => s.release()));
    throw e;
  }
  return { sessions, decoder, info, runtime };
}

/**
 * A local set's file: its bytes. The page checked them against the manifest's byte count and
 * sha256 when it read the set (src/models/localSet.ts), from the same File: a File is a snapshot of
 * the file when it was picked, so hashing it again here would only repeat that work.
 */
async function localBytes(
  files: Record<string, Blob>,
  entry: { file: string },
  onProgress: (loaded: number, total: number, source: FileKept['source']) => void,
): Promise<ModelBytes> {
  const blob = files[entry.file];
  if (!blob) throw new ModelFileError(entry.file, `"${entry.file}" was not among the files opened.`);
  const bytes = await blob.arrayBuffer();
  onProgress(bytes.byteLength, bytes.byteLength, 'disk');
  return { bytes, source: 'disk', stored: false, notStored: 'opened from your disk: never uploaded, and not kept by this page' };
}
