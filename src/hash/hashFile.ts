// What the hash worker does with a request: the file streamed through sha256 (one chunk in memory
// at a time), counting the bytes read. Pure of the worker's global scope, so Node tests run it.
import { sha256OfStream } from '../models/fileChecks';
import type { HashReply, HashRequest } from './protocol';

/** Bytes between two progress reports: 25 reports for a 100 MB model. */
export const PROGRESS_BYTES = 4 << 20;

/** The file's sha256 in hex; `onProgress` hears the bytes read every `every` bytes and at the end. */
export async function hashFile(file: Blob, onProgress: (loaded: number) => void = () => {}, every = PROGRESS_BYTES): Promise<string> {
  let loaded = 0;
  let reported = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        if (loaded - reported >= every) {
          reported = loaded;
          onProgress(loaded);
        }
        controller.enqueue(chunk);
      },
    }),
  );
  const sha256 = await sha256OfStream(counted);
  if (reported !== loaded || loaded === 0) onProgress(loaded);
  return sha256;
}

/** One request answered: progress replies, then `done` or `error` (never a throw). */
export async function answer(request: HashRequest, post: (reply: HashReply) => void): Promise<void> {
  const { id, file } = request;
  try {
    const sha256 = await hashFile(file, (loaded) => post({ id, type: 'progress', loaded }));
    post({ id, type: 'done', sha256 });
  } catch (e) {
    post({ id, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
