import { describe, expect, it } from 'vitest';
import { isMain, median, parseFractions, runMain, sibling } from './cli';

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

it('runMain runs nothing for a module that is not the one node started (a test importing a command)', () => {
  expect(isMain(import.meta)).toBe(false);
  let ran = false;
  runMain('t', () => void (ran = true), { module: import.meta });
  expect(ran).toBe(false);
});
