import { topLevelNodes, type CommentNode, type UnitFileNode } from '../../server/src/service/syntax';

/**
 * What a unit file means to systemd, with everything it ignores left out: for each line it reads, the section
 * header, the key and the value, or the kind of line it skips. Comments are kept (by their text without the
 * whitespace around it) because formatting must not drop them either; blank lines and layout are not.
 */
export function meaningOf(file: UnitFileNode): string[] {
  const { text } = file;
  const slice = (span: { offset: number; length: number }) => text.slice(span.offset, span.offset + span.length);
  const comment = (node: CommentNode) => `comment ${slice(node.textSpan).replace(/[ \t]+$/, '')}`;
  const meaning: string[] = [`bom ${file.bomOffset !== undefined}`, `overlong ${file.overlongLines.length}`];
  for (const node of topLevelNodes(file)) {
    switch (node.kind) {
      case 'blank':
        break;
      case 'comment':
        meaning.push(comment(node));
        break;
      case 'header':
        meaning.push(`header ${JSON.stringify(node.name)} ${node.problem ?? 'ok'} ${node.continuedAtEndOfFile}`);
        break;
      case 'error':
        // Spanning lines, the content takes in comment lines; their trailing whitespace means nothing.
        meaning.push(
          `error ${node.problem} ${JSON.stringify(slice(node.contentSpan).replace(/[ \t]+(?=[\n\r\0])/g, ''))} ${node.continuedAtEndOfFile}`,
        );
        break;
      case 'assignment':
        meaning.push(`set ${JSON.stringify(node.key)}=${JSON.stringify(node.value)} ${node.continuedAtEndOfFile}`);
        for (const inner of node.innerComments) meaning.push(`  ${comment(inner)}`);
        break;
    }
  }
  return meaning;
}
