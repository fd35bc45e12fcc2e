import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressMessage } from '../client/client';
import { progressBatch } from './progressBatch';

const at = (file: string, loaded: number, total = 10): ProgressMessage => ({ file, role: 'small', loaded, total, source: 'network' });

describe('progressBatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the first message at once, then one batch per window with each file’s latest', () => {
    const batches: ProgressMessage[][] = [];
    const b = progressBatch((x) => batches.push(x), 250);
    b.push(at('s.onnx', 1));
    expect(batches).toEqual([[at('s.onnx', 1)]]);
    b.push(at('s.onnx', 2));
    b.push(at('l.onnx', 1));
    b.push(at('s.onnx', 3));
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(batches[1]).toEqual([at('s.onnx', 3), at('l.onnx', 1)]);
    // A window with nothing in it closes: the next message is written at once again.
    vi.advanceTimersByTime(250);
    expect(batches).toHaveLength(2);
    b.push(at('l.onnx', 10));
    expect(batches[2]).toEqual([at('l.onnx', 10)]);
  });

  it('flush writes what waits now, and drop forgets it', () => {
    const batches: ProgressMessage[][] = [];
    const b = progressBatch((x) => batches.push(x), 250);
    b.push(at('s.onnx', 1));
    b.push(at('s.onnx', 10));
    b.flush();
    expect(batches).toEqual([[at('s.onnx', 1)], [at('s.onnx', 10)]]);
    b.push(at('l.onnx', 1));
    b.push(at('l.onnx', 5));
    b.drop();
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(3);
    expect(batches[2]).toEqual([at('l.onnx', 1)]);
  });
});
