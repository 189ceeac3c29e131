import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_ANALYSED_LENGTH } from '../service/features/diagnostics';
import { assessService, formatExposure, type CheckResult, type SecurityReport } from '../service/security';
import { parseUnitFile, type UnitFileNode } from '../service/syntax';
import { unitFileKindOf } from '../service/unitFileKind';

/** One service assessed, with the files read for it. */
export interface SecurityOutcomeEntry {
  readonly file: string;
  readonly dropIns: readonly string[];
  readonly report: SecurityReport;
}

export interface SecurityOutcome {
  readonly assessed: SecurityOutcomeEntry[];
  /** Paths that could not be read or are not services, each with the reason. */
  readonly refused: { path: string; reason: string }[];
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

function readUnit(file: string): UnitFileNode {
  if (fs.statSync(file).size > MAX_ANALYSED_LENGTH) throw new Error('too large to be a unit file');
  return parseUnitFile(new TextDecoder('utf-8', { ignoreBOM: true }).decode(fs.readFileSync(file)));
}

/** The drop-ins systemd would apply from beside the file: `NAME.d/*.conf`, in name order. */
function dropInsOf(file: string): string[] {
  const directory = `${file}.d`;
  try {
    return fs
      .readdirSync(directory)
      .filter((name) => name.endsWith('.conf'))
      .sort()
      .map((name) => path.join(directory, name))
      .filter((conf) => fs.statSync(conf).isFile());
  } catch {
    return [];
  }
}

/** The service files among the paths: files as given, directories searched (drop-in folders are read with their unit). */
function serviceFiles(paths: readonly string[], outcome: SecurityOutcome): string[] {
  const files: string[] = [];
  const walk = (directory: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      outcome.refused.push({ path: directory, reason: reasonOf(error) });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.endsWith('.d') && !entry.name.startsWith('.') && depth < 16) walk(child, depth + 1);
      } else if (entry.name.endsWith('.service') && !entry.name.startsWith('.')) files.push(child);
    }
  };
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      outcome.refused.push({ path: given, reason: reasonOf(error) });
      continue;
    }
    if (stat.isDirectory()) walk(given, 0);
    else if (unitFileKindOf(given).unitType !== 'service' || unitFileKindOf(given).dropIn)
      outcome.refused.push({ path: given, reason: 'not a service unit (only .service files can be assessed)' });
    else files.push(given);
  }
  return files;
}

/** Assesses every service among the paths, with the drop-ins found beside each. */
export function assessPaths(paths: readonly string[]): SecurityOutcome {
  const outcome: SecurityOutcome = { assessed: [], refused: [] };
  for (const file of serviceFiles(paths, outcome)) {
    try {
      const dropIns = dropInsOf(file);
      const files = [file, ...dropIns].map(readUnit);
      const kind = unitFileKindOf(path.resolve(file));
      const report = assessService({
        unitName: path.basename(file),
        files,
        scope: kind.userUnit ? 'user' : 'system',
      });
      outcome.assessed.push({ file, dropIns, report });
    } catch (error) {
      outcome.refused.push({ path: file, reason: reasonOf(error) });
    }
  }
  return outcome;
}

const MARK: Record<CheckResult['state'], string> = { pass: '✓', fail: '✗', partial: '✗', 'not-applicable': ' ' };

/** Open checks first, the costliest on top; then those that pass; those that do not apply last. */
function displayOrder(checks: readonly CheckResult[]): CheckResult[] {
  const rank = (result: CheckResult) => (result.state === 'pass' ? 1 : result.state === 'not-applicable' ? 2 : 0);
  return [...checks].sort(
    (a, b) => rank(a) - rank(b) || b.exposure - a.exposure || a.check.id.localeCompare(b.check.id),
  );
}

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => {
          const pad = ' '.repeat(widths[column]! - [...cell].length);
          return rightAligned.has(column) ? pad + cell : column === row.length - 1 ? cell : cell + pad;
        })
        .join(' ')
        .trimEnd(),
    )
    .join('\n');
}

/** systemd's layout: a mark, the check, what the service has, and what the check adds to the exposure. */
export function formatSecurityText(outcome: SecurityOutcome): string {
  const parts: string[] = [];
  for (const { file, report } of outcome.assessed) {
    const rows = [
      [' ', 'NAME', 'EXPOSURE', 'DESCRIPTION'],
      ...displayOrder(report.checks).map((result) => [
        MARK[result.state],
        result.check.id,
        result.exposure > 0 ? formatExposure(result.exposure) : '',
        result.description,
      ]),
    ];
    let text = `${table(rows, new Set([2]))}\n\n`;
    for (const error of report.sandbox.loadErrors) text += `! systemd would refuse to load ${file}: ${error}\n`;
    text +=
      `→ Overall exposure level for ${report.unitName}: ${formatExposure(report.exposure)} ${report.label}` +
      ` (${report.openChecks} of ${report.checks.length} checks open)\n`;
    parts.push(text);
  }
  if (outcome.assessed.length > 1) {
    const rows = [
      ['UNIT', 'EXPOSURE', 'PREDICATE', 'FILE'],
      ...outcome.assessed.map(({ file, report }) => [
        report.unitName,
        formatExposure(report.exposure),
        report.label,
        file,
      ]),
    ];
    parts.push(`${table(rows, new Set([1]))}\n`);
  }
  return parts.join('\n');
}

/** Every figure, for scripts: per service the overall exposure and label, and each check. */
export function formatSecurityJson(outcome: SecurityOutcome): string {
  const services = outcome.assessed.map(({ file, dropIns, report }) => ({
    file,
    dropIns,
    unit: report.unitName,
    exposure: report.exposure / 10,
    label: report.label,
    openChecks: report.openChecks,
    loadErrors: report.sandbox.loadErrors,
    checks: report.checks.map((result) => ({
      id: result.check.id,
      jsonField: result.check.jsonField,
      state: result.state,
      badness: result.badness ?? null,
      weight: result.check.weight,
      range: result.check.range,
      exposure: result.exposure / 10,
      description: result.description,
      fix: result.state === 'pass' || result.state === 'not-applicable' ? null : result.check.fix,
    })),
  }));
  return JSON.stringify(services, null, 2) + '\n';
}
