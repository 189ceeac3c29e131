import type { SectionNode, UnitFileNode } from '../syntax';
import type { TextChange } from './rule';

/** The node's lines without their final line ending. */
export function linesOf(file: UnitFileNode, node: { offset: number; length: number }): string {
  return file.text.slice(node.offset, node.offset + node.length).replace(/(\r\n|\n\r|\r|\n|\0)$/, '');
}

/** Removes whole lines: the node with its line ending. */
export function removeLines(node: { offset: number; length: number }): TextChange {
  return { offset: node.offset, length: node.length, newText: '' };
}

const LINE_ENDINGS = new WeakMap<UnitFileNode, string>();

/** The line ending the file already uses (its first), for text we add; looked up once per tree, as many fixes ask. */
function lineEnding(file: UnitFileNode): string {
  let ending = LINE_ENDINGS.get(file);
  if (ending === undefined) {
    const first = /\r\n|\n|\r/.exec(file.text)?.[0];
    ending = first === '\r\n' || first === '\r' ? first : '\n';
    LINE_ENDINGS.set(file, ending);
  }
  return ending;
}

function endsWithLineEnd(text: string, end: number): boolean {
  const last = text.charCodeAt(end - 1);
  return last === 0x0a || last === 0x0d || last === 0;
}

const LINE_END = Symbol('line end');
type Part = string | typeof LINE_END;

function isLineEnd(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0;
}

/** `\r` then `\n` (or `\n` then `\r`): one line ending, when neither is already half of one. */
function pairs(first: number, second: number): boolean {
  return (first === 0x0d && second === 0x0a) || (first === 0x0a && second === 0x0d);
}

/**
 * The line ending just before `end`, a node's end (''): read forward, as the parser does, from the start of the run
 * of line-end characters it closes. A node ends with at most two line endings, so the run is short.
 */
function lineEndingBefore(text: string, nodeStart: number, end: number): string {
  let from = end;
  while (from > nodeStart && isLineEnd(text.charCodeAt(from - 1))) from--;
  let ending = '';
  for (let at = from; at < end; at += ending.length) {
    ending = at + 1 < end && pairs(text.charCodeAt(at), text.charCodeAt(at + 1)) ? text.slice(at, at + 2) : text[at]!;
  }
  return ending;
}

/**
 * Text to insert at `offset`, a line start, made of lines and line endings. Each line ending is the file's own,
 * unless it would pair with a lone `\r` or `\n` next to it into one line ending (a file with lone `\r` endings,
 * say): then another is taken, so every line ending written ends a line, and an empty line that ends a
 * continuation stays a line.
 */
function insertion(text: string, offset: number, endingBefore: string, parts: readonly Part[], eol: string): string {
  let result = '';
  let lone = endingBefore.length === 1 ? endingBefore.charCodeAt(0) : NaN;
  parts.forEach((part, index) => {
    if (part !== LINE_END) {
      result += part;
      if (part.length > 0) {
        // Text moved from elsewhere may end with a line ending of its own (an empty line that ends a continuation).
        const own = lineEndingBefore(part, 0, part.length);
        lone = own.length === 1 ? own.charCodeAt(0) : NaN;
      }
      return;
    }
    const after = index === parts.length - 1 ? text.charCodeAt(offset) : NaN;
    const ending =
      [eol, '\n', '\r'].find(
        (candidate) =>
          !pairs(lone, candidate.charCodeAt(0)) && (candidate.length === 2 || !pairs(candidate.charCodeAt(0), after)),
      ) ?? eol;
    result += ending;
    lone = ending.length === 1 ? ending.charCodeAt(0) : NaN;
  });
  return result;
}

/**
 * Adds lines at the end of the last section with this name (after its last line that is not blank), or, when the
 * file has no such section, a new section at the end of the file; with `blankLineFirst`, an empty line sets them
 * apart. After a line that continues into the end of the file, an empty line comes first too: it ends the
 * continuation, which would otherwise swallow the new lines.
 */
export function addToSection(
  file: UnitFileNode,
  sectionName: string,
  lines: string | readonly string[],
  options: { blankLineFirst?: boolean } = {},
): TextChange {
  const eol = lineEnding(file);
  const text = file.text;
  const body: Part[] = (typeof lines === 'string' ? [lines] : lines).flatMap((line): Part[] => [line, LINE_END]);
  let section: SectionNode | undefined;
  for (let i = file.sections.length - 1; i >= 0 && !section; i--) {
    if (file.sections[i]!.header.name === sectionName) section = file.sections[i];
  }
  if (section) {
    let index = section.entries.length - 1;
    while (index >= 0 && section.entries[index]!.kind === 'blank') index--;
    const last = index >= 0 ? section.entries[index]! : section.header;
    const end = last.offset + last.length;
    const continued = last.kind !== 'comment' && last.kind !== 'blank' && last.continuedAtEndOfFile;
    const parts: Part[] = [...body];
    if (continued || options.blankLineFirst) parts.unshift(LINE_END);
    if (!endsWithLineEnd(text, end)) parts.unshift(LINE_END);
    const before = lineEndingBefore(text, last.offset, end);
    return { offset: end, length: 0, newText: insertion(text, end, before, parts, eol) };
  }
  // A blank line before the new section; after a line continued into the end of the file, it ends the continuation.
  const separator: Part[] =
    text.length === 0 ? [] : endsWithLineEnd(text, text.length) ? [LINE_END] : [LINE_END, LINE_END];
  const parts: Part[] = [...separator, `[${sectionName}]`, LINE_END, ...body];
  const lastSection = file.sections[file.sections.length - 1];
  const lastNode = lastSection
    ? (lastSection.entries[lastSection.entries.length - 1] ?? lastSection.header)
    : file.preamble[file.preamble.length - 1];
  const before = lineEndingBefore(text, lastNode?.offset ?? 0, text.length);
  return { offset: text.length, length: 0, newText: insertion(text, text.length, before, parts, eol) };
}
