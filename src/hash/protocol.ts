// The hash worker's messages (hashWorker.ts): the page asks for a file's sha256; the worker answers
// with the bytes read so far, then the digest or the error. A File posted is a reference to the
// file on disk, not a copy of its bytes.

export interface HashRequest {
  id: number;
  file: Blob;
}

export type HashReply =
  | { id: number; type: 'progress'; loaded: number }
  | { id: number; type: 'done'; sha256: string }
  | { id: number; type: 'error'; message: string };
