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
    case 'EIO':
      return 'input/output error';
    case 'ENOTREGULAR':
      return 'not a regular file or directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Whether a file met while walking a directory is one systemd would read as a unit or a drop-in. */
function isUnitLike(filePath: string): boolean {
  const name = path.basename(filePath);
  return !name.startsWith('.') && unitFileKindOf(filePath).unitType !== undefined;
}

/**
 * A path as the file system knows it. A name that is not valid UTF-8 stays in bytes (a Buffer): decoded to a string
 * it would name another file, or none.
 */
type FsPath = string | Buffer;

/** A file to check: where it is, and its path as messages show it. */
interface Found {
  readonly location: FsPath;
  readonly shown: string;
}

function childOf(directory: FsPath, name: Buffer): FsPath {
  const decoded = name.toString('utf8');
  if (typeof directory === 'string' && Buffer.from(decoded, 'utf8').equals(name)) return path.join(directory, decoded);
  return Buffer.concat([Buffer.from(directory), Buffer.from(path.sep), name]);
}

/** Expands the command-line paths into files: named files as they are, directories walked for unit-like files. */
function collectFiles(paths: readonly string[], outcome: LintOutcome): Found[] {
  const files: Found[] = [];
  const visitedDirectories = new Set<string>();

  const walk = (directory: FsPath): void => {
    const shown = directory.toString();
    let real: string;
    try {
      real = fs.realpathSync.native(directory, { encoding: 'buffer' }).toString('latin1');
    } catch (error) {
      outcome.unreadable.push({ path: shown, reason: reasonOf(error) });
      return;
    }
    if (visitedDirectories.has(real)) return; // a symlink loop, or a directory named twice
    visitedDirectories.add(real);
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      outcome.unreadable.push({ path: shown, reason: reasonOf(error) });
      return;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const child = childOf(directory, entry.name);
      const childShown = child.toString();
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = fs.statSync(child);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          // A dangling link is common (a unit removed, its link left) and means nothing to check; a loop is a fault.
          if ((error as NodeJS.ErrnoException).code === 'ELOOP' && isUnitLike(childShown)) {
            outcome.unreadable.push({ path: childShown, reason: reasonOf(error) });
          }
          continue;
        }
      }
      // Sockets, FIFOs and devices are passed over: reading a FIFO would wait for a writer forever.
      if (isDirectory && !SKIPPED_DIRECTORIES.has(entry.name.toString())) walk(child);
      else if (isFile && isUnitLike(childShown)) files.push({ location: child, shown: childShown });
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
    else if (stat.isFile()) files.push({ location: given, shown: given });
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

/** No read blocks: O_NONBLOCK, where the platform has it, keeps a FIFO that took a file's place from waiting. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

// Keeps a byte-order mark: systemd skips it itself, and the parser knows how.
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The file's text, or its size when it is too large to analyse. The size is taken from the open file, and no more
 * than the limit is ever read: a file can grow, or (in /proc) claim to be empty and go on for ever.
 */
function readText(file: FsPath): string | { tooLarge: number } {
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREGULAR' });
    if (stat.size > MAX_ANALYSED_LENGTH) return { tooLarge: stat.size };
    const chunks: Buffer[] = [];
    let total = 0;
    // One read for an ordinary file (its size and one byte more, to see the end); 64 KiB at a time otherwise.
    let want = stat.size > 0 ? stat.size + 1 : 64 * 1024;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(want, MAX_ANALYSED_LENGTH + 1 - total));
      want = 64 * 1024;
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > MAX_ANALYSED_LENGTH) return { tooLarge: total };
      // A regular file read short of its size and more has ended: no second read to be told so.
      if (chunks.length === 1 && stat.size > 0 && read <= stat.size) break;
    }
    return UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
  } finally {
    fs.closeSync(fd);
  }
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
  const read: { location: FsPath; file: string; uri: string; text: string | { tooLarge: number } }[] = [];
  for (const { location, shown: file } of collectFiles(paths, outcome)) {
    try {
      read.push({ location, file, uri: pathToFileURL(path.resolve(file)).href, text: readText(location) });
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
  for (const { location, file, uri, text } of read) {
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
          fs.writeFileSync(location, result.text);
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
