// The measurement's function on the committed fixture models, on onnxruntime-node's CPU EP (the
// WebGPU EP needs a Vulkan driver: the kit's local check in docs/results/gpu-kit.md runs it).
import { describe, expect, it } from 'vitest';
import { parseGpuArgs, type GpuConfig } from './config';
import { measureGpu } from './measureGpu';
import { gpuMarkdown } from './report';

describe('measureGpu on public/fixtures', () => {
  it('counts nodes, times calls and runs the stitched benchmark per set, EP and batch', async () => {
    const c = parseGpuArgs([
      '--models',
      'a=public/fixtures,b=public/fixtures',
      '--eps',
      'cpu',
      '--cpu-batches',
      '1,2',
      '--fractions',
      '0,1',
      '--steps',
      '2',
      '--repeats',
      '1',
      '--calls',
      '2',
    ]) as GpuConfig;
    const updates: number[] = [];
    const r = await measureGpu(c, { command: 'test', onUpdate: (x) => updates.push(x.kernels.length + x.calls.length + x.bench.length) });
    expect(r.config.steps).toBe(2);
    expect(r.sets.map((s) => s.models.map((m) => m.id))).toEqual([
      ['tiny-small', 'tiny-large'],
      ['tiny-small', 'tiny-large'],
    ]);
    expect(r.kernels.map((k) => [k.set, k.role, 'nodes' in k && k.nodes > 0 && k.placement.CPU === k.nodes])).toEqual([
      ['a', 'small', true],
      ['a', 'large', true],
      ['b', 'small', true],
      ['b', 'large', true],
    ]);
    expect(r.calls.map((e) => [e.set, e.role, e.batch, e.imagesPerCall, 'medianMs' in e && e.medianMs > 0])).toEqual([
      ['a', 'small', 1, 2, true],
      ['a', 'large', 1, 2, true],
      ['b', 'small', 1, 2, true],
      ['b', 'large', 1, 2, true],
      ['a', 'small', 2, 4, true],
      ['a', 'large', 2, 4, true],
      ['b', 'small', 2, 4, true],
      ['b', 'large', 2, 4, true],
    ]);
    expect(r.bench.map((b) => [b.set, b.batch, 'rows' in b && b.rows.map((row) => [row.fraction, row.smallSteps])])).toEqual([
      [
        'a',
        1,
        [
          [0, 0],
          [1, 2],
        ],
      ],
      [
        'b',
        1,
        [
          [0, 0],
          [1, 2],
        ],
      ],
      [
        'a',
        2,
        [
          [0, 0],
          [1, 2],
        ],
      ],
      [
        'b',
        2,
        [
          [0, 0],
          [1, 2],
        ],
      ],
    ]);
    expect(updates.at(-1)).toBe(16);
    expect(gpuMarkdown(r)).toContain('| CPU EP | 2 | 1 |');
  }, 60_000);

  it('skips the benchmarks still to do once the time budget is spent, and says so', async () => {
    const c = parseGpuArgs(['--models', 'public/fixtures', '--eps', 'cpu', '--steps', '2', '--repeats', '1', '--calls', '1']) as GpuConfig;
    const r = await measureGpu({ ...c, budgetSeconds: 0.001 });
    expect(r.calls.every((e) => 'medianMs' in e)).toBe(true);
    expect(r.bench).toEqual([
      { set: 'fixtures', ep: 'cpu', batch: 1, imagesPerCall: 2, skipped: expect.stringMatching(/^time budget of 0.001 s spent/) },
    ]);
  }, 60_000);
});
