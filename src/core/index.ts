/** Public API of the sampler core: pure TypeScript, shared by the worker, the UI and Node tools. */
export { alphaBars, betas, linspace, samplingTimesteps, type ScheduleSpec } from './schedule';
export { MODEL_ROLES, idealSpeedup, planCounts, smallSteps, stitchingPlan, type ModelRole } from './plan';
export { createNoise, xoshiro128ss, type NoiseSource } from './noise';
export {
  createSampler,
  ddim,
  ddpm,
  predictX0,
  type Sampler,
  type SamplerName,
  type SamplerOptions,
  type StepResult,
} from './samplers';
export { combineGuidance, guidedBatch, needsUnconditional, type GuidedBatch } from './guidance';
export {
  createAbortError,
  isAbortError,
  sample,
  type Denoiser,
  type ImageShape,
  type SampleOptions,
  type SampleResult,
  type StepInfo,
} from './sample';
export {
  classAccuracy,
  featureStats,
  frechetDistance,
  sqrtPsd,
  symmetricEigen,
  type FeatureStats,
} from './fid';
