import { describe, expect, it } from 'vitest';
import { linear, niceTicks, paddedDomain } from './chartScale';

describe('chart scales', () => {
  it('picks round ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(8.7, 33.5, 5)).toEqual([10, 15, 20, 25, 30]);
    expect(niceTicks(0.95, 1, 4)).toEqual([0.96, 0.98, 1]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
  it('pads domains and maps linearly', () => {
    expect(paddedDomain([0, 10], 0.1)).toEqual([-1, 11]);
    expect(paddedDomain([0, 10], 0.1, 0)).toEqual([0, 11]);
    expect(paddedDomain([])).toEqual([0, 1]);
    const y = linear([0, 1], [100, 0]);
    expect(y(0.25)).toBe(75);
  });
});
