import { describe, expect, it } from 'vitest';
import { keptReport, unsupported } from './offlineReport';

const QUOTA = "the browser's storage quota for this site is full (QuotaExceededError)";
const NETWORK = 'the network failed (NetworkError when attempting to fetch resource)'; // as src/sw/precache.ts words it

describe('offline report', () => {
  it('is ready only when every file was kept', () => {
    expect(keptReport(9, [])).toMatchObject({ state: 'ready', text: expect.stringContaining('Ready:') });
  });
  it('says how many files were not stored, which, and why, once per reason', () => {
    const r = keptReport(9, [
      { file: 'tiny-small.onnx', reason: QUOTA },
      { file: 'tiny-large.onnx', reason: QUOTA },
      { file: 'ort.wasm', reason: QUOTA },
      { file: 'index.html', reason: 'HTTP 500' },
    ]);
    expect(r.state).toBe('failed');
    expect(r.text).toBe(
      `Not available: 4 of 9 files were not stored (tiny-small.onnx, tiny-large.onnx, ort.wasm and 1 more): ${QUOTA}; HTTP 500. ` +
        'This visit runs from memory; the next one downloads them again.',
    );
  });
  it('ends a reason that ends with a period with one period, not two', () => {
    expect(keptReport(3, [{ file: 'index.html', reason: 'NetworkError when attempting to fetch resource.' }]).text).toContain(
      '(index.html): NetworkError when attempting to fetch resource. This visit',
    );
  });
  it('says a visit that runs from the offline copy does, with every file stored', () => {
    const unrefreshed = ['index.html', 'manifest.json', 'evaluation.json', 'manifest.webmanifest'].map((file) => ({
      file,
      reason: NETWORK,
    }));
    const r = keptReport(13, [], { fromCopy: true, unrefreshed });
    expect(r).toEqual({
      state: 'ready',
      text: 'Ready: this visit runs from it, since the network did not answer; all 13 files are stored in this browser.',
    });
    expect(r.text).not.toContain('not stored');
  });
  it('online, names stored files the network could not refresh, and keeps them counted as stored', () => {
    const r = keptReport(13, [], { unrefreshed: [{ file: 'manifest.json', reason: NETWORK }] });
    expect(r.state).toBe('ready');
    expect(r.text).toBe(
      'Ready: this page and its models are stored in this browser, so the next visit works without a network. ' +
        '1 of them (manifest.json) could not be refreshed now (the network failed (NetworkError when attempting to fetch resource)); ' +
        'their copies from an earlier visit stay.',
    );
  });
  it('from the offline copy with a file missing, says both', () => {
    const r = keptReport(13, [{ file: 'evaluation.json', reason: NETWORK }], { fromCopy: true });
    expect(r).toEqual({
      state: 'failed',
      text:
        'Incomplete: this visit runs from it, since the network did not answer, but 1 of 13 files were not stored (evaluation.json): ' +
        'the network failed (NetworkError when attempting to fetch resource). The next visit with a network downloads them again.',
    });
  });
  it('names plain HTTP as the reason there is no service worker', () => {
    expect(unsupported(false).text).toContain('plain HTTP (not HTTPS or localhost)');
    expect(unsupported(true).text).toBe('Not available in this browser or mode (no service worker).');
  });
});
