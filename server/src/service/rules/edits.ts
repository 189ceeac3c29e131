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

/** The line ending the file already uses, for text we add. */
function lineEnding(file: UnitFileNode): string {
  return /\r\n/.test(file.text) ? '\r\n' : '\n';
}

/**
 * Adds a line at the end of the last section with this name (after its last line that is not blank), or, when the
 * file has no such section, a new section at the end of the file.
 */
export function addToSection(file: UnitFileNode, sectionName: string, line: string): TextChange {
  const eol = lineEnding(file);
  const section: SectionNode | undefined = [...file.sections].reverse().find((s) => s.header.name === sectionName);
  if (section) {
    const entries = section.entries.filter((entry) => entry.kind !== 'blank');
    const last = entries[entries.length - 1] ?? section.header;
    const end = last.offset + last.length;
    const endsLine = /[\n\r\0]$/.test(file.text.slice(last.offset, end));
    return { offset: end, length: 0, newText: endsLine ? `${line}${eol}` : `${eol}${line}` };
  }
  const text = file.text;
  const separator = text.length === 0 ? '' : /[\n\r]$/.test(text) ? eol : `${eol}${eol}`;
  return { offset: text.length, length: 0, newText: `${separator}[${sectionName}]${eol}${line}${eol}` };
}
