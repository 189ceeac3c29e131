/**
 * The exposure score of a service, computed as `systemd-analyze security` computes it: each check's badness scaled by
 * its weight over its range (rounded up), summed, and divided by the total weight of the checks that apply.
 */
import { SECURITY_CHECKS, type SecurityCheck } from './checks';
import { loadSandbox, type Sandbox, type SandboxInput } from './sandbox';

export type CheckState = 'pass' | 'partial' | 'fail' | 'not-applicable';

export interface CheckResult {
  readonly check: SecurityCheck;
  readonly state: CheckState;
  /** 0 (best) … range (worst); undefined when the check does not apply. */
  readonly badness: number | undefined;
  /** What the service has on this point, in a few words. */
  readonly description: string;
  /** What this check adds to the overall exposure, in tenths (as systemd's EXPOSURE column); 0 when it passes. */
  readonly exposure: number;
}

/** systemd's words for the overall exposure, from the best to the worst. */
export type ExposureLabel = 'PERFECT' | 'SAFE' | 'OK' | 'MEDIUM' | 'EXPOSED' | 'UNSAFE' | 'DANGEROUS';

export interface SecurityReport {
  readonly unitName: string;
  readonly checks: readonly CheckResult[];
  /** The overall exposure in tenths: 0 … 100, shown as 0.0 … 10.0. */
  readonly exposure: number;
  readonly label: ExposureLabel;
  /** Checks that do not pass fully (failing or partial). */
  readonly openChecks: number;
  readonly sandbox: Sandbox;
}

/** The lowest exposure (in tenths) of each label, from the worst down. */
const LABELS: readonly (readonly [number, ExposureLabel])[] = [
  [100, 'DANGEROUS'],
  [90, 'UNSAFE'],
  [75, 'EXPOSED'],
  [50, 'MEDIUM'],
  [10, 'OK'],
  [1, 'SAFE'],
  [0, 'PERFECT'],
];

export function labelOf(exposure: number): ExposureLabel {
  return (LABELS.find(([lowest]) => exposure >= lowest) ?? LABELS[LABELS.length - 1]!)[1];
}

/** Tenths as systemd prints them: `9.2`. */
export function formatExposure(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

const divideUp = (a: number, b: number) => Math.ceil(a / b);

/** Assesses a sandbox already loaded. */
export function assessSandbox(sandbox: Sandbox): SecurityReport {
  const verdicts = SECURITY_CHECKS.map((check) => {
    if (check.defaultDependenciesOnly && !sandbox.defaultDependencies) {
      return {
        check,
        badness: undefined,
        note: 'DefaultDependencies=no: the service runs early in boot, where this setting does not fit',
      };
    }
    const verdict = check.assess(sandbox);
    // A verdict outside the range would be a bug in a check; clamp it rather than report nonsense.
    const badness =
      verdict.badness === undefined ? undefined : Math.max(0, Math.min(check.range, Math.round(verdict.badness)));
    return { check, badness, note: verdict.note };
  });

  let badnessSum = 0;
  let weightSum = 0;
  for (const { check, badness } of verdicts) {
    if (badness === undefined) continue;
    badnessSum += divideUp(badness * check.weight, check.range);
    weightSum += check.weight;
  }

  const checks: CheckResult[] = verdicts.map(({ check, badness, note }) => {
    const state: CheckState =
      badness === undefined ? 'not-applicable' : badness === 0 ? 'pass' : badness >= check.range ? 'fail' : 'partial';
    const description = note ?? (state === 'pass' ? check.good : check.bad);
    const exposure =
      badness === undefined || badness === 0 || weightSum === 0
        ? 0
        : divideUp(divideUp(badness * check.weight * 100, check.range), weightSum);
    return { check, state, badness, description, exposure };
  });

  const exposure = weightSum === 0 ? 0 : divideUp(badnessSum * 100, weightSum);
  return {
    unitName: sandbox.unitName,
    checks,
    exposure,
    label: labelOf(exposure),
    openChecks: checks.filter((result) => result.state === 'fail' || result.state === 'partial').length,
    sandbox,
  };
}

/** Reads a service's files and assesses it: the offline equivalent of `systemd-analyze security --offline=yes`. */
export function assessService(input: SandboxInput): SecurityReport {
  return assessSandbox(loadSandbox(input));
}
