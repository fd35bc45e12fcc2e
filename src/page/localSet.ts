// "Open your own models" on the page: the set is read and checked as src/models/localSet.ts says
// (the same code npm run check-set runs), with each file's sha256 computed in the hash worker
// (src/hash), so the page stays responsive while a large model is read.
import {
  hashOnThisThread,
  readLocalSet as readSet,
  type CheckProgress,
  type LocalSet,
  type PickedFile,
  type ReadOptions,
} from '../models/localSet';
import { workerHasher } from './hashClient';

export { LocalSetError, type CheckProgress, type LocalSet, type PickedFile } from '../models/localSet';

/**
 * The status line while a set is checked (a live region: it changes once a file, the bytes read
 * show in a progress bar beside it): "Checking the files…", then the file being hashed.
 */
export function checkingText(p: CheckProgress | null): string {
  return p ? `Checking the files: the sha256 of "${p.file}" (file ${p.index} of ${p.count})…` : 'Checking the files…';
}

/**
 * Reads and checks a set from the user's disk (models/localSet.ts). The sha256 is computed in the
 * hash worker, started with the first file and ended here; on this thread only where the page has
 * no Worker (or a file is no Blob: the unit tests' fakes), or with the hasher a caller hands in.
 */
export async function readLocalSet<F extends PickedFile>(files: readonly F[], options: ReadOptions = {}): Promise<LocalSet<F>> {
  if (options.hasher || typeof Worker !== 'function') return readSet(files, options);
  const worker = workerHasher();
  try {
    return await readSet(files, {
      ...options,
      hasher: (file, onProgress) => (file instanceof Blob ? worker.hash(file, onProgress) : hashOnThisThread(file, onProgress)),
    });
  } finally {
    worker.close();
  }
}
