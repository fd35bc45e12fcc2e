// The deployment and fault tests (issue 6: static build, privacy, offline, faults, security;
// issue 11: loading that never strands a user), one file per area. Both projects run them:
// webgpu.spec.ts and fallback.spec.ts call deployTests().
import { cspTests } from './csp';
import { deviceTests } from './device';
import { halfDeployedTests } from './halfDeployed';
import { insecureContextTests } from './insecureContext';
import { installableTests } from './installable';
import { isolationTests } from './isolation';
import { loadProgressTests } from './loadProgress';
import { linksTests } from './links';
import { modelFileTests } from './modelFiles';
import { runTests } from './runs';
import { sizeTests } from './size';
import { staleModelTests } from './staleModels';
import { storageRefusedTests } from './storageRefused';

export function deployTests(): void {
  cspTests();
  deviceTests();
  linksTests();
  modelFileTests();
  runTests();
  sizeTests();
  // Issue 11: loading that never strands a user.
  staleModelTests();
  storageRefusedTests();
  halfDeployedTests();
  insecureContextTests();
  loadProgressTests();
  // Issue 13: installable, and threads where the page can be isolated.
  installableTests();
  isolationTests();
}
