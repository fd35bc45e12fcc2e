import { describe, expect, it } from 'vitest';
import { displayShape, manifestUrl, modelFileUrl, selectModelSet } from './manifest';
import { fetchManifest, parseLocalManifest, parseManifest } from './readManifest';
import { sampleManifest } from './testManifest';

describe('selectModelSet', () => {
  it('defaults to the shipped models', () => {
    expect(selectModelSet('')).toEqual({ name: 'models' });
    expect(selectModelSet('?other=1')).toEqual({ name: 'models' });
  });
  it('selects fixtures by name', () => {
    expect(selectModelSet('?models=fixtures')).toEqual({ name: 'fixtures' });
  });
  it('never follows an arbitrary URL', () => {
    expect(selectModelSet('?models=https://evil.example/m.json')).toEqual({ name: 'models', ignored: 'https://evil.example/m.json' });
    expect(selectModelSet('?models=toString')).toEqual({ name: 'models', ignored: 'toString' });
  });
});

describe('URLs', () => {
  it('resolves manifests against the page, so the app works from a sub-path', () => {
    expect(manifestUrl('fixtures', 'https://host/demo/index.html?models=fixtures')).toBe('https://host/demo/fixtures/manifest.json');
  });
  it('resolves model files next to the manifest and refuses other origins', () => {
    expect(modelFileUrl('https://host/demo/models/manifest.json', 'dit-s.onnx')).toBe('https://host/demo/models/dit-s.onnx');
    expect(() => modelFileUrl('https://host/demo/models/manifest.json', 'https://cdn.example/x.onnx')).toThrow(/outside the app's origin/);
  });
});

describe('parseManifest', () => {
  it('accepts the documented format', () => {
    expect(parseManifest(sampleManifest()).title).toBe('test pair');
  });
  it('names the bad field', () => {
    const m = sampleManifest();
    m.denoisers[1].role = 'small';
    expect(() => parseManifest(m)).toThrow(/denoisers must have exactly one "small" denoiser, found 2/);
    const twoMedium = sampleManifest();
    twoMedium.denoisers.push(
      { id: 'm1', role: 'medium', file: 'm1.onnx', sha256: 'c'.repeat(64) },
      { id: 'm2', role: 'medium', file: 'm2.onnx', sha256: 'd'.repeat(64) },
    );
    expect(() => parseManifest(twoMedium)).toThrow(/denoisers must have at most 3 entries, got 4/);
    const [small, , m1, m2] = twoMedium.denoisers;
    expect(() => parseManifest({ ...twoMedium, denoisers: [small, m1, m2] })).toThrow(
      /denoisers must have at most one "medium" denoiser, found 2/,
    );
    expect(() => parseManifest({ ...twoMedium, denoisers: twoMedium.denoisers.slice(0, 3) }).denoisers).not.toThrow();
    expect(() => parseManifest({ ...sampleManifest(), format: 3 })).toThrow(/format must be 1 or 2, got 3/);
    const bad = sampleManifest();
    bad.denoisers[0].sha256 = 'xyz';
    expect(() => parseManifest(bad)).toThrow(/denoisers\[0\]\.sha256 "xyz" must be a 64-hex sha256/);
    const unhashed = sampleManifest() as unknown as { denoisers: Record<string, unknown>[] };
    delete unhashed.denoisers[1].sha256;
    expect(() => parseManifest(unhashed)).toThrow(/denoisers\[1\]\.sha256/);
    expect(() => parseManifest({ ...sampleManifest(), image: { channels: 2, height: 8, width: 8 } })).toThrow(
      /image\.channels must be 1 or 3/,
    );
  });
  it('quotes the value a rule refuses, after its field', () => {
    const named = (file: string) => {
      const m = sampleManifest();
      m.denoisers[0].file = file;
      return () => parseManifest(m);
    };
    expect(named('../small.onnx')).toThrow(
      'Invalid manifest (manifest.json): denoisers[0].file "../small.onnx" must be a file name next to manifest.json',
    );
    expect(named('/etc/passwd')).toThrow('denoisers[0].file "/etc/passwd" must be a file name');
    expect(named('https://evil/x.onnx')).toThrow('denoisers[0].file "https://evil/x.onnx" must be a file name');
    expect(named('C:\\x.onnx')).toThrow('denoisers[0].file "C:\\\\x.onnx" must be a file name'); // JSON-quoted, as in the manifest's text
    const long = sampleManifest();
    long.denoisers[1].sha256 = 'z'.repeat(1_000_000); // a hostile value is quoted, not copied
    expect(() => parseManifest(long)).toThrow(`denoisers[1].sha256 "${'z'.repeat(100)}..." must be a 64-hex sha256`);
    const record = sampleManifest() as unknown as { denoisers: Record<string, unknown>[] };
    record.denoisers[0].architecture = { name: { deep: 1 } };
    expect(() => parseManifest(record)).toThrow('denoisers[0].architecture.name must be a string, number, boolean or null, got an object');
  });
  it('accepts RGB and non-square pixel sets', () => {
    expect(parseManifest({ ...sampleManifest(), image: { channels: 3, height: 16, width: 24 } }).image.width).toBe(24);
  });
});

const latent = () => ({
  ...sampleManifest(),
  format: 2,
  image: { channels: 4, height: 8, width: 8 },
  decoder: { file: 'decoder.onnx', sha256: 'e'.repeat(64), latentScale: 0.18215, output: { channels: 3, height: 32, width: 32 } },
});

describe('format 2: a latent set with a decoder', () => {
  it('accepts a decoder and shows its output shape', () => {
    const m = parseManifest(latent());
    expect(m.decoder?.latentScale).toBe(0.18215);
    expect(displayShape(m)).toEqual({ channels: 3, height: 32, width: 32 });
    expect(displayShape(sampleManifest())).toEqual(sampleManifest().image);
  });
  it('names the bad decoder field', () => {
    expect(() => parseManifest({ ...latent(), format: 1 })).toThrow(/decoder needs format 2/);
    expect(() => parseManifest({ ...latent(), decoder: { ...latent().decoder, latentScale: 0 } })).toThrow(/decoder\.latentScale/);
    expect(() => parseManifest({ ...latent(), decoder: { ...latent().decoder, output: { channels: 4, height: 32, width: 32 } } })).toThrow(
      /decoder\.output/,
    );
    expect(() => parseManifest({ ...latent(), decoder: { ...latent().decoder, sha256: undefined } })).toThrow(/decoder\.sha256/);
  });
});

describe("parseLocalManifest: a set from the user's disk", () => {
  it('takes entries without sha256 or bytes, and checks them when given', () => {
    const m = latent() as unknown as { denoisers: Record<string, unknown>[]; decoder: Record<string, unknown> };
    delete m.denoisers[0].sha256;
    delete m.decoder.sha256;
    expect(parseLocalManifest(m).denoisers[0].sha256).toBeUndefined();
    expect(() => parseManifest(m)).toThrow(/sha256/);
    m.denoisers[1].sha256 = 'nothex';
    expect(() => parseLocalManifest(m)).toThrow(/denoisers\[1\]\.sha256 "nothex" must be a 64-hex sha256 when given/);
    m.denoisers[1].sha256 = 'a'.repeat(64);
    m.denoisers[1].bytes = -3;
    expect(() => parseLocalManifest(m)).toThrow(/denoisers\[1\]\.bytes must be a positive integer/);
  });
});

describe('fetchManifest', () => {
  it('reports the URL and status of a missing manifest', async () => {
    const fetch404 = (async () => new Response('nope', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    await expect(fetchManifest('https://h/models/manifest.json', fetch404)).rejects.toThrow(
      'Could not fetch the model manifest https://h/models/manifest.json: HTTP 404 Not Found',
    );
  });
  it('refuses a 50 MB manifest without reading it all, and a declared Content-Length over the limit unread', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1 << 20).fill(0x20));
        if (pulled === 50) c.close();
      },
    });
    const fetchBig = (async () => new Response(body, { status: 200 })) as typeof fetch;
    await expect(fetchManifest('https://h/m.json', fetchBig)).rejects.toThrow(
      'Invalid manifest (https://h/m.json): the file is more than the 1000000 bytes a manifest may have',
    );
    expect(pulled).toBeLessThan(5);
    const declared = (async () => new Response('{}', { status: 200, headers: { 'content-length': String(50 << 20) } })) as typeof fetch;
    await expect(fetchManifest('https://h/m.json', declared)).rejects.toThrow(/the file is 52428800 bytes, more than the 1000000/);
  });
  it('refuses nesting 100,000 deep before JSON.parse, at once', async () => {
    const deep = `{"title": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const fetchDeep = (async () => new Response(deep, { status: 200 })) as typeof fetch;
    const start = performance.now();
    await expect(fetchManifest('https://h/m.json', fetchDeep)).rejects.toThrow(
      'Invalid manifest (https://h/m.json): nested more than 32 levels deep',
    );
    expect(performance.now() - start).toBeLessThan(1000);
    // Brackets inside strings are text, not nesting: a served manifest with them is fine.
    const text = JSON.stringify({ ...sampleManifest(), title: '[[[[{{{{'.repeat(10) + '\\"[' });
    await expect(fetchManifest('https://h/m.json', (async () => new Response(text)) as typeof fetch)).resolves.toMatchObject({
      title: expect.stringContaining('[[[['),
    });
  });
  it('reports HTML served in place of JSON', async () => {
    // Deeply nested script in the page: still "not valid JSON", the message that says what happened.
    const fetchHtml = (async () =>
      new Response(`<!doctype html><script>${'{'.repeat(40)}${'}'.repeat(40)}</script>`, { status: 200 })) as typeof fetch;
    await expect(fetchManifest('https://h/m.json', fetchHtml)).rejects.toThrow(/not valid JSON/);
  });
});
