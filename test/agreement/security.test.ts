import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { assessService, formatExposure, type SecurityReport } from '../../server/src/service/security';
import { parseUnitFile } from '../../server/src/service/syntax';
import { ROOT } from '../helpers';
import { findCorpus } from '../corpus/find';
import { inParallel, systemdAnalyze, systemdSecurity, type SystemdOutcome } from './securityAgreement';
import { generateUnits } from './securityUnits';

/**
 * Our exposure score against `systemd-analyze security --offline=yes` of this machine: on every service of the public
 * corpus and on generated services that mix the assessed settings. Both must give the same overall exposure and the
 * same badness on every check.
 */

const analyzer = systemdAnalyze();
const skipAnalyzer = 'skip' in analyzer ? analyzer.skip : false;
if (skipAnalyzer) console.log(`# security agreement skipped: ${skipAnalyzer}`);

function corpusServices(): { files: string[] } | { skip: string } {
  // The same corpus the corpus test uses, built on first use: this file runs before that one.
  const corpus = findCorpus();
  if ('skip' in corpus) return corpus;
  const directory = corpus.directory;
  const manifest = path.join(directory, 'MANIFEST.tsv');
  const files = fs
    .readFileSync(manifest, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0]!)
    .filter((relative) => relative.endsWith('.service'))
    .map((relative) => path.join(directory, relative));
  return { files };
}

function ours(name: string, text: string, dropIn?: string): SecurityReport {
  const files = [text, ...(dropIn === undefined ? [] : [dropIn])].map((source) => parseUnitFile(source));
  return assessService({ unitName: name, files });
}

interface Tally {
  units: number;
  refusedBoth: number;
  agreeing: number;
  checksCompared: number;
  mismatches: string[];
}

function compareOne(label: string, report: SecurityReport, theirs: SystemdOutcome, tally: Tally): void {
  tally.units++;
  if ('refused' in theirs) {
    if (report.sandbox.loadErrors.length > 0) tally.refusedBoth++;
    else tally.mismatches.push(`${label}: systemd refused the unit (${theirs.refused}); we did not`);
    return;
  }
  const problems: string[] = [];
  if (report.sandbox.loadErrors.length > 0)
    problems.push(`we think systemd refuses it (${report.sandbox.loadErrors.join('; ')})`);
  if (report.exposure !== theirs.ok.exposure)
    problems.push(`exposure ${formatExposure(report.exposure)} vs systemd ${formatExposure(theirs.ok.exposure)}`);
  if (report.label !== theirs.ok.label) problems.push(`label ${report.label} vs systemd ${theirs.ok.label}`);
  if (theirs.ok.checks.size !== report.checks.length)
    problems.push(`${report.checks.length} checks vs systemd ${theirs.ok.checks.size}`);
  for (const result of report.checks) {
    tally.checksCompared++;
    if (!theirs.ok.checks.has(result.check.id)) {
      problems.push(`systemd has no check ${result.check.id}`);
      continue;
    }
    const expected = theirs.ok.checks.get(result.check.id);
    if (expected !== result.badness)
      problems.push(`${result.check.id} badness ${result.badness ?? 'n/a'} vs systemd ${expected ?? 'n/a'}`);
  }
  if (problems.length === 0) tally.agreeing++;
  else tally.mismatches.push(`${label}: ${problems.join(', ')}`);
}

function report(title: string, tally: Tally): void {
  console.log(
    `# security agreement (${title}): ${tally.agreeing}/${tally.units} units agree on the exposure and on all ` +
      `${tally.checksCompared} checks compared; ${tally.refusedBoth} refused by both; ${tally.mismatches.length} differ`,
  );
  assert.deepEqual(tally.mismatches, []);
}

const corpus = corpusServices();
const skipCorpus = skipAnalyzer || ('skip' in corpus ? corpus.skip : false);
if (!skipAnalyzer && 'skip' in corpus) console.log(`# security agreement on the corpus skipped: ${corpus.skip}`);

test(
  'security: the same exposure and check verdicts as systemd-analyze on every corpus service',
  {
    skip: skipCorpus,
  },
  async () => {
    if ('skip' in corpus) return;
    assert.ok(corpus.files.length >= 100, `only ${corpus.files.length} services in the corpus`);
    const theirs = await inParallel(corpus.files, 2, (file) => systemdSecurity({ file }));
    const tally: Tally = { units: 0, refusedBoth: 0, agreeing: 0, checksCompared: 0, mismatches: [] };
    corpus.files.forEach((file, index) => {
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(fs.readFileSync(file));
      compareOne(path.basename(file), ours(path.basename(file), text), theirs[index]!, tally);
    });
    report(`${corpus.files.length} corpus services, ${'version' in analyzer ? analyzer.version : ''}`, tally);
  },
);

test(
  'security: the same exposure and check verdicts as systemd-analyze on generated services',
  {
    skip: skipAnalyzer,
  },
  async () => {
    const units = generateUnits(160);
    const theirs = await inParallel(units, 2, (unit) =>
      systemdSecurity({ name: unit.name, contents: unit.text, dropIn: unit.dropIn }),
    );
    const tally: Tally = { units: 0, refusedBoth: 0, agreeing: 0, checksCompared: 0, mismatches: [] };
    units.forEach((unit, index) => {
      const shown = `generated #${index} (${unit.name})\n${unit.text}${unit.dropIn ? `--- drop-in:\n${unit.dropIn}` : ''}`;
      compareOne(shown, ours(unit.name, unit.text, unit.dropIn), theirs[index]!, tally);
    });
    const withDropIns = units.filter((unit) => unit.dropIn !== undefined).length;
    report(`${units.length} generated services, ${withDropIns} with a drop-in`, tally);
  },
);

test(
  'security: the committed system call groups are those of the installed systemd and libseccomp',
  {
    skip: skipAnalyzer,
  },
  () => {
    const script = path.join(ROOT, 'scripts', 'generate-syscall-groups.mjs');
    const python = spawnSync('python3', ['-c', 'import ctypes; ctypes.CDLL("libseccomp.so.2")']);
    if (python.status !== 0) {
      console.log('# syscall group check skipped: python3 with libseccomp.so.2 is not available');
      return;
    }
    const arch = spawnSync('uname', ['-m'], { encoding: 'utf8' }).stdout.trim();
    if (arch !== 'x86_64') {
      console.log(`# syscall group check skipped: the committed groups are for x86_64, this machine is ${arch}`);
      return;
    }
    const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stderr}${check.stdout}`);
  },
);
