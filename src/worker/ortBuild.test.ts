import { describe, expect, it } from 'vitest';
import { buildsFor, hasJspi, pickBuild, type OrtBuildName } from './ortBuild';

const none = () => false;
const only =
  (...names: OrtBuildName[]) =>
  (b: OrtBuildName) =>
    names.includes(b);

describe('buildsFor', () => {
  it('gives WebGPU the JSPI build where the engine has JSPI, else the asyncify build', () => {
    expect(buildsFor('webgpu', true)).toEqual(['jspi']);
    expect(buildsFor('webgpu', false)).toEqual(['asyncify']);
  });
  it('gives wasm the CPU-only build first and a WebGPU build as a stand-in', () => {
    expect(buildsFor('wasm', true)).toEqual(['cpu', 'jspi']);
    expect(buildsFor('wasm', false)).toEqual(['cpu', 'asyncify']);
  });
});

describe('pickBuild', () => {
  it('downloads the best build when nothing is loaded or kept', () => {
    expect(pickBuild(['cpu', 'jspi'], none, none)).toBe('cpu');
  });
  it('prefers a build this worker has loaded, then one kept offline', () => {
    expect(pickBuild(['cpu', 'jspi'], only('jspi'), only('cpu'))).toBe('jspi');
    expect(pickBuild(['cpu', 'jspi'], none, only('jspi'))).toBe('jspi');
    expect(pickBuild(['cpu', 'jspi'], none, only('cpu', 'jspi'))).toBe('cpu');
  });
  it('never picks a build that cannot run the backend', () => {
    expect(pickBuild(['jspi'], only('cpu'), only('cpu', 'asyncify'))).toBe('jspi');
  });
});

describe('hasJspi', () => {
  it('reads WebAssembly.Suspending', () => {
    expect(hasJspi({ Suspending: function Suspending() {} })).toBe(true);
    expect(hasJspi({})).toBe(false);
  });
});
