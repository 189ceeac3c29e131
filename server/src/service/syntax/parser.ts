import type {
  AssignmentNode,
  CommentNode,
  EntryNode,
  HeaderProblem,
  SectionHeaderNode,
  SectionNode,
  TextSpan,
  UnitFileNode,
} from './nodes';
import { utf8ByteLength } from '../util/utf8';

/** The longest line systemd reads, in bytes (LONG_LINE_MAX); a longer one makes it refuse the whole file. */
export const LONG_LINE_MAX = 1024 * 1024;

const BOM = 0xfeff;
const BACKSLASH = 0x5c;
const LINE_END = /[\n\r\0]/g;
/** Stops at a line end too (`\n`, `\r` and NUL are not in the set), so it never looks past the current line. */
const NON_BLANK = /[^ \t]/g;

/** systemd's WHITESPACE: space, tab, newline, carriage return. Nothing else (not even a vertical tab). */
function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isCommentMarker(code: number): boolean {
  return code === 0x23 /* # */ || code === 0x3b; /* ; */
}

/** string_is_safe(): no control characters, quotes or backslashes. */
function hasUnsafeCharacter(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x22 || code === 0x27 || code === BACKSLASH) return true;
  }
  return false;
}

/** One physical line that is part of a logical line, with how it maps into the joined string. */
interface Segment {
  logicalStart: number;
  docStart: number;
  length: number;
}

/** A logical line being collected: physical lines joined by continuations. */
interface PendingLine {
  start: number;
  parts: string[];
  segments: Segment[];
  logicalLength: number;
  innerComments: CommentNode[];
  lineCount: number;
}

/**
 * Parses a unit file the way systemd's config_parse() reads it (src/shared/conf-parser.c), without ever throwing.
 * Lines end at `\n`, `\r`, `\r\n`, `\n\r` or NUL; a line whose first non-blank character is `#` or `;` is a comment,
 * even inside a continuation; a UTF-8 BOM is skipped once; a line ending in an unescaped backslash continues on the
 * next one, the backslash read as a space.
 */
export function parseUnitFile(text: string): UnitFileNode {
  const preamble: EntryNode[] = [];
  const sections: { header: SectionHeaderNode; entries: EntryNode[] }[] = [];
  const overlongLines: TextSpan[] = [];
  let bomOffset: number | undefined;
  let pending: PendingLine | undefined;

  const emit = (node: EntryNode): void => {
    const current = sections[sections.length - 1];
    (current ? current.entries : preamble).push(node);
  };

  const add = (node: EntryNode | SectionHeaderNode): void => {
    if (node.kind === 'header') sections.push({ header: node, entries: [] });
    else emit(node);
  };

  const finish = (line: PendingLine, end: number, continuedAtEndOfFile: boolean): void => {
    const logical = line.parts.length === 1 ? line.parts[0]! : line.parts.join('');
    add(classify(logical, 0, logical.length, line.segments, line, end, continuedAtEndOfFile));
    if (
      line.lineCount > 1 &&
      longerThanSystemdReads(line.logicalLength, () => utf8LengthOfSegments(text, line.segments))
    ) {
      overlongLines.push({ offset: line.start, length: end - line.start });
    }
  };

  let start = 0;
  const length = text.length;
  while (start < length) {
    LINE_END.lastIndex = start;
    const match = LINE_END.exec(text);
    const contentEnd = match ? match.index : length;
    let next = contentEnd;
    if (match) {
      const first = text.charCodeAt(contentEnd);
      const second = text.charCodeAt(contentEnd + 1);
      next =
        (first === 0x0d && second === 0x0a) || (first === 0x0a && second === 0x0d) ? contentEnd + 2 : contentEnd + 1;
    }

    if (longerThanSystemdReads(contentEnd - start, () => utf8ByteLength(text, start, contentEnd))) {
      overlongLines.push({ offset: start, length: next - start });
    }

    // Inside a line the only whitespace is spaces and tabs; a regular expression skips a long run of them fastest.
    NON_BLANK.lastIndex = start;
    const nonBlank = NON_BLANK.exec(text);
    const firstNonBlank = nonBlank && nonBlank.index < contentEnd ? nonBlank.index : contentEnd;
    if (firstNonBlank < contentEnd && isCommentMarker(text.charCodeAt(firstNonBlank))) {
      const comment: CommentNode = {
        kind: 'comment',
        offset: start,
        length: next - start,
        textSpan: { offset: firstNonBlank, length: contentEnd - firstNonBlank },
      };
      if (pending) {
        pending.innerComments.push(comment);
        pending.lineCount++;
      } else emit(comment);
      start = next;
      continue;
    }

    let contentStart = start;
    if (bomOffset === undefined && text.charCodeAt(start) === BOM) {
      bomOffset = start;
      contentStart = start + 1;
    }

    let trailingBackslashes = 0;
    while (
      contentEnd - trailingBackslashes > contentStart &&
      text.charCodeAt(contentEnd - 1 - trailingBackslashes) === BACKSLASH
    ) {
      trailingBackslashes++;
    }
    const continues = trailingBackslashes % 2 === 1;
    if (!continues && !pending) {
      // The common case, a line on its own: read it in place, without copying it.
      add(
        classify(
          text,
          contentStart,
          contentEnd,
          null,
          { start, innerComments: NO_COMMENTS, lineCount: 1 },
          next,
          false,
        ),
      );
      start = next;
      continue;
    }
    // The trailing backslash reads as a space; keeping the joined string the same length keeps offsets 1:1.
    const part = continues ? text.slice(contentStart, contentEnd - 1) + ' ' : text.slice(contentStart, contentEnd);

    const line: PendingLine = pending ?? {
      start,
      parts: [],
      segments: [],
      logicalLength: 0,
      innerComments: [],
      lineCount: 0,
    };
    line.parts.push(part);
    line.segments.push({ logicalStart: line.logicalLength, docStart: contentStart, length: part.length });
    line.logicalLength += part.length;
    line.lineCount++;

    if (continues) pending = line;
    else {
      pending = undefined;
      finish(line, next, false);
    }
    start = next;
  }
  if (pending) finish(pending, length, true);

  const sectionNodes: SectionNode[] = sections.map(({ header, entries }) => {
    const last = entries[entries.length - 1] ?? header;
    return {
      kind: 'section',
      header,
      entries,
      offset: header.offset,
      length: last.offset + last.length - header.offset,
    };
  });

  return { kind: 'file', text, offset: 0, length, bomOffset, preamble, sections: sectionNodes, overlongLines };
}

/**
 * Whether a line of `chars` UTF-16 units is longer than LONG_LINE_MAX bytes: each unit is one to three bytes, so the
 * bytes are counted only when the count of units alone does not tell.
 */
function longerThanSystemdReads(chars: number, bytes: () => number): boolean {
  if (chars > LONG_LINE_MAX) return true;
  return chars * 3 > LONG_LINE_MAX && bytes() > LONG_LINE_MAX;
}

function utf8LengthOfSegments(text: string, segments: readonly Segment[]): number {
  let total = 0;
  for (const s of segments) total += utf8ByteLength(text, s.docStart, s.docStart + s.length);
  return total;
}

const NO_COMMENTS: readonly CommentNode[] = [];

/** Maps an offset in the joined logical line to its offset in the document; null segments: it is the document. */
function toDocument(segments: readonly Segment[] | null, logical: number): number {
  if (segments === null) return logical;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (logical >= segment.logicalStart) return segment.docStart + (logical - segment.logicalStart);
  }
  return segments[0]!.docStart;
}

/** A document span for the logical range [start, end): from the first character to just past the last one. */
function spanOf(segments: readonly Segment[] | null, start: number, end: number): TextSpan {
  const offset = toDocument(segments, start);
  if (end <= start) return { offset, length: 0 };
  return { offset, length: toDocument(segments, end - 1) + 1 - offset };
}

/**
 * Reads one logical line, `source[from, to)`: the document itself for a line on its own (segments null), or the
 * joined text of a continued line with the segments that map it back.
 */
function classify(
  source: string,
  from: number,
  to: number,
  segments: readonly Segment[] | null,
  line: { readonly start: number; readonly innerComments: readonly CommentNode[]; readonly lineCount: number },
  end: number,
  continuedAtEndOfFile: boolean,
): EntryNode | SectionHeaderNode {
  const { start, innerComments, lineCount } = line;
  // Each node spells out offset and length (no spread of a shared span): the parser runs on every keystroke.
  const length = end - start;
  let first = from;
  let last = to;
  while (first < last && isWhitespace(source.charCodeAt(first))) first++;
  while (last > first && isWhitespace(source.charCodeAt(last - 1))) last--;

  if (first === last) return { kind: 'blank', offset: start, length };

  const content = spanOf(segments, first, last);
  const lead = source.charCodeAt(first);
  if (isCommentMarker(lead)) return { kind: 'comment', offset: start, length, textSpan: content };

  if (lead === 0x5b /* [ */) {
    const terminated = last - first >= 2 && source.charCodeAt(last - 1) === 0x5d; /* ] */
    const nameEnd = terminated ? last - 1 : last;
    const name = source.slice(first + 1, nameEnd);
    let problem: HeaderProblem | undefined;
    if (!terminated) problem = 'unterminated';
    else if (hasUnsafeCharacter(name)) problem = 'bad-characters';
    return {
      kind: 'header',
      offset: start,
      length,
      name,
      nameSpan: spanOf(segments, first + 1, nameEnd),
      contentSpan: content,
      problem,
      continuedAtEndOfFile,
    };
  }

  // Searched within the line only: the source may be the whole document.
  let equals = first;
  while (equals < last && source.charCodeAt(equals) !== 0x3d /* = */) equals++;
  if (equals === last) equals = -1;
  if (equals < 0 || equals >= last) {
    return {
      kind: 'error',
      offset: start,
      length,
      problem: 'missing-equals',
      contentSpan: content,
      continuedAtEndOfFile,
    };
  }
  if (equals === first) {
    return { kind: 'error', offset: start, length, problem: 'missing-key', contentSpan: content, continuedAtEndOfFile };
  }

  let keyEnd = equals;
  while (keyEnd > first && isWhitespace(source.charCodeAt(keyEnd - 1))) keyEnd--;
  let valueStart = equals + 1;
  while (valueStart < last && isWhitespace(source.charCodeAt(valueStart))) valueStart++;

  const assignment: AssignmentNode = {
    kind: 'assignment',
    offset: start,
    length,
    key: source.slice(first, keyEnd),
    keySpan: spanOf(segments, first, keyEnd),
    equalsOffset: toDocument(segments, equals),
    value: source.slice(valueStart, last),
    valueSpan:
      valueStart < last ? spanOf(segments, valueStart, last) : { offset: toDocument(segments, equals) + 1, length: 0 },
    innerComments,
    lineCount,
    continuedAtEndOfFile,
  };
  return assignment;
}
