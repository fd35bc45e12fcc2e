import { describe, expect, it } from 'vitest';
import { exportFileName, exportLayout } from './exportPng';
import { defaultSettings } from '../view/settings';

describe('exportLayout', () => {
  it('scales the grid by a whole factor and keeps the panels apart', () => {
    const one = exportLayout(28, 28);
    expect(one.scale).toBe(12);
    expect(one.panels.baseline.x - one.panels.stitched.x).toBe(28 * 12 + 32);
    expect(one.panels.stitched.y).toBe(one.panels.baseline.y);
    expect(one.width).toBe(24 + 2 * 336 + 32 + 24);
    const sixteen = exportLayout(115, 115);
    expect(sixteen.scale).toBe(3);
    expect(sixteen.height).toBeGreaterThan(sixteen.panels.stitched.y + 115 * 3);
  });
  it('names the file after the settings', () => {
    expect(exportFileName({ settings: { ...defaultSettings(), seed: 7 } })).toBe('tstitch-r0.40-ddim50-seed7.png');
  });
});
