// check-set on the committed sets (e2e/models, public/fixtures): the page's verdicts and messages
// (the same ones e2e/own/ownModels.spec.ts expects from the page), both ways in (a set from disk,
// a served set), the manifest alone, and the folder reader the page's code is handed.
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrt, type LoadedOrt } from '../lib/ort';
import { checkSet, type CheckOptions, type Verdict } from './checkSet';
import { folderFiles } from './folder';
import { formatVerdict } from './summary';

const ROOT = resolve(import.meta.dirname, '../..');
const SETS = join(ROOT, 'e2e/models');
let ort: Promise<LoadedOrt> | undefined;
const options = (o: Partial<CheckOptions> = {}): CheckOptions => ({ ort: () => (ort ??= loadOrt('node')), ...o });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a manifest the tests break on purpose
const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));
const refusal = (v: Verdict) => (v.verdict === 'refused' ? v.message : `opens (${v.folder})`);

const temp: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-set-'));
  temp.push(dir);
  return dir;
};
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a set opened from disk', () => {
  it('opens the latent set: every file checked and opened, each denoiser test-run with the null class', async () => {
    const v = await checkSet(join(SETS, 'latent'), options());
    expect(v.verdict).toBe('opens');
    if (v.verdict !== 'opens') return;
    expect(v.files.map((f) => [f.role, f.file, f.given])).toEqual([
      ['small', 'latent-small.onnx', true],
      ['large', 'latent-large.onnx', true],
      ['decoder', 'decoder.onnx', true],
    ]);
    expect(v.files[2].bytes).toBe(7304);
    expect(v.firstRun).toEqual({ images: 2, classId: 10, t: 999 });
    const text = formatVerdict(v, {}).join('\n');
    expect(text).toMatch(/^.*latent: opens \(checked as a set opened from disk; onnxruntime-node/);
    expect(text).toContain('decoder  -> 3x32x32    decoder.onnx       7,304 bytes');
    expect(text).toContain('first test run: each denoiser, 2 images of class 10 (nullClass) at t 999: ran');
  });

  it("refuses the broken sets with the page's messages", async () => {
    const cases: [string, RegExp][] = [
      ['bad-json', /^manifest\.json is not valid JSON: /],
      [
        'missing-file',
        /^manifest\.json's denoisers\[1\]\.file names "rgb-large\.onnx", which is not among the files you opened \(manifest\.json, rgb-small\.onnx\)\.$/,
      ],
      [
        'wrong-sha',
        /^"rgb-small\.onnx" does not match manifest\.json's denoisers\[0\]\.sha256: the file's sha256 is [0-9a-f]{64}, the manifest says [0-9a-f]{56}0{8}\.$/,
      ],
      ['wrong-shape', /^Model file "rgb-small\.onnx" takes images of shape \[N, 3, 16, 24\], but the manifest's image is 1×28×28 /],
    ];
    for (const [name, message] of cases) expect(refusal(await checkSet(join(SETS, 'broken', name), options()))).toMatch(message);
    expect(formatVerdict(await checkSet(join(SETS, 'broken', 'bad-json'), options()), {})[1]).toMatch(
      /^ {2}manifest\.json is not valid JSON/,
    );
  });

  it('computes a sha256 the manifest leaves out, and says so', async () => {
    const dir = tempDir();
    cpSync(join(SETS, 'rgb'), dir, { recursive: true });
    const m = readJson(join(dir, 'manifest.json'));
    delete m.denoisers[1].sha256;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
    const v = await checkSet(dir, options());
    expect(v.verdict === 'opens' && v.files.map((f) => f.given)).toEqual([true, false]);
    expect(formatVerdict(v, {}).join('\n')).toContain('computed (the manifest gives none)');
  });

  it('checks the manifest alone with --manifest-only: no file is looked at', async () => {
    expect((await checkSet(join(SETS, 'broken', 'missing-file'), options({ manifestOnly: true }))).verdict).toBe('opens');
    expect(refusal(await checkSet(join(SETS, 'broken', 'bad-json'), options({ manifestOnly: true })))).toMatch(
      /^manifest\.json is not valid JSON: /,
    );
    const dir = tempDir();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 1 }));
    expect(refusal(await checkSet(dir, options({ manifestOnly: true })))).toBe('Invalid manifest (manifest.json): title is missing');
    const none = tempDir();
    writeFileSync(join(none, 'notes.txt'), 'x');
    expect(refusal(await checkSet(none, options({ manifestOnly: true })))).toMatch(
      /^None of the 1 files you opened is named manifest\.json/,
    );
  });
});

describe('a served set', () => {
  // The shipped sets: their export (training/contract.py) leaves the contract's checks to check-set.
  it.each(['public/models', 'public/fixtures'])('opens %s, every sha256 required and matched, every model test-run', async (set) => {
    const v = await checkSet(join(ROOT, set), options({ served: true }));
    expect(v.verdict === 'opens' && v.files.map((f) => f.role)).toEqual(['small', 'medium', 'large']);
    expect(formatVerdict(v, { served: true })[0]).toContain('checked as a served set (every sha256 required)');
  });

  it('refuses as the runtime worker does: a missing sha256, a missing file, bytes that do not match', async () => {
    const dir = tempDir();
    cpSync(join(SETS, 'rgb'), dir, { recursive: true });
    const manifest = join(dir, 'manifest.json');
    const m = readJson(manifest);
    writeFileSync(manifest, JSON.stringify({ ...m, denoisers: [{ ...m.denoisers[0], sha256: undefined }, m.denoisers[1]] }));
    expect(refusal(await checkSet(dir, options({ served: true })))).toBe(`Invalid manifest (${manifest}): denoisers[0].sha256 is missing`);
    expect((await checkSet(dir, options())).verdict).toBe('opens'); // a set from disk may leave it out
    writeFileSync(manifest, JSON.stringify({ ...m, denoisers: [m.denoisers[0], { ...m.denoisers[1], bytes: 5 }] }));
    expect(refusal(await checkSet(dir, options({ served: true })))).toBe(
      'Model file "rgb-large.onnx" is longer than expected: 31873 bytes received, the manifest says 5.',
    );
    expect(refusal(await checkSet(join(SETS, 'broken', 'missing-file'), options({ served: true })))).toBe(
      'Could not download model file "rgb-large.onnx": HTTP 404 (not found)',
    );
  });
});

describe('the folder as the page is handed it', () => {
  it('names every file below the folder as a folder pick does, symbolic links followed', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'set', 'models'), { recursive: true });
    writeFileSync(join(dir, 'set', 'manifest.json'), '{}');
    writeFileSync(join(dir, 'set', 'models', 's.onnx'), 'abc');
    writeFileSync(join(dir, 'elsewhere.onnx'), 'abcd');
    symlinkSync(join(dir, 'elsewhere.onnx'), join(dir, 'set', 'l.onnx'));
    symlinkSync(join(dir, 'set'), join(dir, 'set', 'models', 'loop')); // walked once
    const files = folderFiles(join(dir, 'set'));
    expect(files.map((f) => [f.webkitRelativePath, f.size])).toEqual([
      ['set/l.onnx', 4],
      ['set/manifest.json', 2],
      ['set/models/s.onnx', 3],
    ]);
    expect(() => folderFiles(join(dir, 'nothing'))).toThrow(/nothing is not a folder/);
  });
});
