/** The sampler core's public API: pure TypeScript, runs anywhere (page, worker, Node tools, tests). */
export { alphaBars, samplingTimesteps, type ScheduleSpec } from './schedule';
export {
  COMPARISONS,
  MODEL_ROLES,
  PLAN_ORDERS,
  comparisonPlan,
  countsFromFractions,
  fractionToSteps,
  planCost,
  planCounts,
  planSteps,
  sameCostLargeSteps,
  stitchingPlan,
  type Comparison,
  type ModelRole,
  type PlanOrder,
  type PlanSpec,
  type StepCounts,
} from './plan';
export { createNoise, xoshiro128ss, type NoiseSource } from './noise';
export { SAMPLERS, predictX0, type SamplerName } from './samplers';
export { combineGuidance, needsUnconditional } from './guidance';
export { isAbortError, type Denoiser, type Denoisers, type ImageShape, type StepInfo } from './sample';
export { sampleTrajectory, type ModelSetSpec } from './stitch';
export { IDEAL_MIN, IDEAL_SLACK, costRatio, fasterThanFlops, flopIdeal, type PlanPair } from './ideal';
export { DEVICE_BENCH, runBench, type BenchConfig, type BenchResult } from './bench';
export { classAccuracy, featureStats, frechetDistance } from './fid';
