import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/service/settings';
import { compare, type Comparison, type OurFinding, type OurSeverity, type Recorded } from './agreement';

/**
 * The agreement suite: our diagnostics against systemd's own verdicts (`systemd-analyze verify`, recorded by
 * record.mjs into recorded.json). See agreement.ts for what counts as matched, missed and false.
 */

const AGREEMENT = path.resolve(__dirname, '..', '..', '..', 'test', 'agreement');
const CASES = path.join(AGREEMENT, 'cases');
const RECORDED = path.join(AGREEMENT, 'recorded.json');
const RECORD_SCRIPT = path.join(AGREEMENT, 'record.mjs');

/** recorded.json came from systemd 252, so we check with the same version. */
const SETTINGS: Settings = { ...DEFAULT_SETTINGS, systemdVersion: 252 };
const SEVERITIES: readonly OurSeverity[] = ['error', 'warning', 'information', 'hint'];

const recorded = JSON.parse(fs.readFileSync(RECORDED, 'utf8')) as Recorded;

function caseNames(): string[] {
  return fs
    .readdirSync(CASES)
    .filter((name) => fs.statSync(path.join(CASES, name)).isFile())
    .sort();
}

/** The case file and its drop-ins, as paths under cases/. */
function filesOf(caseName: string): string[] {
  const dropIns = path.join(CASES, `${caseName}.d`);
  if (!fs.existsSync(dropIns)) return [caseName];
  const confs = fs
    .readdirSync(dropIns)
    .filter((name) => name.endsWith('.conf'))
    .sort();
  return [caseName, ...confs.map((name) => `${caseName}.d/${name}`)];
}

const service = getLanguageService();

function ourFindings(caseName: string): OurFinding[] {
  // As systemd reads it: the byte-order mark stays in the text, our parser skips it.
  const files = filesOf(caseName).map((file) => ({
    file,
    uri: `file:///agreement/cases/${file}`,
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(fs.readFileSync(path.join(CASES, file))),
  }));
  // The case's unit and its drop-ins are indexed together, as `systemd-units lint` indexes the files it is given:
  // the checks of the unit as a whole then read it merged with its drop-ins, as systemd does.
  service.index.reset(
    [],
    files.map(({ uri, text }) => ({ uri, text, origin: 'workspace' as const, rank: 0, user: false })),
    [],
    { coversMachine: false },
  );
  return files.flatMap(({ file, uri, text }) => {
    const document = TextDocument.create(uri, 'systemd-unit', 1, text);
    return service.doValidation(document, SETTINGS).map((diagnostic): OurFinding => {
      const { start, end } = diagnostic.range;
      const endLine = end.line > start.line && end.character === 0 ? end.line - 1 : end.line;
      return {
        file,
        line: start.line + 1,
        endLine: Math.max(start.line, endLine) + 1,
        severity: SEVERITIES[(diagnostic.severity ?? 1) - 1] ?? 'error',
        code: String(diagnostic.code),
      };
    });
  });
}

function systemdAnalyzeInstalled(): boolean {
  const run = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  return !run.error && run.status === 0;
}

function pad(text: string | number, width: number): string {
  return String(text).padEnd(width);
}

function printTable(comparisons: readonly Comparison[]): void {
  const count = (pick: (c: Comparison) => readonly { severity: string }[], severity: string): number =>
    comparisons.reduce((sum, c) => sum + pick(c).filter((finding) => finding.severity === severity).length, 0);
  const lines = [
    `agreement with ${recorded.systemd}: ${comparisons.length} cases`,
    '',
    `${pad('systemd finding', 17)}${pad('total', 7)}${pad('matched', 9)}missed`,
  ];
  for (const severity of ['error', 'warning']) {
    const matched = count((c) => c.matched.map((m) => m.theirs), severity);
    const missed = count((c) => c.missed, severity);
    lines.push(`${pad(severity, 17)}${pad(matched + missed, 7)}${pad(matched, 9)}${missed}`);
  }
  const matched = comparisons.reduce((sum, c) => sum + c.matched.length, 0);
  const missed = comparisons.reduce((sum, c) => sum + c.missed.length, 0);
  lines.push(`${pad('all', 17)}${pad(matched + missed, 7)}${pad(matched, 9)}${missed}`, '');
  lines.push(
    `ours where systemd is silent: ${SEVERITIES.map((s) => `${s} ${count((c) => c.extraBySeverity[s], s)}`).join(', ')}`,
  );
  for (const c of comparisons) {
    for (const severity of SEVERITIES) {
      for (const ours of c.extraBySeverity[severity]) {
        lines.push(`  ${ours.file ?? c.caseName}:${ours.line} ${severity} ${ours.code}`);
      }
    }
  }
  const overstated = comparisons.flatMap((c) => c.overstated);
  if (overstated.length > 0) lines.push('', 'our error where systemd only warns and goes on:');
  for (const { theirs, ours } of overstated) {
    lines.push(`  ${ours.file}:${ours.line} ${ours.code} (systemd: ${theirs.message})`);
  }
  const misses = comparisons.filter((c) => c.missed.length > 0);
  if (misses.length > 0) lines.push('', 'missed, by case:');
  for (const c of misses) {
    lines.push(`  ${c.caseName}`);
    for (const finding of c.missed) {
      const where = finding.file === c.caseName ? '' : `${finding.file}:`;
      lines.push(`    ${where}${finding.line ?? '-'} ${finding.severity}: ${finding.message}`);
    }
  }
  console.log(lines.join('\n'));
}

test('agreement: recorded.json has a verdict for exactly the cases there are', () => {
  const names = caseNames();
  assert.ok(names.length >= 120, `only ${names.length} cases`);
  assert.deepEqual(Object.keys(recorded.cases).sort(), names, 'run node test/agreement/record.mjs');
});

let cached: Comparison[] | undefined;

/** Every case compared with its recorded verdict; the table is printed once. */
function comparisons(): Comparison[] {
  if (!cached) {
    cached = caseNames().map((name) => {
      const verdict = recorded.cases[name];
      assert.ok(verdict, `${name} has no recorded verdict; run node test/agreement/record.mjs`);
      return compare(name, ourFindings(name), verdict.findings);
    });
    printTable(cached);
  }
  return cached;
}

test('agreement: no error or warning of ours where systemd is silent', () => {
  const falseFindings = comparisons().flatMap((c) =>
    [...c.extraBySeverity.error, ...c.extraBySeverity.warning].map(
      (ours) => `${ours.file ?? c.caseName}:${ours.line} ${ours.severity} ${ours.code}`,
    ),
  );
  assert.deepEqual(falseFindings, [], 'we report an error or warning where systemd is silent');
});

test('agreement: every finding of systemd is matched by one of ours, with the same severity class', () => {
  const missed = comparisons().flatMap((c) => c.missed.map((finding) => `${c.caseName}: ${JSON.stringify(finding)}`));
  assert.deepEqual(missed, []);
});

const live = systemdAnalyzeInstalled();
test(
  'agreement: recorded.json is still what systemd-analyze says (10 sampled cases)',
  { skip: live ? false : 'systemd-analyze is not installed' },
  () => {
    const names = caseNames();
    // Spread over the whole list, so syntax, values, cross-directive and drop-in cases all get sampled.
    const sample = Array.from({ length: 10 }, (_, i) => names[Math.floor((i * names.length) / 10)]!);
    const run = spawnSync(process.execPath, [RECORD_SCRIPT, '--print', ...sample], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const now = JSON.parse(run.stdout) as Recorded;
    if (now.systemd !== recorded.systemd) {
      console.log(`# recorded with ${recorded.systemd}, checking against ${now.systemd}`);
    }
    // Only the findings about the file: what this machine lacks (`machine`, and the exit code it sways) may differ.
    for (const name of sample) {
      assert.deepEqual(now.cases[name]?.findings, recorded.cases[name]?.findings, `${name}: systemd now says`);
    }
  },
);
