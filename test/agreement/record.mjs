// Records what systemd itself says about every case in test/agreement/cases, into test/agreement/recorded.json.
//
//   node test/agreement/record.mjs                 regenerate recorded.json
//   node test/agreement/record.mjs --print A B …   print the verdicts of cases A, B, … as JSON (used by the test)
//
// Each case is copied into a fresh temporary directory (a drop-in folder `NAME.d/` beside it too) and checked with
// `SYSTEMD_UNIT_PATH=<tmp>: systemd-analyze verify --man=no --generators=no <tmp>/NAME`, so nothing else in the
// cases folder can influence the verdict. Findings caused by this machine rather than by the file (a missing
// executable, a missing unit named in a dependency) are kept apart under `machine` and never count.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CASES = join(HERE, 'cases');
export const RECORDED = join(HERE, 'recorded.json');

/** systemd-analyze's version line, or undefined when it is not installed. */
export function systemdVersion() {
  const run = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) return undefined;
  return run.stdout.split('\n')[0].trim();
}

/** The case names: every file directly in cases/ (drop-in folders go with their base unit). */
export function caseNames() {
  return readdirSync(CASES)
    .filter((name) => statSync(join(CASES, name)).isFile())
    .sort();
}

/** Complaints about this machine, not about the file. */
const MACHINE = [
  /is not executable/,
  /Failed to (?:load|add dependency|resolve|find|look up).*(?:not found|No such file or directory)/i,
  /(?:not found|No such file or directory)\.?$/,
  /Failed to create .*: (?:Operation not permitted|Permission denied|Read-only file system)/,
  /not loaded, socket cannot be started/,
];

/** systemd logged the line and went on without it. */
const WARNING = [
  /ignoring\b/i,
  /^Unknown key /,
  /^Unknown section /,
  /^Missing '='/,
  /^Assignment outside of section/,
  /please use .* instead/,
  /is deprecated/i,
  /Support for .* will be removed/,
];

/** systemd refused the whole unit. */
const REFUSAL = [
  /failed to load properly/,
  /has a bad unit file setting/,
  /fatal error/i,
  /Refusing\.?$/,
  /is masked\.$/,
];

/** Printed right after the line whose setting made the unit unloadable (config_parse returned an error). */
const FATAL = /has fatal error/;

function classify(message, refused) {
  if (MACHINE.some((pattern) => pattern.test(message))) return 'machine';
  if (REFUSAL.some((pattern) => pattern.test(message))) return 'error';
  if (WARNING.some((pattern) => pattern.test(message))) return 'warning';
  // A line systemd did not say it ignores: in a refused unit, that line is the cause; otherwise a notice.
  return refused ? 'error' : 'warning';
}

function compareFindings(a, b) {
  return (
    a.file.localeCompare(b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.severity.localeCompare(b.severity) ||
    a.message.localeCompare(b.message)
  );
}

/** Runs systemd-analyze verify on an isolated copy of one case and sorts out what it printed. */
export function verdictOf(name) {
  const directory = mkdtempSync(join(tmpdir(), 'systemd-units-agreement-'));
  try {
    cpSync(join(CASES, name), join(directory, name));
    if (existsSync(join(CASES, `${name}.d`))) {
      cpSync(join(CASES, `${name}.d`), join(directory, `${name}.d`), { recursive: true });
    }
    const run = spawnSync('systemd-analyze', ['verify', '--man=no', '--generators=no', join(directory, name)], {
      encoding: 'utf8',
      env: {
        ...process.env,
        SYSTEMD_UNIT_PATH: `${directory}:`,
        SYSTEMD_LOG_COLOR: '0',
        SYSTEMD_LOG_LOCATION: '0',
        SYSTEMD_LOG_TIME: '0',
        SYSTEMD_PAGER: '',
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
      },
    });
    if (run.error) throw run.error;
    const lines = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '');
    const refused = lines.some((line) => REFUSAL.some((pattern) => pattern.test(line)));
    const findings = [];
    const machine = [];
    const prefix = `${directory}/`;
    let lastLocated = null;
    for (const raw of lines) {
      const located = raw.startsWith(prefix) ? /^([^:]+):(\d+): (.*)$/.exec(raw.slice(prefix.length)) : null;
      let file = name;
      let line = null;
      let message = raw;
      if (located) {
        file = located[1];
        line = Number(located[2]);
        message = located[3];
      } else if (raw.startsWith(`${name}: `)) {
        message = raw.slice(name.length + 2);
      }
      message = message.split(directory).join('<dir>');
      const finding = { file, line, severity: classify(message, refused), message };
      // systemd stops reading at a fatal setting, so the last line it complained about is the one it refused.
      if (FATAL.test(message) && lastLocated) lastLocated.severity = 'error';
      if (finding.severity === 'machine') machine.push(finding);
      else findings.push(finding);
      if (line !== null && finding.severity !== 'machine') lastLocated = finding;
    }
    findings.sort(compareFindings);
    machine.sort((a, b) => compareFindings({ ...a, severity: '' }, { ...b, severity: '' }));
    return {
      exitCode: run.status,
      findings,
      machine: machine.map(({ file, line, message }) => ({ file, line, message })),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function main(argv) {
  const version = systemdVersion();
  if (!version) {
    console.error('record.mjs: systemd-analyze is not installed (it comes with systemd); cannot record verdicts.');
    process.exit(1);
  }
  if (argv[0] === '--print') {
    const cases = {};
    for (const name of argv.slice(1)) cases[name] = verdictOf(name);
    process.stdout.write(`${JSON.stringify({ systemd: version, cases })}\n`);
    return;
  }
  const cases = {};
  for (const name of caseNames()) cases[name] = verdictOf(name);
  writeFileSync(RECORDED, `${JSON.stringify({ systemd: version, cases }, null, 2)}\n`);
  const findings = Object.values(cases).flatMap((verdict) => verdict.findings);
  const count = (severity) => findings.filter((finding) => finding.severity === severity).length;
  console.log(
    `recorded ${Object.keys(cases).length} cases with ${version}: ${count('error')} errors, ${count('warning')} warnings`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
