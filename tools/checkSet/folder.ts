// A model set's folder on disk, handed to the page's own readers as the browser would hand it:
// every file below the folder as a File-like object (a folder pick's `webkitRelativePath`), and a
// fetch that answers from the folder as a static host answers for a served set. Nothing is read
// until a reader asks: the page refuses a 1.5 GB model by its size, and so must this.
import { createReadStream, readdirSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { PickedFile } from '../../src/models/localSet';

/** A file on disk as a PickedFile (the page's view of a File from a folder pick). */
export function diskFile(path: string, relativePath: string): PickedFile {
  const size = statSync(path).size;
  return {
    name: basename(path),
    size,
    webkitRelativePath: relativePath,
    arrayBuffer: async () => {
      const b = await readFile(path);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
    text: () => readFile(path, 'utf8'),
    stream: () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
  };
}

/** Folders nested deeper than this are not walked (a browser's folder pick has no such bound; a symlink loop would). */
const MAX_DEPTH = 32;

/**
 * Every file below `dir` (symbolic links followed, each real folder once), named as a folder pick
 * names them: "<folder>/<path inside it>".
 */
export function folderFiles(dir: string): PickedFile[] {
  const root = resolve(dir);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${dir} is not a folder`);
  const out: PickedFile[] = [];
  const seen = new Set<string>();
  const walk = (abs: string, rel: string, depth: number) => {
    const real = realpathSync(abs);
    if (seen.has(real) || depth > MAX_DEPTH) return;
    seen.add(real);
    for (const name of readdirSync(abs).sort()) {
      const path = join(abs, name);
      const stat = statSync(path, { throwIfNoEntry: false }); // follows links; a dangling one is no file
      if (stat?.isDirectory()) walk(path, `${rel}/${name}`, depth + 1);
      else if (stat?.isFile()) out.push(diskFile(path, `${rel}/${name}`));
    }
  };
  walk(root, basename(root), 0);
  return out;
}

/**
 * fetch() over the file system, as a static host serves a folder: a path that is a file answers
 * 200 with its bytes (streamed, with its Content-Length), anything else 404.
 */
export const folderFetch: typeof fetch = async (input) => {
  const path = typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isFile()) return new Response('not found', { status: 404, statusText: 'Not Found' });
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: { 'content-length': String(stat.size) } });
};
