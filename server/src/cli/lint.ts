import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { fileTooLarge, MAX_ANALYSED_LENGTH } from '../service/features/diagnostics';
import type { LanguageService } from '../service/languageService';
import type { Settings } from '../service/settings';
import { unitFileKindOf } from '../service/unitFileKind';

/** One problem in one file, positions 1-based as compilers print them. */
export interface LintProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

export interface LintOutcome {
  problems: LintProblem[];
  /** Files rewritten by --fix, with how many fixes each got. */
  fixed: { path: string; count: number }[];
  /** Paths that could not be read, each with the reason, in the order met. */
  unreadable: { path: string; reason: string }[];
  filesChecked: number;
}

const SEVERITY_NAMES = ['error', 'error', 'warning', 'information', 'hint'] as const;
const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules']);

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Whether a file met while walking a directory is one systemd would read as a unit or a drop-in. */
function isUnitLike(filePath: string): boolean {
  const name = path.basename(filePath);
  return !name.startsWith('.') && unitFileKindOf(filePath).unitType !== undefined;
}

/** Expands the command-line paths into files: named files as they are, directories walked for unit-like files. */
function collectFiles(paths: readonly string[], outcome: LintOutcome): string[] {
  const files: string[] = [];
  const visitedDirectories = new Set<string>();

  const walk = (directory: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(directory);
    } catch (error) {
      outcome.unreadable.push({ path: directory, reason: reasonOf(error) });
      return;
    }
    if (visitedDirectories.has(real)) return; // a symlink loop, or a directory named twice
    visitedDirectories.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      outcome.unreadable.push({ path: directory, reason: reasonOf(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = fs.statSync(child);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link in a tree: nothing to check
        }
      }
      if (isDirectory && !SKIPPED_DIRECTORIES.has(entry.name)) walk(child);
      else if (isFile && isUnitLike(child)) files.push(child);
    }
  };

  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      outcome.unreadable.push({ path: given, reason: reasonOf(error) });
      continue;
    }
    if (stat.isDirectory()) walk(given);
    else if (stat.isFile()) files.push(given);
    else outcome.unreadable.push({ path: given, reason: 'not a regular file or directory' });
  }
  return files;
}

function toProblem(file: string, diagnostic: Diagnostic): LintProblem {
  const { start, end } = diagnostic.range;
  return {
    file,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    severity: SEVERITY_NAMES[diagnostic.severity ?? 1] ?? 'error',
    code: String(diagnostic.code ?? ''),
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  };
}

const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

function readText(file: string): string | { tooLarge: number } {
  const size = fs.statSync(file).size;
  if (size > MAX_ANALYSED_LENGTH) return { tooLarge: size };
  // Keep a byte-order mark: systemd skips it itself, and the parser knows how.
  return UTF8.decode(fs.readFileSync(file));
}

/**
 * Lints the given files and directories with the language service, as systemd-units lint does. The files are read
 * first and indexed together, so a unit is checked merged with the drop-ins among them and ordering cycles among
 * them are found; the machine's unit directories are not read, so nothing is said about units missing from it.
 */
export function lintPaths(
  service: LanguageService,
  paths: readonly string[],
  settings: Settings,
  options: { fix?: boolean } = {},
): LintOutcome {
  const outcome: LintOutcome = { problems: [], fixed: [], unreadable: [], filesChecked: 0 };
  const read: { file: string; uri: string; text: string | { tooLarge: number } }[] = [];
  for (const file of collectFiles(paths, outcome)) {
    try {
      read.push({ file, uri: pathToFileURL(path.resolve(file)).href, text: readText(file) });
    } catch (error) {
      outcome.unreadable.push({ path: file, reason: reasonOf(error) });
    }
  }
  service.index.reset(
    [],
    read.flatMap(({ uri, text }) =>
      typeof text === 'string' ? [{ uri, text, origin: 'workspace' as const, rank: 0, user: false }] : [],
    ),
    [],
    { coversMachine: false },
  );
  for (const { file, uri, text } of read) {
    outcome.filesChecked++;
    if (typeof text !== 'string') {
      outcome.problems.push(toProblem(file, fileTooLarge(text.tooLarge)));
      continue;
    }
    let document = TextDocument.create(uri, 'systemd-unit', 1, text);
    if (options.fix) {
      const result = service.fixAll(document, settings);
      if (result.fixed > 0 && result.text !== text) {
        try {
          fs.writeFileSync(file, result.text);
          outcome.fixed.push({ path: file, count: result.fixed });
          document = TextDocument.create(uri, 'systemd-unit', 2, result.text);
        } catch (error) {
          outcome.unreadable.push({ path: file, reason: `could not write the fixes: ${reasonOf(error)}` });
        }
      }
    }
    for (const diagnostic of service.doValidation(document, settings))
      outcome.problems.push(toProblem(file, diagnostic));
    service.forget(document.uri);
  }
  return outcome;
}
