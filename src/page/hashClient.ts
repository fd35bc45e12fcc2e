// The page's side of the hash worker (src/hash): a file's sha256 computed off the main thread, so
// hashing a model of hundreds of MB leaves the page answering. The worker starts with the first
// file and ends with close().
import type { HashReply, HashRequest } from '../hash/protocol';

export interface FileHasher {
  /** The file's sha256 in hex; `onProgress` hears the bytes read so far. */
  hash(file: Blob, onProgress?: (loaded: number) => void): Promise<string>;
  /** Ends the worker; a hash still waiting is refused. */
  close(): void;
}

export const createHashWorker = (): Worker =>
  new Worker(new URL('../hash/hashWorker.ts', import.meta.url), { type: 'module', name: 'tstitch-hash' });

interface Pending {
  resolve(sha256: string): void;
  reject(error: Error): void;
  onProgress?: (loaded: number) => void;
}

export function workerHasher(makeWorker: () => Worker = createHashWorker): FileHasher {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const stop = (message: string) => {
    worker?.terminate();
    worker = null;
    const waiting = [...pending.values()];
    pending.clear();
    for (const p of waiting) p.reject(new Error(message));
  };

  const start = (): Worker => {
    const w = makeWorker();
    w.onmessage = (event: MessageEvent<HashReply>) => {
      const reply = event.data;
      const p = pending.get(reply.id);
      if (!p) return;
      if (reply.type === 'progress') {
        p.onProgress?.(reply.loaded);
        return;
      }
      pending.delete(reply.id);
      if (reply.type === 'done') p.resolve(reply.sha256);
      else p.reject(new Error(reply.message));
    };
    // A worker that could not start (its script refused or missing) or failed outside a request.
    w.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      stop(`the worker that computes its sha256 failed${event.message ? ` (${event.message})` : ' to start'}`);
    };
    w.onmessageerror = () => stop('the worker that computes its sha256 sent a message the page could not read');
    return w;
  };

  return {
    hash(file, onProgress) {
      worker ??= start();
      const id = nextId++;
      const request: HashRequest = { id, file };
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress });
        worker!.postMessage(request);
      });
    },
    close: () => stop('the check was stopped'),
  };
}
