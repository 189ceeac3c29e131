import { parseArgs } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { unitNameHost } from '../node/unitNames';
import { startServer, SERVER_VERSION } from '../server';
import { getLanguageService } from '../service/languageService';
import { parseSystemdVersion, sanitizeSettings } from '../service/settings';
import { FORMATS, formatJson, formatSarif, formatText, type Format } from './format';
import { lintPaths } from './lint';

const USAGE = `Usage:
  systemd-units lint [--format text|json|sarif] [--systemd-version N] [--fix] PATH...
  systemd-units lsp [--stdio]
  systemd-units --help | --version

lint   Check unit files (files, or directories searched for unit files and drop-ins).
       --fix applies the safe fixes in place, then reports what is left.
       Exit status: 0 no errors, 1 errors found, 2 bad usage or a path that could not be read.
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

function runLsp(args: readonly string[]): void {
  const extra = args.filter((arg) => arg !== '--stdio');
  if (extra.length > 0) throw new UsageError(`lsp takes only --stdio, not '${extra.join(' ')}'`);
  // Given the streams themselves (not readers over them), the library ends the process when the client closes them.
  startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), { host: unitNameHost });
}

/** Runs the command line; returns the exit status, or undefined while the language server runs. */
export function main(argv: readonly string[], io: Io): number | undefined {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return runLint(rest, io);
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
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!isUsage) throw error;
    io.stderr(`systemd-units: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
}

if (require.main === module) {
  const status = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  if (status !== undefined) process.exitCode = status;
}
