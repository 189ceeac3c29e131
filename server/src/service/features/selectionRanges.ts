import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, SelectionRange } from 'vscode-languageserver-types';
import { locate, touches, type TextSpan, type UnitFileNode } from '../syntax';
import { valueWordAt } from '../workspace/references';

/** A span without the line break that ends it. */
function withoutLineBreak(text: string, span: TextSpan): TextSpan {
  let end = span.offset + span.length;
  while (end > span.offset && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { offset: span.offset, length: end - span.offset };
}

/**
 * Expand selection, from the inside out: a word of a value, the value, the key or value with the whole assignment
 * (continuation lines included), the section, the file.
 */
export function getSelectionRanges(
  document: TextDocument,
  file: UnitFileNode,
  positions: readonly Position[],
): SelectionRange[] {
  const toRange = (span: TextSpan) => ({
    start: document.positionAt(span.offset),
    end: document.positionAt(span.offset + span.length),
  });
  return positions.map((position) => {
    const offset = document.offsetAt(position);
    const spans: TextSpan[] = [];
    const located = locate(file, offset);
    if (located) {
      const { node, section } = located;
      if (node.kind === 'assignment') {
        if (touches(node.valueSpan, offset) && node.valueSpan.length > 0) {
          const word = valueWordAt(file.text, node, offset);
          if (word) spans.push(word.span);
          spans.push(node.valueSpan);
        } else if (touches(node.keySpan, offset)) {
          spans.push(node.keySpan);
        }
        spans.push(withoutLineBreak(file.text, node));
      } else if (node.kind === 'header') {
        if (touches(node.nameSpan, offset)) spans.push(node.nameSpan);
        spans.push(node.contentSpan);
      } else if (node.kind === 'comment' || node.kind === 'error') {
        spans.push(withoutLineBreak(file.text, node));
      }
      if (section) spans.push(withoutLineBreak(file.text, section));
    }
    spans.push({ offset: 0, length: file.text.length });
    // Each range must contain the one before; equal ones are merged.
    let result: SelectionRange | undefined;
    const distinct: TextSpan[] = [];
    for (const span of spans) {
      const previous = distinct[distinct.length - 1];
      if (previous && previous.offset === span.offset && previous.length === span.length) continue;
      if (
        previous &&
        (span.offset > previous.offset || span.offset + span.length < previous.offset + previous.length)
      ) {
        continue;
      }
      distinct.push(span);
    }
    for (const span of distinct.reverse()) result = { range: toRange(span), ...(result ? { parent: result } : {}) };
    return result ?? { range: toRange({ offset, length: 0 }) };
  });
}
