// The questions a sceptical researcher asks, answered on the page: the same-cost baseline and
// other orders beside T-Stitch, three models, DPM-Solver++, the measured FID against cost, and
// why the speed-up is what it is on this device.
// Both projects run them: webgpu.spec.ts and fallback.spec.ts call researchTests().
import { compareTests } from './compare';
import { costChartTests } from './costChart';
import { deviceTests } from './device';
import { solverTests } from './solver';
import { threeModelTests } from './threeModels';

export function researchTests(): void {
  compareTests(); // 8
  threeModelTests(); // 9
  solverTests(); // 10
  costChartTests(); // 11
  deviceTests(); // 12
}
