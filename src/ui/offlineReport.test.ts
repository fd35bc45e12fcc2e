import { describe, expect, it } from 'vitest';
import { keptReport, unsupported } from './offlineReport';

describe('offline report', () => {
  it('is ready only when every file was kept', () => {
    expect(keptReport(9, [])).toMatchObject({ state: 'ready', text: expect.stringContaining('Ready:') });
  });
  it('says how many files were not stored, which, and why, once per reason', () => {
    const quota = "the browser's storage quota for this site is full (QuotaExceededError)";
    const r = keptReport(9, [
      { file: 'tiny-small.onnx', reason: quota },
      { file: 'tiny-large.onnx', reason: quota },
      { file: 'ort.wasm', reason: quota },
      { file: 'index.html', reason: 'HTTP 500' },
    ]);
    expect(r.state).toBe('failed');
    expect(r.text).toBe(
      `Not available: 4 of 9 files were not stored (tiny-small.onnx, tiny-large.onnx, ort.wasm and 1 more): ${quota}; HTTP 500. ` +
        'This visit runs from memory; the next one downloads them again.',
    );
  });
  it('names plain HTTP as the reason there is no service worker', () => {
    expect(unsupported(false).text).toContain('plain HTTP (not HTTPS or localhost)');
    expect(unsupported(true).text).toBe('Not available in this browser or mode (no service worker).');
  });
});
