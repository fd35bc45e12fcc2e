import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answer, hashFile } from './hashFile';
import type { HashReply } from './protocol';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the hash worker', () => {
  it('streams a file through sha256, reporting the bytes read', async () => {
    const data = bytes(300_000);
    const parts = [0, 1, 2, 3, 4].map((i) => data.slice(i * 60_000, (i + 1) * 60_000));
    const seen: number[] = [];
    expect(await hashFile(new Blob(parts), (n) => seen.push(n), 65_536)).toBe(sha(data));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(data.byteLength);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });

  it('reports an empty file once, at 0', async () => {
    const seen: number[] = [];
    expect(await hashFile(new Blob([]), (n) => seen.push(n))).toBe(sha(new Uint8Array()));
    expect(seen).toEqual([0]);
  });

  it('answers a request with progress and the digest, and a failed read with its message', async () => {
    const data = bytes(1000);
    const replies: HashReply[] = [];
    await answer({ id: 7, file: new Blob([data]) }, (r) => replies.push(r));
    expect(replies.at(-1)).toEqual({ id: 7, type: 'done', sha256: sha(data) });
    expect(replies.slice(0, -1).every((r) => r.id === 7 && r.type === 'progress')).toBe(true);

    const unreadable = {
      stream: () => new ReadableStream({ pull: (c) => c.error(new Error('the file changed on disk')) }),
    } as unknown as Blob;
    const failed: HashReply[] = [];
    await answer({ id: 8, file: unreadable }, (r) => failed.push(r));
    expect(failed).toEqual([{ id: 8, type: 'error', message: 'the file changed on disk' }]);
  });
});
