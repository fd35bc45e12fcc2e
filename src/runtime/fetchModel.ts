// Download a model file and check it against the manifest's sha256 (WebCrypto: browsers, workers and Node 20).

export function toHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', data));
}

export class ModelFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** Fetch `url`, verify its sha256, and return the bytes; errors name `file`. */
export async function fetchVerified(
  url: string,
  file: string,
  sha256: string,
  fetchFn: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<ArrayBuffer> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ModelFileError(file, `Could not download model file "${file}": ${(e as Error).message}`);
  }
  if (!res.ok) {
    throw new ModelFileError(file, `Could not download model file "${file}": HTTP ${res.status}${res.status === 404 ? ' (not found)' : ''}`);
  }
  const bytes = await res.arrayBuffer();
  const actual = await sha256Hex(bytes);
  if (actual !== sha256.toLowerCase()) {
    throw new ModelFileError(
      file,
      `Model file "${file}" is corrupt or out of date: sha256 ${actual} does not match the manifest's ${sha256.toLowerCase()} (${bytes.byteLength} bytes received).`,
    );
  }
  return bytes;
}
