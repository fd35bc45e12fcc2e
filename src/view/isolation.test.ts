import { describe, expect, it } from 'vitest';
import { isolationLine } from './isolation';
import { wasmThreads } from '../worker/ortBuild';

const base = { crossOriginIsolated: false, secureContext: true, serviceWorkers: true, controlled: false };

describe('isolationLine', () => {
  it('says isolated, with the threads', () => {
    const l = isolationLine({ ...base, crossOriginIsolated: true, controlled: true, threads: 2 });
    expect(l.state).toBe('isolated');
    expect(l.text).toContain('2 threads');
    expect(l.text).toContain('cross-origin isolated');
  });
  it('on a first visit, says the service worker isolates the next one', () => {
    const l = isolationLine({ ...base, threads: 1 });
    expect(l.state).toBe('next-visit');
    expect(l.text).toMatch(/1 thread ·.*next visit or reload/);
  });
  it('on plain HTTP, says one thread and why', () => {
    const l = isolationLine({ ...base, secureContext: false, serviceWorkers: false, threads: 1 });
    expect(l.state).toBe('none');
    expect(l.text).toContain('plain HTTP');
  });
  it('before the worker reports', () => {
    expect(isolationLine(base).text).toContain('threads: not reported yet');
  });
});

describe('wasmThreads', () => {
  it('is 1 without isolation, up to 4 with it', () => {
    expect(wasmThreads(false, 8)).toBe(1);
    expect(wasmThreads(true, 2)).toBe(2);
    expect(wasmThreads(true, 16)).toBe(4);
    expect(wasmThreads(true, undefined)).toBe(1);
  });
});
