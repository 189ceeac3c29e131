import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { UnitFileNode } from '../syntax';

/**
 * One fold per section, from its header to its last line that is not blank; one per run of comment lines; and one
 * per assignment continued over several lines with trailing backslashes.
 */
export function getFoldingRanges(document: TextDocument, file: UnitFileNode): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const lineOf = (offset: number) => document.positionAt(offset).line;
  const endLineOf = (node: { offset: number; length: number }) =>
    lineOf(Math.max(node.offset, node.offset + node.length - 1));

  for (const section of file.sections) {
    let last = section.entries.length - 1;
    while (last >= 0 && section.entries[last]!.kind === 'blank') last--;
    const startLine = lineOf(section.header.offset);
    const endLine = last >= 0 ? endLineOf(section.entries[last]!) : startLine;
    if (endLine > startLine) ranges.push({ startLine, endLine });
  }

  for (const entries of [file.preamble, ...file.sections.map((section) => section.entries)]) {
    for (const entry of entries) {
      if (entry.kind !== 'assignment' || entry.lineCount < 2) continue;
      const startLine = lineOf(entry.offset);
      const endLine = endLineOf(entry);
      if (endLine > startLine) ranges.push({ startLine, endLine });
    }
    for (let i = 0; i < entries.length; i++) {
      if (entries[i]!.kind !== 'comment') continue;
      let j = i;
      while (j + 1 < entries.length && entries[j + 1]!.kind === 'comment') j++;
      const startLine = lineOf(entries[i]!.offset);
      const endLine = endLineOf(entries[j]!);
      if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
      i = j;
    }
  }
  return ranges;
}
