import { describe, expect, it } from 'vitest';
import { countKernels, placement } from './kernels';

// What onnxruntime writes per node and run: fence events around each kernel, which are not kernels.
const node = (name: string, op: string, provider: string) => [
  { cat: 'Node', name: `${name}_fence_before`, args: { op_name: op } },
  { cat: 'Node', name: `${name}_kernel_time`, args: { op_name: op, provider } },
  { cat: 'Node', name: `${name}_fence_after`, args: { op_name: op } },
];
const pass = [
  ...node('/Shape', 'Shape', 'CPUExecutionProvider'),
  ...node('/Gather', 'Gather', 'CPUExecutionProvider'),
  ...node('/MatMul', 'MatMul', 'WebGpuExecutionProvider'),
  ...node('/MatMul_1', 'MatMul', 'WebGpuExecutionProvider'),
  ...node('/Add', 'Add', 'WebGpuExecutionProvider'),
];
const profile = [
  { cat: 'Session', name: 'model_loading_uri', args: {} },
  { cat: 'Session', name: 'session_initialization', args: {} },
  ...pass,
  { cat: 'Session', name: 'model_run', args: {} },
  ...pass,
  { cat: 'Session', name: 'model_run', args: {} },
];

describe('countKernels', () => {
  it('counts the kernel events of one run, by provider and by op', () => {
    const c = countKernels(profile, 2);
    expect(c.nodes).toBe(5);
    expect(c.byProvider).toEqual({ CPUExecutionProvider: 2, WebGpuExecutionProvider: 3 });
    expect(c.byOp).toEqual({
      Shape: { CPUExecutionProvider: 1 },
      Gather: { CPUExecutionProvider: 1 },
      MatMul: { WebGpuExecutionProvider: 2 },
      Add: { WebGpuExecutionProvider: 1 },
    });
    expect(c.pass.map((n) => n.name)).toEqual(['/Shape', '/Gather', '/MatMul', '/MatMul_1', '/Add']);
    expect(placement(c)).toEqual({ CPU: 2, GPU: 3 });
  });

  it('refuses profiles it cannot read as runs of one graph', () => {
    expect(() => countKernels(profile, 3)).toThrow(/10 kernel events do not divide into 3 runs/);
    expect(() => countKernels({ events: profile }, 1)).toThrow(/JSON array/);
    expect(() =>
      countKernels(
        profile.filter((e) => e.cat === 'Session'),
        1,
      ),
    ).toThrow(/no kernel events/);
    expect(() => countKernels([{ cat: 'Node', name: '/Add_kernel_time', args: { op_name: 'Add' } }], 1)).toThrow(/no op_name or provider/);
  });
});
