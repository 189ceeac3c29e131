import { topLevelNodes, type UnitFileNode } from './nodes';

/** Writes the tree back out from its nodes. For every input, print(parseUnitFile(text)) === text. */
export function printUnitFile(file: UnitFileNode): string {
  const parts: string[] = [];
  for (const node of topLevelNodes(file)) parts.push(file.text.slice(node.offset, node.offset + node.length));
  return parts.join('');
}
