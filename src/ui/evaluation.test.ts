import { describe, expect, it } from 'vitest';
import { describeConfig, nearestRow, parseEvaluation } from './evaluation';

const good = {
  config: { samples: 1000, steps: 50, sampler: 'ddim', guidance: 2, seed: 0, command: 'npm run eval' },
  rows: [
    { fraction: 0.5, fid: 12, classAccuracy: 0.8, secondsPerImage: 0.02, extra: 'kept out' },
    { fraction: 0, fid: 10, classAccuracy: 0.9, secondsPerImage: 0.04 },
  ],
};

describe('parseEvaluation', () => {
  it('keeps the charted fields, sorted by fraction', () => {
    const e = parseEvaluation(good);
    expect(e.rows).toEqual([
      { fraction: 0, fid: 10, classAccuracy: 0.9, secondsPerImage: 0.04 },
      { fraction: 0.5, fid: 12, classAccuracy: 0.8, secondsPerImage: 0.02 },
    ]);
    expect(e.config.command).toBe('npm run eval');
  });
  it('names the first bad field', () => {
    expect(() => parseEvaluation(null)).toThrow('Invalid evaluation.json: not a JSON object');
    expect(() => parseEvaluation({ config: {}, rows: [] })).toThrow(/rows must be a non-empty array/);
    expect(() => parseEvaluation({ config: {}, rows: [{ fraction: 2, fid: 1, secondsPerImage: 1 }] })).toThrow(/rows\[0\].fraction/);
    expect(() => parseEvaluation({ config: {}, rows: [{ fraction: 0, fid: 'x', secondsPerImage: 1 }] })).toThrow(/rows\[0\].fid/);
    expect(() => parseEvaluation({ rows: good.rows })).toThrow(/config must be an object/);
  });
});

describe('helpers', () => {
  it('finds the nearest measured row and describes the setup', () => {
    const { rows, config } = parseEvaluation(good);
    expect(nearestRow(rows, 0.3)?.fraction).toBe(0.5);
    expect(nearestRow(rows, 0.2)?.fraction).toBe(0);
    expect(describeConfig(config)).toBe('1000 images per point, DDIM 50 steps, guidance 2, seed 0');
  });
});
