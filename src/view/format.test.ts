import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatSeconds, formatSpeedup, speedup, trainingSummary } from './format';

describe('speedup', () => {
  it('is large-only time over stitched time', () => {
    expect(speedup(400, 600)).toBe(1.5);
    expect(formatSpeedup(speedup(400, 600))).toBe('1.50×');
  });
  it('is undefined without two positive times', () => {
    expect(speedup(0, 600)).toBeNull();
    expect(speedup(400, Number.NaN)).toBeNull();
    expect(formatSpeedup(null)).toBe('–');
  });
});

describe('formatting', () => {
  it('reads like a person would say it', () => {
    expect(formatSeconds(1234)).toBe('1.23 s');
    expect(formatSeconds(undefined)).toBe('–');
    expect(formatBytes(219140)).toBe('219.1 kB');
    expect(formatBytes(22142746)).toBe('22.1 MB');
    expect(formatBytes(12)).toBe('12 B');
    expect(formatCount(322512)).toBe('323k');
    expect(formatCount(5504080)).toBe('5.5M');
    expect(formatDuration(618)).toBe('10 min 18 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(7300)).toBe('2 h 1 min');
  });
});

describe('trainingSummary', () => {
  it('says what the manifest records', () => {
    expect(
      trainingSummary({ imagesSeen: 7630336, steps: 29806, wallSeconds: 618, hardware: 'NVIDIA H200', batch: 256, weights: 'EMA' }),
    ).toBe('7.6M images in 29,806 steps of 256, 10 min 18 s on NVIDIA H200; EMA weights');
    expect(trainingSummary({ imagesSeen: 0, weights: 'random (test fixture)', seed: 0 })).toBe('random (test fixture) weights');
    expect(trainingSummary(undefined)).toBe('not recorded in the manifest');
  });
});
