// Reads what `systemd-analyze verify` prints into findings with a file and a line. Pure, for the tests.

export type FindingSeverity = 'error' | 'warning' | 'information';

export interface VerifyFinding {
  /** The file the line names (`/path/unit.service:12: …`), or undefined for a message about the unit as a whole. */
  readonly file: string | undefined;
  /** 1-based, as systemd counts; undefined when the message names no line. */
  readonly line: number | undefined;
  readonly message: string;
  readonly severity: FindingSeverity;
}

export interface VerifyContext {
  /** The path given to verify. */
  readonly file: string;
  /** The unit's name (the file name). */
  readonly unit: string;
  /** Exit status of systemd-analyze; non-zero when it found something that stops the unit from loading. */
  readonly exitCode: number | null;
}

// CSI and OSC sequences, in case a colour or link sneaks into the output.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;
const LOCATED = /^(\/.*?):(\d+): (.*)$/;

/** systemd logs a setting it skips with "…, ignoring." and goes on; those are warnings whatever the exit status. */
function severityOf(message: string, exitCode: number | null): FindingSeverity {
  if (/\bignor(e|ing)\b|proceeding anyway/i.test(message)) return 'warning';
  return exitCode === 0 ? 'warning' : 'error';
}

export function parseVerifyOutput(output: string, context: VerifyContext): VerifyFinding[] {
  const findings: VerifyFinding[] = [];
  const seen = new Set<string>();
  for (const raw of output.replace(ESCAPES, '').split(/\r?\n/)) {
    const text = raw.replace(CONTROL, '').trim();
    if (text.length === 0 || seen.has(text)) continue;
    seen.add(text);
    let file: string | undefined;
    let line: number | undefined;
    let message = text;
    // The file that was verified first: its path may itself hold `:12: `.
    const own = text.startsWith(context.file + ':') ? /^(\d+): (.*)$/.exec(text.slice(context.file.length + 1)) : null;
    const located = own ? [text, context.file, own[1], own[2]] : LOCATED.exec(text);
    if (located) {
      file = located[1];
      line = Number(located[2]);
      message = located[3]!;
    } else if (text.startsWith(context.unit + ': ')) {
      message = text.slice(context.unit.length + 2);
    }
    findings.push({ file, line, message, severity: severityOf(message, context.exitCode) });
  }
  return findings;
}
