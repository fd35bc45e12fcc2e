import { describe, expect, it } from 'vitest';
import { checkingText } from './localSet';

describe('a set from disk on the page', () => {
  it('says which file is being checked', () => {
    expect(checkingText(null)).toBe('Checking the files…');
    expect(checkingText({ file: 'models/l.onnx', index: 2, count: 3, loaded: 40, total: 100 })).toBe(
      'Checking the files: the sha256 of "models/l.onnx" (file 2 of 3)…',
    );
  });
});
