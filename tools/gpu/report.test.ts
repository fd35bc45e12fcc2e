import { describe, expect, it } from 'vitest';
import { gpuMarkdown, parseVulkanLog, type GpuReport } from './report';

// What VK_LOADER_DEBUG=driver printed here around one WebGPU session (Debian's loader 1.3.239).
const LOG = `DRIVER:           Searching for driver manifest files
DRIVER:              In following locations:
DRIVER:                 /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
DRIVER:           Found ICD manifest file /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json, version "1.0.1"
DEBUG | DRIVER:   Searching for ICD drivers named libGLX_nvidia.so.0
INFO | DRIVER:    linux_read_sorted_physical_devices:
INFO | DRIVER:         Original order:
INFO | DRIVER:               [0] NVIDIA H200
INFO | DRIVER:         Sorted order:
INFO | DRIVER:               [0] NVIDIA H200  
DEBUG | DRIVER:   Copying old device 0 into new device 0
error: XDG_RUNTIME_DIR is invalid or not set in the environment.
INFO | DRIVER:         Sorted order:
INFO | DRIVER:               [0] NVIDIA H200  
`;

describe('parseVulkanLog', () => {
  it('names the ICD manifests and the physical devices, once each', () => {
    expect(parseVulkanLog(LOG)).toEqual({ icds: ['/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json'], devices: ['NVIDIA H200'] });
    expect(parseVulkanLog('')).toEqual({ icds: [], devices: [] });
  });
});

const row = (fraction: number, speedup: number, flop: number) => ({
  fraction,
  smallSteps: fraction * 50,
  largeSteps: 50 - fraction * 50,
  msPerImage: 10,
  largeMsPerImage: 10 * speedup,
  speedup,
  flopLimitSpeedup: flop,
  efficiency: speedup / flop,
  callTimeLimitSpeedup: flop * 0.97,
  samplerOverheadShare: 0.01,
  stitchedRuns: [10],
  largeRuns: [10 * speedup],
});

const report: GpuReport = {
  tool: 'tools/gpu/measure.ts',
  command: 'bash .gpu/p3/run.sh',
  date: '2026-12-01T00:00:00.000Z',
  wallSeconds: 123.4,
  machine: {
    node: 'v20.20.2',
    platform: 'linux x64',
    cpus: 16,
    cpu: 'Xeon',
    onnxruntime: 'onnxruntime-node 1.30.0',
    vulkan: { driverFiles: '/x/nvidia_icd.json', loader: 'kit', icds: [], devices: ['NVIDIA H200'] },
    note: 'name, driver_version\nNVIDIA H200, 580.1\n',
  },
  config: {
    sets: [],
    eps: ['webgpu'],
    batches: [1, 16],
    cpuBatches: [1],
    fractions: [0, 0.4],
    steps: 50,
    repeats: 7,
    calls: 30,
    kernelRuns: 2,
    threads: 1,
    budgetSeconds: 400,
    guidance: 2,
    sampler: 'ddim',
  },
  sets: [
    {
      label: 'lean',
      dir: 'public/models',
      models: [
        { role: 'small', id: 'dit-s4', file: 'dit-s4.onnx', sha256: 'aaaaaaaaaaaaaaaa' },
        { role: 'large', id: 'dit-l4', file: 'dit-l4.onnx', sha256: 'bbbbbbbbbbbbbbbb' },
      ],
    },
    {
      label: 'plain',
      dir: '/tmp/p',
      models: [
        { role: 'small', id: 'dit-s4', file: 'dit-s4.onnx', sha256: 'cccccccccccccccc' },
        { role: 'large', id: 'dit-l4', file: 'dit-l4.onnx', sha256: 'dddddddddddddddd' },
      ],
    },
  ],
  kernels: [
    { set: 'lean', ep: 'webgpu', role: 'small', nodes: 129, placement: { GPU: 129 }, byOp: {}, onCpu: [] },
    { set: 'lean', ep: 'webgpu', role: 'large', nodes: 233, placement: { GPU: 233 }, byOp: {}, onCpu: [] },
    { set: 'plain', ep: 'webgpu', role: 'small', nodes: 379, placement: { GPU: 286, CPU: 93 }, byOp: {}, onCpu: [] },
    { set: 'plain', ep: 'webgpu', role: 'large', error: 'no adapter' },
  ],
  calls: [
    { set: 'lean', ep: 'webgpu', role: 'small', batch: 1, imagesPerCall: 2, medianMs: 0.5, meanMs: 0.6, p10Ms: 0.4, p90Ms: 0.7, calls: 30 },
    {
      set: 'plain',
      ep: 'webgpu',
      role: 'small',
      batch: 1,
      imagesPerCall: 2,
      medianMs: 1.25,
      meanMs: 1.3,
      p10Ms: 1.2,
      p90Ms: 1.4,
      calls: 30,
    },
  ],
  bench: [
    {
      set: 'lean',
      ep: 'webgpu',
      batch: 1,
      imagesPerCall: 2,
      steps: 50,
      repeats: 7,
      callMs: { small: 0.5, large: 1 },
      callTimeCostRatio: 0.5,
      flopCostRatio: 0.06,
      samplerOverheadShare: 0.01,
      rows: [row(0, 1, 1), row(0.4, 1.3, 1.6)],
    },
    { set: 'plain', ep: 'webgpu', batch: 1, imagesPerCall: 2, error: 'no adapter' },
    { set: 'lean', ep: 'webgpu', batch: 16, imagesPerCall: 32, skipped: 'time budget of 400 s spent (401 s)' },
  ],
};

describe('gpuMarkdown', () => {
  const md = gpuMarkdown(report);
  it('says what ran where, with the command', () => {
    expect(md).toContain('Command: `bash .gpu/p3/run.sh`');
    expect(md).toContain('Vulkan: NVIDIA H200 (VK_DRIVER_FILES=/x/nvidia_icd.json), loader: kit.');
    expect(md).toContain('NVIDIA H200, 580.1');
    expect(md).not.toContain('software GPU');
    const sw = {
      ...report,
      machine: { ...report.machine, vulkan: { ...report.machine.vulkan, devices: ['SwiftShader Device (Subzero)'] } },
    };
    expect(gpuMarkdown(sw)).toContain('SwiftShader is a software GPU');
  });
  it('puts the sets side by side, failures and skips in words', () => {
    expect(md).toContain('| lean | WebGPU EP | 129 (0) | 233 (0) |');
    expect(md).toContain('| plain | WebGPU EP | 379 (93) | failed: no adapter |');
    expect(md).toContain('| WebGPU EP | small | 1 (2) | 0.500 | 1.250 |');
    expect(md).toContain('| WebGPU EP | 1 | 0.4 | 1.600 | 1.300 / 1.552 / 0.813 | failed: no adapter |');
    expect(md).toContain('| WebGPU EP | 16 | n/a | n/a | skipped: time budget of 400 s spent (401 s) |  |');
  });
});
