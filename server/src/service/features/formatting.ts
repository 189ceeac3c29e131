import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { TextChange } from '../rules';
import { topLevelNodes, type EntryNode, type SectionHeaderNode, type UnitFileNode } from '../syntax';

export interface FormatOptions {
  /**
   * Exactly one blank line before every section header but the first (above the comments that lead into the header).
   * Off by default: blank lines are left as they are.
   */
  readonly blankLineBetweenSections?: boolean;
  /** End the file with a line ending (on by default; an empty file stays empty). */
  readonly insertFinalNewline?: boolean;
  /** Drop the blank lines at the end of the file (off by default). */
  readonly trimFinalNewlines?: boolean;
}

/** One physical line as systemd's reader splits them: `\n`, `\r`, `\r\n`, `\n\r` and NUL end a line. */
interface PhysicalLine {
  readonly start: number;
  readonly contentEnd: number;
  readonly end: number;
}

const BACKSLASH = 0x5c;
const BOM = '\ufeff';

function physicalLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  const lineEnd = /[\n\r\0]/g;
  let start = 0;
  while (start < text.length) {
    lineEnd.lastIndex = start;
    const match = lineEnd.exec(text);
    if (!match) {
      lines.push({ start, contentEnd: text.length, end: text.length });
      break;
    }
    const contentEnd = match.index;
    const first = text.charCodeAt(contentEnd);
    const second = text.charCodeAt(contentEnd + 1);
    const pair = (first === 0x0d && second === 0x0a) || (first === 0x0a && second === 0x0d);
    const end = contentEnd + (pair ? 2 : 1);
    lines.push({ start, contentEnd, end });
    start = end;
  }
  return lines;
}

/** Spaces and tabs: the only whitespace that can sit inside a line, of what systemd strips (space, tab, CR, LF). */
function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * The line without its trailing spaces and tabs, as systemd strips them, except where that would bare a backslash
 * that has no partner: the line would then continue onto the next one. One space (or tab) stays there instead.
 */
function trimLineEnd(content: string): string {
  let end = content.length;
  while (end > 0 && isBlank(content.charCodeAt(end - 1))) end--;
  if (end === content.length) return content;
  let backslashes = 0;
  while (end - backslashes > 0 && content.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
  return content.slice(0, backslashes % 2 === 1 ? end + 1 : end);
}

/** The line ending to add: the file's first one (`\n` where there is none, or it is NUL or `\n\r`). */
function fileLineEnding(lines: readonly PhysicalLine[], text: string): string {
  for (const line of lines) {
    if (line.end === line.contentEnd) break;
    const ending = text.slice(line.contentEnd, line.end);
    return ending === '\r\n' || ending === '\r' ? ending : '\n';
  }
  return '\n';
}

/** Why a file is left alone: what systemd refuses, or reads in a way a rewrite might not keep. */
function cannotFormat(file: UnitFileNode): boolean {
  return file.overlongLines.length > 0 || file.sections.some((section) => section.header.problem !== undefined);
}

/**
 * The changes that format a unit file, by offset into its text; none for a file it cannot format safely. Only what
 * systemd ignores is touched: whitespace around keys, `=` and section headers, trailing whitespace, blank lines and
 * the final line ending. Values, comments and line endings stay as they are, so the file means the same to systemd.
 */
export function formatChanges(file: UnitFileNode, options: FormatOptions = {}): TextChange[] {
  if (cannotFormat(file)) return [];
  const { text } = file;
  const lines = physicalLines(text);
  if (lines.length === 0) return [];
  const eol = fileLineEnding(lines, text);
  const lineIndexAt = (offset: number): number => {
    let low = 0;
    let high = lines.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lines[middle]!.start <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const isSimpleBlank = (node: EntryNode | SectionHeaderNode): boolean => {
    if (node.kind !== 'blank' || node.offset === file.bomOffset) return false;
    const line = lines[lineIndexAt(node.offset)]!;
    return line.end === node.offset + node.length;
  };
  /** Removing [from, to) would fuse the line ending before it with a character after it into one (`\r` + `\n`). */
  const wouldFuse = (from: number, to: number): boolean => {
    const before = text.charCodeAt(from - 1);
    const after = text.charCodeAt(to);
    return (before === 0x0d && after === 0x0a) || (before === 0x0a && after === 0x0d);
  };

  /**
   * The line ending for the last line. On an empty line it repeats the one before: `\n` then `\r` would fuse into
   * one line ending, and the empty line, which may end a continuation, would be gone.
   */
  const endingAfter = (index: number, content: string): string => {
    const previous = lines[index - 1];
    if (content.length > 0 || !previous) return eol;
    const ending = text.slice(previous.contentEnd, previous.end);
    return ending === '\0' ? eol : ending;
  };

  const deleted = new Set<number>(); // node offsets
  const inserted = new Map<number, string>(); // line start -> line endings to put before it
  const changes: TextChange[] = [];
  const remove = (nodes: readonly EntryNode[]): void => {
    if (nodes.length === 0) return;
    const from = nodes[0]!.offset;
    const last = nodes[nodes.length - 1]!;
    const to = last.offset + last.length;
    if (wouldFuse(from, to)) return;
    for (const node of nodes) deleted.add(node.offset);
    changes.push({ offset: from, length: to - from, newText: '' });
  };

  if (options.blankLineBetweenSections) {
    for (let index = 1; index < file.sections.length; index++) {
      const previous = file.sections[index - 1]!;
      const entries = previous.entries;
      let commentsStart = entries.length;
      while (commentsStart > 0 && entries[commentsStart - 1]!.kind === 'comment') commentsStart--;
      let blanksStart = commentsStart;
      while (blanksStart > 0 && isSimpleBlank(entries[blanksStart - 1]!)) blanksStart--;
      const blanks = commentsStart - blanksStart;
      if (blanks > 1) remove(entries.slice(blanksStart + 1, commentsStart));
      if (blanks === 0) {
        const before = entries[commentsStart - 1] ?? previous.header;
        const where = before.offset + before.length;
        const line = lines[lineIndexAt(where - 1)]!;
        const ending = text.slice(line.contentEnd, line.end);
        inserted.set(where, ending === '\0' ? eol : ending);
      }
    }
  }

  const nodes = [...topLevelNodes(file)];
  const lastList = file.sections.length > 0 ? file.sections[file.sections.length - 1]!.entries : file.preamble;
  const lastLine = lines[lines.length - 1]!;
  const unterminated = lastLine.end === lastLine.contentEnd;
  if (options.trimFinalNewlines) {
    let first = lastList.length;
    while (first > 0 && isSimpleBlank(lastList[first - 1]!) && !deleted.has(lastList[first - 1]!.offset)) first--;
    if (first > 0 || file.sections.length > 0) remove(lastList.slice(first));
  }
  // A last line of spaces without a line ending goes; a line ending would only make it a blank line.
  const lastNode = lastList[lastList.length - 1];
  if (unterminated && lastNode && !deleted.has(lastNode.offset) && isSimpleBlank(lastNode)) remove([lastNode]);

  for (const node of nodes) {
    if (deleted.has(node.offset)) continue;
    const first = lineIndexAt(node.offset);
    const end = node.offset + node.length;
    for (let index = first; index < lines.length && lines[index]!.start < end; index++) {
      const line = lines[index]!;
      const old = text.slice(line.start, line.contentEnd);
      let content = old;
      if (index === first) content = normalizeStart(file, node, line, old);
      content = trimLineEnd(content);
      // Emptied, the line's own ending would fuse with the one before (`\n` + `\r`) and the line would be gone.
      if (content.length === 0 && old.length > 0 && wouldFuse(line.start, line.contentEnd)) content = old.charAt(0);
      const isLast = line === lastLine && unterminated;
      if (isLast && options.insertFinalNewline !== false) content += endingAfter(index, content);
      else if (isLast && content.length === 0 && index !== first) content = old; // the line ends a continuation
      const prefix = inserted.get(line.start) ?? '';
      if (prefix.length > 0 || content !== old) changes.push(minimalChange(line.start, old, prefix + content));
    }
  }
  return changes.sort((a, b) => a.offset - b.offset);
}

/**
 * The first line of a header or an assignment without the whitespace systemd strips: before the header or key, and
 * around the `=` (only where key and `=` are on this line; a key split by a continuation is left as written).
 */
function normalizeStart(file: UnitFileNode, node: EntryNode | SectionHeaderNode, line: PhysicalLine, old: string) {
  const { text } = file;
  const bom = file.bomOffset === line.start ? BOM : '';
  if (node.kind === 'header') {
    if (node.offset + node.length > line.end) return old;
    // From the `[` to the line end: a backslash there (continuing into the end of the file) stays.
    return bom + text.slice(node.contentSpan.offset, line.contentEnd);
  }
  if (node.kind !== 'assignment' || node.equalsOffset >= line.contentEnd) return old;
  // A key that begins with a byte-order mark keeps what is before it: moved to the line start, systemd would skip it.
  const lead = node.key.startsWith(BOM) ? text.slice(line.start, node.keySpan.offset) : bom;
  let valueStart = node.equalsOffset + 1;
  while (valueStart < line.contentEnd && isBlank(text.charCodeAt(valueStart))) valueStart++;
  return `${lead}${node.key}=${text.slice(valueStart, line.contentEnd)}`;
}

/** One change that turns `old` (at `offset`) into `replacement`, keeping what they share at both ends. */
function minimalChange(offset: number, old: string, replacement: string): TextChange {
  let head = 0;
  const shorter = Math.min(old.length, replacement.length);
  while (head < shorter && old.charCodeAt(head) === replacement.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < shorter - head &&
    old.charCodeAt(old.length - 1 - tail) === replacement.charCodeAt(replacement.length - 1 - tail)
  ) {
    tail++;
  }
  return {
    offset: offset + head,
    length: old.length - head - tail,
    newText: replacement.slice(head, replacement.length - tail),
  };
}

/** LSP edits that format the document, or the part of it in `range` (whole lines). */
export function format(document: TextDocument, file: UnitFileNode, options: FormatOptions, range?: Range): TextEdit[] {
  let changes = formatChanges(file, options);
  if (range) {
    const from = document.offsetAt({ line: range.start.line, character: 0 });
    const to = document.offsetAt({ line: range.end.line + 1, character: 0 });
    // Whole lines: a change at the start of the next line (a blank line put above it) is not in the range.
    const inside = (change: TextChange) =>
      change.offset >= from && change.offset + change.length <= to && (change.offset < to || to === file.text.length);
    changes = changes.filter(inside);
  }
  return changes.map((change) => ({
    range: { start: document.positionAt(change.offset), end: document.positionAt(change.offset + change.length) },
    newText: change.newText,
  }));
}
