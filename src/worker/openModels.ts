// Opening a model set in the runtime worker: onnxruntime's wasm binary (first load only), each
// denoiser's verified bytes (Cache API copy first, else the network, then stored if the browser
// lets it), then an onnxruntime-web session on the chosen backend. Every byte waited for is reported.
import type { ModelRole } from '../core';
import { denoiserFor, modelFileUrl } from '../models/manifest';
import { createRunQueue } from '../models/runQueue';
import { createDenoiserSession, type DenoiserSession } from '../models/session';
import { loadModelBytes, openModelCache } from './modelCache';
import { webOrt } from './ortWeb';
import type { BackendName, DownloadRole, LoadedDenoiser } from './protocol';
import { measureStage, type LoadRequest, type OpenedModels, type ProgressReply } from './runtime';

/** Progress at most every 100 ms per file, plus the last one. */
function throttled(file: string, role: DownloadRole, onProgress: (p: Omit<ProgressReply, 'type' | 'id'>) => void) {
  let last = 0;
  return (loaded: number, total: number, source: 'cache' | 'network') => {
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
  try {
    for (const role of roles) {
      const entry = denoiserFor(manifest, role);
      const t1 = performance.now();
      const { bytes, ...kept } = await loadModelBytes({
        url: modelFileUrl(manifestUrl, entry.file),
        file: entry.file,
        sha256: entry.sha256,
        expectedBytes: entry.bytes,
        store,
        onProgress: throttled(entry.file, role, onProgress),
      });
      measureStage(`bytes:${entry.file}`, t1); // read (cache or network) and sha256 checked
      const t2 = performance.now();
      sessions[role] = await createDenoiserSession(ort, new Uint8Array(bytes), { id: entry.id, file: entry.file, backend, image: manifest.image, queue });
      measureStage(`session:${entry.file}`, t2); // the first one also compiles onnxruntime's wasm
      info.push({ id: entry.id, role, file: entry.file, bytes: bytes.byteLength, ...kept });
    }
  } catch (e) {
    await Promise.all(Object.values(sessions).map((s) => s.release()));
    throw e;
  }
  return { sessions, info, runtime };
}
