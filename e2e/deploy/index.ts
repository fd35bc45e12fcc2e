// The deployment and fault tests (issue 6: static build, privacy, offline, faults, security),
// one file per area. Both projects run them: webgpu.spec.ts and fallback.spec.ts call deployTests().
import { cspTests } from './csp';
import { deviceTests } from './device';
import { linksTests } from './links';
import { modelFileTests } from './modelFiles';
import { runTests } from './runs';
import { sizeTests } from './size';

export function deployTests(): void {
  cspTests();
  deviceTests();
  linksTests();
  modelFileTests();
  runTests();
  sizeTests();
}
