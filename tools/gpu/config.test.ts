import { describe, expect, it } from 'vitest';
import { batchesFor, parseGpuArgs, parseModelSets, type GpuConfig } from './config';

const parse = (argv: string[]) => parseGpuArgs(argv) as GpuConfig;

describe('parseGpuArgs', () => {
  it("defaults to the issue's measurement: webgpu and cpu, batch 1, 4, 16, r = 0, 0.4, 1", () => {
    const c = parse([]);
    expect(c.sets).toEqual([{ label: 'lean', dir: 'public/models' }]);
    expect(c.eps).toEqual(['webgpu', 'cpu']);
    expect(c.batches).toEqual([1, 4, 16]);
    expect(c.cpuBatches).toEqual([1]);
    expect(c.fractions).toEqual([0, 0.4, 1]);
    expect(c.steps).toBeUndefined();
    expect([c.repeats, c.calls, c.kernelRuns, c.threads, c.budgetSeconds, c.probe]).toEqual([7, 30, 2, 1, 0, false]);
    expect(parseGpuArgs(['--help'])).toBe('help');
  });

  it('reads lists, sorted and without repeats', () => {
    const c = parse([
      '--models',
      'lean=public/models,plain=/tmp/kit/plain',
      '--eps',
      'webgpu',
      '--batches',
      '16,1,4,4',
      '--cpu-batches',
      '1,4',
      '--fractions',
      '0:1:0.5',
      '--steps',
      '20',
    ]);
    expect(c.sets).toEqual([
      { label: 'lean', dir: 'public/models' },
      { label: 'plain', dir: '/tmp/kit/plain' },
    ]);
    expect(c.eps).toEqual(['webgpu']);
    expect(c.batches).toEqual([1, 4, 16]);
    expect(batchesFor(c, 'cpu')).toEqual([1, 4]);
    expect(batchesFor(c, 'webgpu')).toEqual([1, 4, 16]);
    expect(c.fractions).toEqual([0, 0.5, 1]);
    expect(c.steps).toBe(20);
  });

  it('lets a later flag override an earlier one (run.sh passes its defaults first)', () => {
    const c = parse([
      '--models',
      'lean=public/models,plain=/tmp/p',
      '--budget-s',
      '400',
      '--out',
      'a.json',
      '--budget-s',
      '0',
      '--models',
      'x=public/fixtures',
    ]);
    expect(c.budgetSeconds).toBe(0);
    expect(c.sets).toEqual([{ label: 'x', dir: 'public/fixtures' }]);
  });

  it('refuses what it cannot measure', () => {
    expect(() => parse(['--eps', 'cuda'])).toThrow(/unknown cuda/);
    expect(() => parse(['--batches', '0'])).toThrow(/--batches must be an integer >= 1/);
    expect(() => parse(['--batches', ''])).toThrow(/empty list/);
    expect(() => parse(['--fractions', '1.5'])).toThrow(/\[0, 1\]/);
    expect(() => parse(['--bogus'])).toThrow();
  });
});

describe('parseModelSets', () => {
  it('takes label=DIR, or names a bare folder after its last part', () => {
    expect(parseModelSets('runs/lean/')).toEqual([{ label: 'lean', dir: 'runs/lean/' }]);
    expect(() => parseModelSets('a=x,a=y')).toThrow(/labels must differ/);
    expect(() => parseModelSets('b a=x')).toThrow(/expected label=DIR/);
  });
});
