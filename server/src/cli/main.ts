import { parseArgs } from 'node:util';
import { getLanguageService } from '../service/languageService';
import { parseSystemdVersion, sanitizeSettings } from '../service/settings';
import { FORMATS, formatJson, formatSarif, formatText, type Format } from './format';
import { dependencyTree } from './deps';
import { lintPaths } from './lint';
import { SERVER_VERSION } from '../version';
import { useMachineZone } from '../node/machineZone';
import type * as LspModule from './lsp';
import { assessPaths, formatSecurityJson, formatSecurityText } from './security';

const USAGE = `Usage:
  systemd-units lint [--format text|json|sarif] [--systemd-version N] [--fix] PATH...
  systemd-units security [--format text|json] [--threshold N] PATH...
  systemd-units deps [--reverse | --after | --before] [--all] [--user] UNIT [PATH...]
  systemd-units lsp [--stdio]
  systemd-units --help | --version

lint   Check unit files (files, or directories searched for unit files and drop-ins).
       --fix applies the safe fixes in place, then reports what is left.
       Exit status: 0 no errors, 1 errors found, 2 bad usage or a path that could not be read.
security
       Score how exposed each service is, offline, as systemd-analyze security does (0.0 best, 10.0 worst).
       Drop-ins in NAME.d/*.conf beside a unit are applied. --threshold N (0-100, in tenths) exits 1 when
       a service scores above N/10. Exit status: 0 below the threshold, 1 above it, 2 bad usage or a path
       that could not be read or is not a service.
deps   Print the dependency tree of UNIT as \`systemctl list-dependencies\` does, read from the unit files under
       PATH (directories or files; by default this machine's unit directories) instead of a running systemd.
       --reverse lists the units that depend on UNIT; --after and --before follow the ordering; --all expands
       every unit, not only targets; --user reads the per-user manager's units. A unit that would lead back up
       the tree is left out, and its level ends with "...". UNIT may be a unit file; its directory is read too.
lsp    Run the language server over standard input and output, for editors other than VS Code.
`;

/** Thrown for a command line we cannot act on: printed with the usage, exit status 2. */
class UsageError extends Error {}

interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

function runLint(args: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      'systemd-version': { type: 'string' },
      fix: { type: 'boolean', default: false },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}' (use text, json or sarif)`);
  const version = parseSystemdVersion(values['systemd-version']);
  if (version === undefined) {
    throw new UsageError(
      `invalid --systemd-version '${values['systemd-version']}' (use a number such as 252, or latest)`,
    );
  }
  if (positionals.length === 0) throw new UsageError('lint needs at least one file or directory');

  const settings = sanitizeSettings({ systemdVersion: version, diagnostics: { maxNumberOfProblems: 1_000_000 } });
  const outcome = lintPaths(getLanguageService(), positionals, settings, { fix: values.fix });
  for (const { path, count } of outcome.fixed) io.stderr(`systemd-units: ${path}: applied ${count} fix(es)\n`);
  for (const { path, reason } of outcome.unreadable) io.stderr(`systemd-units: ${path}: ${reason}\n`);
  if (format === 'json') io.stdout(formatJson(outcome.problems));
  else if (format === 'sarif') io.stdout(formatSarif(outcome.problems, SERVER_VERSION));
  else io.stdout(formatText(outcome.problems));

  if (outcome.unreadable.length > 0) return 2;
  return outcome.problems.some((problem) => problem.severity === 'error') ? 1 : 0;
}

function runSecurity(args: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      threshold: { type: 'string', default: '100' },
    },
  });
  if (values.format !== 'text' && values.format !== 'json')
    throw new UsageError(`unknown format '${values.format}' (use text or json)`);
  const threshold = Number(values.threshold);
  if (!/^\d{1,3}$/.test(values.threshold ?? '') || threshold > 100)
    throw new UsageError(`invalid --threshold '${values.threshold}' (use a number from 0 to 100)`);
  if (positionals.length === 0) throw new UsageError('security needs at least one service file or directory');

  const outcome = assessPaths(positionals);
  for (const { path, reason } of outcome.refused) io.stderr(`systemd-units: ${path}: ${reason}\n`);
  io.stdout(values.format === 'json' ? formatSecurityJson(outcome) : formatSecurityText(outcome));
  if (outcome.refused.length > 0) return 2;
  return outcome.assessed.some(({ report }) => report.exposure > threshold) ? 1 : 0;
}

async function runDeps(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      reverse: { type: 'boolean', default: false },
      after: { type: 'boolean', default: false },
      before: { type: 'boolean', default: false },
      all: { type: 'boolean', short: 'a', default: false },
      user: { type: 'boolean', default: false },
    },
  });
  const [unit, ...paths] = positionals;
  if (!unit) throw new UsageError('deps needs a unit name');
  if ([values.reverse, values.after, values.before].filter(Boolean).length > 1) {
    throw new UsageError('use only one of --reverse, --after and --before');
  }
  const outcome = await dependencyTree(unit, paths, {
    reverse: values.reverse,
    after: values.after,
    before: values.before,
    all: values.all,
    user: values.user,
  });
  for (const path of outcome.missing) io.stderr(`systemd-units: ${path}: no such file or directory\n`);
  io.stdout(outcome.text);
  return outcome.missing.length > 0 ? 2 : 0;
}

function runLsp(args: readonly string[]): void {
  const extra = args.filter((arg) => arg !== '--stdio');
  if (extra.length > 0) throw new UsageError(`lsp takes only --stdio, not '${extra.join(' ')}'`);
  // Loaded on demand: the bundler leaves './lsp' out of the CLI bundle and ships it beside it (scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./lsp') as typeof LspModule).runLanguageServer();
}

/** Runs the command line; returns the exit status, or undefined while the language server runs. */
export function main(argv: readonly string[], io: Io): number | undefined | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return runLint(rest, io);
      case 'security':
        return runSecurity(rest, io);
      case 'deps':
        return runDeps(rest, io).catch((error: unknown) => usageOrThrow(error, io));
      case 'lsp':
        runLsp(rest);
        return undefined;
      case '--version':
      case '-V':
        io.stdout(`${SERVER_VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    return usageOrThrow(error, io);
  }
}

/** A bad command line is reported with the usage (exit status 2); anything else is a bug and thrown on. */
function usageOrThrow(error: unknown, io: Io): number {
  const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  if (!isUsage) throw error;
  io.stderr(`systemd-units: ${(error as Error).message}\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  useMachineZone();
  const status = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  if (status instanceof Promise) void status.then((code) => (process.exitCode = code));
  else if (status !== undefined) process.exitCode = status;
}
