import { describe, expect, it } from 'vitest';
import { DEVICE_BENCH, type BenchResult } from '../core';
import { deviceReport } from './deviceReport';

const row = (fraction: number, speedup: number) => ({
  fraction,
  smallSteps: 0,
  largeSteps: 0,
  msPerImage: 10 / speedup,
  largeMsPerImage: 10,
  speedup,
  flopLimitSpeedup: 1.6,
  efficiency: speedup / 1.6,
  callTimeLimitSpeedup: 1.5,
  cpuMsPerImage: null,
  cpuSpeedup: null,
  cpuEfficiency: null,
  samplerOverheadShare: 0.01,
  stitchedRuns: [],
  largeRuns: [],
});
const result: BenchResult = {
  rows: [row(0, 1.01), row(0.4, 1.5), row(1, 9)],
  callMs: { small: 0.9, large: 9.9 },
  imagesPerCall: 2,
  flopCostRatio: 0.061,
  callTimeCostRatio: 0.091,
  samplerOverheadShare: 0.012,
};

describe('deviceReport', () => {
  it('says where it ran, one call of each model, and the speed-up at r = 0.4 with both limits', () => {
    const text = deviceReport(result, DEVICE_BENCH, {
      backend: 'WebGPU',
      detail: 'nvidia hopper',
      models: 'dit-s4 + dit-l4',
      userAgent: 'UA',
      date: '2026-11-29',
    });
    expect(text.split('\n')).toEqual([
      'T-Stitch in the browser: device measurement, 2026-11-29',
      'Backend: WebGPU (nvidia hopper)',
      'Browser: UA',
      'Models: dit-s4 + dit-l4',
      'One call on 2 images: small 0.90 ms, large 9.90 ms (time ratio 0.091, FLOP ratio 0.061)',
      'r = 0.4: stitched 6.7 ms per image against 10.0 large-only: speed-up 1.50x (FLOP limit 1.60x, call-time limit 1.50x, efficiency 0.938)',
      'r = 0: speed-up 1.01x (the same computation twice: the noise of this measurement)',
      'r = 1: speed-up 9.00x (FLOP limit 1.60x)',
      'Settings: DDIM 10 steps, 1 image, guidance 2, 3 interleaved pairs per r, medians; sampler overhead 1.2% of the time',
    ]);
  });
});
