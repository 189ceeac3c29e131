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

/** The line ending the file already uses, for text we add (looked up once per tree: many fixes ask). */
function lineEnding(file: UnitFileNode): string {
  let ending = LINE_ENDINGS.get(file);
  if (ending === undefined) {
    ending = file.text.includes('\r\n') ? '\r\n' : '\n';
    LINE_ENDINGS.set(file, ending);
  }
  return ending;
}

function endsWithLineEnd(text: string, end: number): boolean {
  const last = text.charCodeAt(end - 1);
  return last === 0x0a || last === 0x0d || last === 0;
}

/**
 * Adds a line at the end of the last section with this name (after its last line that is not blank), or, when the
 * file has no such section, a new section at the end of the file. After a line that continues into the end of the
 * file, an empty line comes first: it ends the continuation, which would otherwise swallow the new line.
 */
export function addToSection(file: UnitFileNode, sectionName: string, line: string): TextChange {
  const eol = lineEnding(file);
  const text = file.text;
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
    const lead = (endsWithLineEnd(text, end) ? '' : eol) + (continued ? eol : '');
    return { offset: end, length: 0, newText: `${lead}${line}${eol}` };
  }
  // A blank line before the new section; after a line continued into the end of the file, it ends the continuation.
  const last = text.charCodeAt(text.length - 1);
  const separator = text.length === 0 ? '' : last === 0x0a || last === 0x0d ? eol : `${eol}${eol}`;
  return { offset: text.length, length: 0, newText: `${separator}[${sectionName}]${eol}${line}${eol}` };
}
