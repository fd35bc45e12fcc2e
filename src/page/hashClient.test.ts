import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answer } from '../hash/hashFile';
import type { HashRequest } from '../hash/protocol';
import { workerHasher } from './hashClient';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A Worker in Node: the hash worker's own answer() behind postMessage, replies delivered as messages. */
function fakeWorker(log: string[] = []) {
  const w = {
    onmessage: null as ((e: MessageEvent) => void) | null,
    onerror: null as ((e: ErrorEvent) => void) | null,
    onmessageerror: null as (() => void) | null,
    postMessage(request: HashRequest) {
      log.push(`request ${request.id}`);
      void answer(request, (reply) => w.onmessage?.({ data: reply } as MessageEvent));
    },
    terminate: () => log.push('terminate'),
  };
  return w;
}

describe('workerHasher', () => {
  it('starts the worker with the first file, hashes each file there with its progress, and ends it on close', async () => {
    const log: string[] = [];
    let started = 0;
    const hasher = workerHasher(() => (started++, fakeWorker(log) as unknown as Worker));
    expect(started).toBe(0);
    const a = new Uint8Array(5000).fill(3);
    const b = new Uint8Array(10).fill(9);
    const seen: number[] = [];
    expect(await hasher.hash(new Blob([a]), (n) => seen.push(n))).toBe(sha(a));
    expect(await hasher.hash(new Blob([b]))).toBe(sha(b));
    expect(seen.at(-1)).toBe(5000);
    expect(started).toBe(1);
    hasher.close();
    expect(log).toEqual(['request 1', 'request 2', 'terminate']);
  });

  it('refuses what is waiting when the worker fails, or is closed', async () => {
    const w = fakeWorker();
    w.postMessage = () => {}; // never answers
    const hasher = workerHasher(() => w as unknown as Worker);
    const waiting = hasher.hash(new Blob(['x']));
    w.onerror!({ message: 'Refused to load the script', preventDefault: () => {} } as ErrorEvent);
    await expect(waiting).rejects.toThrow('the worker that computes its sha256 failed (Refused to load the script)');
    const next = hasher.hash(new Blob(['y']));
    hasher.close();
    await expect(next).rejects.toThrow('the check was stopped');
  });

  it("passes on the worker's error for one file", async () => {
    const w = fakeWorker();
    w.postMessage = (r: HashRequest) =>
      w.onmessage?.({ data: { id: r.id, type: 'error', message: 'NotReadableError: the file changed' } } as MessageEvent);
    await expect(workerHasher(() => w as unknown as Worker).hash(new Blob(['x']))).rejects.toThrow('NotReadableError: the file changed');
  });
});
