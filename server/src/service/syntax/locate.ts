import type { EntryNode, SectionHeaderNode, SectionNode, UnitFileNode } from './nodes';

export interface Located {
  /** The section the node belongs to; undefined in the preamble. */
  readonly section: SectionNode | undefined;
  readonly node: EntryNode | SectionHeaderNode;
}

function contains(node: { offset: number; length: number }, offset: number): boolean {
  return offset >= node.offset && offset < node.offset + node.length;
}

function findIn<T extends { offset: number; length: number }>(nodes: readonly T[], offset: number): T | undefined {
  let low = 0;
  let high = nodes.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const node = nodes[middle]!;
    if (offset < node.offset) high = middle - 1;
    else if (offset >= node.offset + node.length) low = middle + 1;
    else return node;
  }
  return undefined;
}

/**
 * The top-level node at a document offset, by binary search. An offset at the very end of the text belongs to the
 * last node, so a cursor after the final character still finds the line it is on.
 */
export function locate(file: UnitFileNode, offset: number): Located | undefined {
  const at = offset >= file.text.length && file.text.length > 0 ? file.text.length - 1 : offset;
  const section = findIn(file.sections, at);
  if (section) {
    if (contains(section.header, at)) return { section, node: section.header };
    const node = findIn(section.entries, at);
    return node ? { section, node } : undefined;
  }
  const node = findIn(file.preamble, at);
  return node ? { section: undefined, node } : undefined;
}

/** Whether an offset falls inside a span, its end included: a cursor just after a word is still on it. */
export function touches(span: { offset: number; length: number }, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}
