/**
 * Compares our diagnostics for one case with what `systemd-analyze verify` said about it (recorded.json).
 *
 * - A systemd finding at line L is MATCHED when we report a diagnostic of the same class (our `error` for its error,
 *   our `warning` for its warning) on line L — on any line, when systemd's finding is about the unit as a whole
 *   (line null). Otherwise it is MISSED.
 * - Where systemd says nothing about a line we may report at most `information` or `hint`; an error or warning there
 *   is a FALSE finding. A unit-level finding of systemd's (line null) stands behind our findings of its class
 *   anywhere in the unit: "Service has no ExecStart=" may be reported at the [Service] header.
 */

export type FindingClass = 'error' | 'warning';
export type OurSeverity = 'error' | 'warning' | 'information' | 'hint';

/** One line systemd printed, as record.mjs stored it. */
export interface RecordedFinding {
  /** The case file, or for a drop-in its path under cases/ (`NNN-x.service.d/override.conf`). */
  readonly file: string;
  /** 1-based line, or null for a message about the unit as a whole. */
  readonly line: number | null;
  readonly severity: FindingClass;
  readonly message: string;
}

/** A complaint about this machine (a missing executable or unit), never counted. */
export interface MachineFinding {
  readonly file: string;
  readonly line: number | null;
  readonly message: string;
}

export interface RecordedVerdict {
  readonly exitCode: number | null;
  readonly findings: readonly RecordedFinding[];
  readonly machine: readonly MachineFinding[];
}

export interface Recorded {
  readonly systemd: string;
  readonly cases: Readonly<Record<string, RecordedVerdict>>;
}

/** One of our diagnostics, 1-based lines. */
export interface OurFinding {
  readonly line: number;
  /** The last line the diagnostic covers, when it spans a continuation (systemd names the last physical line). */
  readonly endLine?: number;
  readonly severity: string;
  readonly code: string;
  /** The file it is in, for a case with drop-ins; when absent, the case file. */
  readonly file?: string;
}

export interface Match {
  readonly theirs: RecordedFinding;
  readonly ours: OurFinding;
}

export interface Comparison {
  readonly caseName: string;
  readonly matched: Match[];
  readonly missed: RecordedFinding[];
  /** Our findings on lines where systemd is silent, by our severity. Errors and warnings here are false findings. */
  readonly extraBySeverity: Record<OurSeverity, OurFinding[]>;
  /** Our errors on lines where systemd only warned (it went on, we say it refuses): not false, but too strong. */
  readonly overstated: Match[];
}

function covers(ours: OurFinding, caseName: string, file: string, line: number): boolean {
  return (
    (ours.file ?? caseName) === file && ours.line <= line && line <= Math.max(ours.line, ours.endLine ?? ours.line)
  );
}

function severityOf(ours: OurFinding): OurSeverity {
  const severity = ours.severity;
  return severity === 'error' || severity === 'warning' || severity === 'information' ? severity : 'hint';
}

export function compare(caseName: string, ours: readonly OurFinding[], theirs: readonly RecordedFinding[]): Comparison {
  const matched: Match[] = [];
  const missed: RecordedFinding[] = [];
  for (const finding of theirs) {
    const line = finding.line;
    const match = ours.find(
      (candidate) =>
        severityOf(candidate) === finding.severity &&
        (line === null || covers(candidate, caseName, finding.file, line)),
    );
    if (match) matched.push({ theirs: finding, ours: match });
    else missed.push(finding);
  }

  const extraBySeverity: Record<OurSeverity, OurFinding[]> = { error: [], warning: [], information: [], hint: [] };
  const unitLevel = new Set(theirs.filter((finding) => finding.line === null).map((finding) => finding.severity));
  for (const candidate of ours) {
    const severity = severityOf(candidate);
    const explained =
      theirs.some((finding) => finding.line !== null && covers(candidate, caseName, finding.file, finding.line)) ||
      ((severity === 'error' || severity === 'warning') && unitLevel.has(severity));
    if (!explained) extraBySeverity[severity].push(candidate);
  }
  const overstated: Match[] = [];
  for (const candidate of ours.filter((finding) => severityOf(finding) === 'error')) {
    const here = theirs.filter(
      (finding) => finding.line !== null && covers(candidate, caseName, finding.file, finding.line),
    );
    const warned = here.find((finding) => finding.severity === 'warning');
    if (warned && !here.some((finding) => finding.severity === 'error'))
      overstated.push({ theirs: warned, ours: candidate });
  }
  return { caseName, matched, missed, extraBySeverity, overstated };
}
