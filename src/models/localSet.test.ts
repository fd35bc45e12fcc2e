import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalSetError, readLocalSet, type CheckProgress, type Hasher, type PickedFile } from './localSet';
import { sampleManifest } from './testManifest';

function file(path: string, content: string | Uint8Array): PickedFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    name: path.split('/').pop()!,
    size: bytes.byteLength,
    webkitRelativePath: path.includes('/') ? path : '',
    arrayBuffer: async () => bytes.slice().buffer,
    text: async () => new TextDecoder().decode(bytes),
    stream: () => new Blob([bytes.slice()]).stream(),
  };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The sample manifest, its two files with the given contents, sha256 left out. */
function folder(prefix = 'mine/', edit: (m: Record<string, unknown>) => void = () => {}): PickedFile[] {
  const m = sampleManifest() as unknown as Record<string, unknown> & { denoisers: Record<string, unknown>[] };
  for (const d of m.denoisers) delete d.sha256;
  edit(m);
  return [
    file(`${prefix}manifest.json`, JSON.stringify(m)),
    ...m.denoisers.map((d) => file(`${prefix}${d.file as string}`, `model ${d.id as string}`)),
    file(`${prefix}notes/manifest.json`, '{}'),
  ];
}

describe('readLocalSet', () => {
  it('reads a folder, finds the files the manifest names and fills in their sha256', async () => {
    const set = await readLocalSet(folder());
    const small = set.manifest.denoisers.find((d) => d.role === 'small')!;
    expect(small.sha256).toBe(sha(`model ${small.id}`));
    expect(Object.keys(set.files).sort()).toEqual(set.manifest.denoisers.map((d) => d.file).sort());
  });
  it('takes files picked one by one (no folder paths)', async () => {
    const set = await readLocalSet(folder('').filter((f) => f.webkitRelativePath === ''));
    expect(set.manifest.denoisers).toHaveLength(2);
  });
  it('checks a sha256 and a byte count where the manifest gives them, and names the field', async () => {
    const wrongSha = folder('mine/', (m) => ((m.denoisers as Record<string, unknown>[])[1].sha256 = 'f'.repeat(64)));
    await expect(readLocalSet(wrongSha)).rejects.toThrow(
      /does not match manifest\.json's denoisers\[1\]\.sha256: the file's sha256 is [0-9a-f]{64}, the manifest says f{64}/,
    );
    const wrongBytes = folder('mine/', (m) => ((m.denoisers as Record<string, unknown>[])[0].bytes = 5));
    await expect(readLocalSet(wrongBytes)).rejects.toThrow(/has \d+ bytes, but manifest\.json's denoisers\[0\]\.bytes says 5/);
  });
  it('names what is missing or malformed', async () => {
    await expect(readLocalSet(folder().filter((f) => !f.name.startsWith('l')))).rejects.toThrow(
      /denoisers\[1\]\.file names "l\.onnx", which is not among the files you opened/,
    );
    await expect(readLocalSet([file('a/x.onnx', 'x')])).rejects.toThrow(/None of the 1 files you opened is named manifest\.json/);
    await expect(readLocalSet([file('a/manifest.json', '{ nope')])).rejects.toThrow(/manifest\.json is not valid JSON/);
    await expect(readLocalSet(folder('mine/', (m) => (m.image = { channels: 2, height: 8, width: 8 })))).rejects.toThrow(LocalSetError);
  });
  it('refuses a model file over the size cap by its size, without reading any file', async () => {
    const set = folder();
    const i = set.findIndex((f) => f.name === 's.onnx');
    const unread = () => Promise.reject(new Error('read'));
    set[i] = {
      ...set[i],
      size: 1_610_612_736,
      arrayBuffer: unread,
      stream: () => {
        throw new Error('read');
      },
    };
    await expect(readLocalSet(set)).rejects.toThrow(
      /"s\.onnx" \(manifest\.json's denoisers\[0\]\.file\) has 1610612736 bytes, more than the 536870912 bytes \(512 MiB\)/,
    );
  });
  it('hashes a file streamed (the same sha256 as the whole file)', async () => {
    const set = folder();
    for (const f of set) (f as { arrayBuffer: () => Promise<ArrayBuffer> }).arrayBuffer = () => Promise.reject(new Error('not streamed'));
    const m = (await readLocalSet(set)).manifest;
    expect(m.denoisers[0].sha256).toBe(sha(`model ${m.denoisers[0].id}`));
  });
  it('refuses a huge manifest.json by its size, without reading it, and deep nesting before parsing it', async () => {
    const huge: PickedFile = {
      ...file('a/manifest.json', '{}'),
      size: 50 << 20,
      text: () => Promise.reject(new Error('read')),
      arrayBuffer: () => Promise.reject(new Error('read')),
    };
    await expect(readLocalSet([huge])).rejects.toThrow(
      'Invalid manifest (manifest.json): the file is 52428800 bytes, more than the 1000000 a manifest may have',
    );
    const deep = file('a/manifest.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    await expect(readLocalSet([deep])).rejects.toThrow(
      new LocalSetError('Invalid manifest (manifest.json): nested more than 32 levels deep'),
    );
  });
  it("hashes with the hasher it is given (the hash worker in the page), reporting each file's progress", async () => {
    const hashed: string[] = [];
    const hasher: Hasher = async (f, onProgress) => {
      hashed.push(f.name);
      onProgress(f.size);
      return sha(new TextDecoder().decode(await f.arrayBuffer()));
    };
    const seen: CheckProgress[] = [];
    const set = await readLocalSet(folder(), { hasher, onProgress: (p) => seen.push(p) });
    expect(hashed).toEqual(['s.onnx', 'l.onnx']);
    expect(set.manifest.denoisers[1].sha256).toBe(sha(`model ${set.manifest.denoisers[1].id}`));
    const size = 'model s'.length;
    expect(seen[0]).toEqual({ file: 's.onnx', index: 1, count: 2, loaded: 0, total: size });
    expect(seen.filter((p) => p.loaded === p.total).map((p) => `${p.file} ${p.index} of ${p.count}`)).toEqual([
      's.onnx 1 of 2',
      'l.onnx 2 of 2',
    ]);
  });
  it('names the file whose hashing failed', async () => {
    const hasher: Hasher = () => Promise.reject(new Error('the worker that computes its sha256 failed to start'));
    await expect(readLocalSet(folder(), { hasher })).rejects.toThrow(
      new LocalSetError(
        `"s.onnx" (manifest.json's denoisers[0].file) could not be checked: the worker that computes its sha256 failed to start.`,
      ),
    );
  });
});
