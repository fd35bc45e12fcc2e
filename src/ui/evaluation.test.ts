import { describe, expect, it } from 'vitest';
import { describeConfig, nearestRow, parseEvaluation } from './evaluation';

// The shape tools/eval.ts writes (trimmed).
const good = {
  tool: 'tools/eval.ts',
  config: { command: 'npm run eval', samples: 1000, steps: 50, sampler: 'ddim', guidance: 2, seed: 0, runtime: 'onnxruntime-node (cpu)' },
  reference: { source: 'real images', samples: 1000, fid: 3.5, classAccuracy: 0.97 },
  rows: [
    { fraction: 0.5, smallSteps: 25, largeSteps: 25, fid: 12, classAccuracy: 0.8, secondsPerImage: 0.02, speedup: 2 },
    { fraction: 0, smallSteps: 0, largeSteps: 50, fid: 10, classAccuracy: 0.9, secondsPerImage: 0.04, speedup: 1 },
  ],
};

describe('parseEvaluation', () => {
  it('keeps the charted fields, sorted by fraction, and the real-image reference', () => {
    const e = parseEvaluation(good);
    expect(e.rows).toEqual([
      { fraction: 0, fid: 10, classAccuracy: 0.9, secondsPerImage: 0.04 },
      { fraction: 0.5, fid: 12, classAccuracy: 0.8, secondsPerImage: 0.02 },
    ]);
    expect(e.reference).toEqual({ fid: 3.5, samples: 1000, classAccuracy: 0.97 });
    expect(e.config.command).toBe('npm run eval');
  });
  it('accepts rows without FID (no classifier) and files without a reference', () => {
    const e = parseEvaluation({ config: {}, reference: null, rows: [{ fraction: 1, fid: null, classAccuracy: null, secondsPerImage: 0.1 }] });
    expect(e.rows).toEqual([{ fraction: 1, fid: null, classAccuracy: null, secondsPerImage: 0.1 }]);
    expect(e.reference).toBeNull();
  });
  it('names the first bad field', () => {
    expect(() => parseEvaluation(null)).toThrow('Invalid evaluation.json: not a JSON object');
    expect(() => parseEvaluation({ config: {}, rows: [] })).toThrow(/rows must be a non-empty array/);
    expect(() => parseEvaluation({ config: {}, rows: [{ fraction: 2, fid: 1, secondsPerImage: 1 }] })).toThrow(/rows\[0\].fraction/);
    expect(() => parseEvaluation({ config: {}, rows: [{ fraction: 0, fid: 'x', secondsPerImage: 1 }] })).toThrow(/rows\[0\].fid/);
    expect(() => parseEvaluation({ config: {}, rows: [{ fraction: 0, fid: 1 }] })).toThrow(/rows\[0\].secondsPerImage/);
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
