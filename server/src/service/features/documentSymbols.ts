import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { EntryNode, TextSpan, UnitFileNode } from '../syntax';

const MAX_DETAIL = 80;

const WHITESPACE_RUN = /\s+/y;

/**
 * The value with each run of white space as one space, cut to MAX_DETAIL characters; it reads only as far as the cut,
 * so a value of a megabyte costs no more than a short one.
 */
function detailOf(value: string): string {
  let flat = '';
  let i = 0;
  while (i < value.length && flat.length <= MAX_DETAIL) {
    WHITESPACE_RUN.lastIndex = i;
    if (WHITESPACE_RUN.test(value)) {
      flat += ' ';
      i = WHITESPACE_RUN.lastIndex;
    } else flat += value[i++];
  }
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

/** The span of an entry without its line break, so a symbol ends on its own last line. */
function trimmed(text: string, span: TextSpan): TextSpan {
  let end = span.offset + span.length;
  while (end > span.offset && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { offset: span.offset, length: end - span.offset };
}

/**
 * The outline: one symbol per section, holding one per assignment (its value as the detail). Lines before the
 * first section, which systemd ignores, are left out; so are comments and blank lines.
 */
export function findDocumentSymbols(document: TextDocument, file: UnitFileNode): DocumentSymbol[] {
  const range = (span: TextSpan) => ({
    start: document.positionAt(span.offset),
    end: document.positionAt(span.offset + span.length),
  });
  return file.sections.map((section) => {
    let last: EntryNode | undefined;
    for (const entry of section.entries) if (entry.kind !== 'blank') last = entry;
    const end = last ? last.offset + last.length : section.header.offset + section.header.length;
    const children: DocumentSymbol[] = [];
    for (const entry of section.entries) {
      if (entry.kind !== 'assignment') continue;
      children.push({
        name: entry.key,
        detail: detailOf(entry.value),
        kind: SymbolKind.Property,
        range: range(trimmed(file.text, entry)),
        selectionRange: range(entry.keySpan),
      });
    }
    return {
      name: `[${section.header.name}]`,
      kind: SymbolKind.Namespace,
      range: range(trimmed(file.text, { offset: section.offset, length: end - section.offset })),
      selectionRange: range(section.header.nameSpan.length > 0 ? section.header.nameSpan : section.header.contentSpan),
      children,
    };
  });
}
