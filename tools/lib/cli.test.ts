import { describe, expect, it } from 'vitest';
import { median, parseFractions, sibling } from './cli';

describe('parseFractions', () => {
  it('reads lists and inclusive ranges without float drift', () => {
    expect(parseFractions('1,0,0.4')).toEqual([0, 0.4, 1]);
    expect(parseFractions('0:1:0.1')).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });
  it('rejects values outside [0, 1]', () => {
    expect(() => parseFractions('0,1.5')).toThrow(/in \[0, 1\]/);
    expect(() => parseFractions('0:1:0')).toThrow(/step > 0/);
  });
});

it('median and sibling paths', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 2, 3])).toBe(2.5);
  expect(sibling('runs/eval.json', '.md')).toBe('runs/eval.md');
});
