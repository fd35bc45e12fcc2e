// The classroom page's tests, one file per numbered item of the issue. Both projects run all of
// them: webgpu.spec.ts (SwiftShader WebGPU) and fallback.spec.ts (wasm) call classroomTests().
import { controlsTests } from './controls';
import { modelsTests } from './models';
import { presentationTests } from './presentation';
import { shareTests } from './share';
import { tradeoffTests } from './tradeoff';
import { trajectoryTests } from './trajectories';
import { whyTests } from './why';

export function classroomTests(): void {
  controlsTests(); // 1
  trajectoryTests(); // 2
  whyTests(); // 3
  tradeoffTests(); // 4
  modelsTests(); // 5
  shareTests(); // 6
  presentationTests(); // 7
}
