import { describe, expect, it } from 'vitest';
import { fetchManifest, manifestUrl, modelFileUrl, parseManifest, selectModelSet } from './manifest';
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
    expect(() => parseManifest(m)).toThrow(/exactly one "small" denoiser, found 2/);
    const twoMedium = sampleManifest();
    twoMedium.denoisers.push({ id: 'm1', role: 'medium', file: 'm1.onnx', sha256: 'c'.repeat(64) }, { id: 'm2', role: 'medium', file: 'm2.onnx', sha256: 'd'.repeat(64) });
    expect(() => parseManifest(twoMedium)).toThrow(/at most one "medium" denoiser, found 2/);
    expect(() => parseManifest({ ...twoMedium, denoisers: twoMedium.denoisers.slice(0, 3) }).denoisers).not.toThrow();
    expect(() => parseManifest({ ...sampleManifest(), format: 2 })).toThrow(/format must be 1/);
    const bad = sampleManifest();
    bad.denoisers[0].sha256 = 'xyz';
    expect(() => parseManifest(bad)).toThrow(/denoisers\[0\]/);
  });
});

describe('fetchManifest', () => {
  it('reports the URL and status of a missing manifest', async () => {
    const fetch404 = (async () => new Response('nope', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    await expect(fetchManifest('https://h/models/manifest.json', fetch404)).rejects.toThrow(
      'Could not fetch the model manifest https://h/models/manifest.json: HTTP 404 Not Found',
    );
  });
  it('reports HTML served in place of JSON', async () => {
    const fetchHtml = (async () => new Response('<!doctype html>', { status: 200 })) as typeof fetch;
    await expect(fetchManifest('https://h/m.json', fetchHtml)).rejects.toThrow(/not valid JSON/);
  });
});
