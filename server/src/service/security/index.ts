export {
  assessSandbox,
  assessService,
  formatExposure,
  labelOf,
  type CheckResult,
  type CheckState,
  type ExposureLabel,
  type SecurityReport,
} from './assess';
export { SECURITY_CHECKS, runsPrivileged, type SecurityCheck, type Verdict } from './checks';
export { ASSESSED_SERVICE_SETTINGS, loadSandbox, type Sandbox, type SandboxInput } from './sandbox';
export { SYSCALL_DATA_SOURCE } from './syscalls';
