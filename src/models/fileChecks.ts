// Download a model file and check it against the manifest: status, byte count, sha256 (WebCrypto
// where the context has it: secure pages, their workers and Node 20; @noble/hashes elsewhere).

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The file's sha256 in hex. `crypto.subtle` exists only in secure contexts: a page opened over
 * plain HTTP from a LAN address has none, so there the hash comes from @noble/hashes, loaded only
 * then (its own chunk: a secure page never downloads it).
 */
export async function sha256Hex(data: ArrayBuffer, subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null): Promise<string> {
  if (subtle) return toHex(new Uint8Array(await subtle.digest('SHA-256', data)));
  const { sha256 } = await import('@noble/hashes/sha2.js');
  return toHex(sha256(new Uint8Array(data)));
}

/**
 * The sha256 of a stream (a File's `stream()`), chunk by chunk: memory stays one chunk however
 * large the file, and each chunk's work is short, so the page keeps answering while it hashes.
 */
export async function sha256OfStream(stream: ReadableStream<Uint8Array>): Promise<string> {
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const hash = sha256.create();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hash.update(value);
  }
  return toHex(hash.digest());
}

export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** Bytes received so far and the expected total (0 when the server does not say). */
export type ProgressFn = (loaded: number, total: number) => void;

/** Read a response body chunk by chunk, reporting progress; falls back to arrayBuffer() without a stream. */
export async function readBody(res: Response, expected: number, onProgress?: ProgressFn): Promise<ArrayBuffer> {
  const total = Number(res.headers.get('content-length')) || expected;
  if (!onProgress || !res.body) {
    const bytes = await res.arrayBuffer();
    onProgress?.(bytes.byteLength, total || bytes.byteLength);
    return bytes;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out.buffer;
}

/** Throws a ModelFileError naming `file` unless `bytes` hash to `sha256`. */
export async function verify(bytes: ArrayBuffer, file: string, sha256: string): Promise<void> {
  const actual = await sha256Hex(bytes);
  if (actual !== sha256.toLowerCase()) {
    throw new ModelFileError(
      file,
      `Model file "${file}" is corrupt or out of date: sha256 ${actual} does not match the manifest's ${sha256.toLowerCase()} (${bytes.byteLength} bytes received).`,
    );
  }
}

export interface VerifiedFile {
  url: string;
  /** The name errors use (the manifest's `file`). */
  file: string;
  sha256: string;
  /** The manifest's size in bytes; 0 or absent when it does not say. */
  expectedBytes?: number;
  fetchFn?: typeof fetch;
  onProgress?: ProgressFn;
}

/** Fetch the file, check its size and sha256 against the manifest, and return the bytes; errors name `file`. */
export async function fetchVerified(o: VerifiedFile): Promise<ArrayBuffer> {
  const { url, file, sha256, expectedBytes = 0, fetchFn = fetch } = o;
  let res: Response;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new ModelFileError(file, `Could not download model file "${file}": ${(e as Error).message}`);
  }
  if (!res.ok) {
    throw new ModelFileError(
      file,
      `Could not download model file "${file}": HTTP ${res.status}${res.status === 404 ? ' (not found)' : ''}`,
    );
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await readBody(res, expectedBytes, o.onProgress);
  } catch (e) {
    throw new ModelFileError(file, `Could not download model file "${file}": ${(e as Error).message}`);
  }
  if (expectedBytes > 0 && bytes.byteLength !== expectedBytes) {
    const what = bytes.byteLength < expectedBytes ? 'is truncated' : 'is longer than expected';
    throw new ModelFileError(file, `Model file "${file}" ${what}: ${bytes.byteLength} bytes received, the manifest says ${expectedBytes}.`);
  }
  await verify(bytes, file, sha256);
  return bytes;
}
