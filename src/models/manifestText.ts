// The raw manifest.json, checked before JSON.parse sees it: a 50 MB file or text nested 100,000
// deep is refused at once with a message, instead of being parsed into memory (or overflowing a
// stack in whatever walks it next). The limits are manifestSchema.ts's LIMITS.
import { LIMITS } from './manifestLimits';

const fail = (where: string, what: string): never => {
  throw new Error(`Invalid manifest (${where}): ${what}`);
};

const tooBig = (where: string, bytes: number): never =>
  fail(where, `the file is ${bytes} bytes, more than the ${LIMITS.manifestBytes} a manifest may have`);

/** Refuses a byte count over the limit (a file's size, a response's Content-Length) before reading it. */
export function checkManifestSize(bytes: number, where: string): void {
  if (bytes > LIMITS.manifestBytes) tooBig(where, bytes);
}

/** Nesting depth of objects and arrays, strings skipped; stops counting once past `limit`. */
function depthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Refuses a manifest's text that is too long or nested too deep; JSON.parse comes after. */
export function checkManifestText(text: string, where: string): void {
  // UTF-16 units: at most the UTF-8 byte count, so a text within the limit may still be refused by bytes below.
  if (text.length > LIMITS.manifestBytes) tooBig(where, text.length);
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes > LIMITS.manifestBytes) tooBig(where, bytes);
  // Only JSON that opens with an object or array can nest; anything else (a host's index.html in
  // place of the file) is left to JSON.parse, which stops at its first character and says "not JSON".
  if (/^\s*[[{]/.test(text) && depthExceeds(text, LIMITS.depth)) fail(where, `nested more than ${LIMITS.depth} levels deep`);
}

/**
 * A response's body as text, refused as soon as it passes the limit: the stream is cancelled
 * there, so a huge body is never read in full.
 */
export async function readManifestResponse(res: Response, where: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared)) checkManifestSize(declared, where);
  if (!res.body) return res.text();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > LIMITS.manifestBytes) {
      void reader.cancel();
      fail(where, `the file is more than the ${LIMITS.manifestBytes} bytes a manifest may have`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}
