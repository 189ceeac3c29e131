import { topLevelNodes, type CommentNode, type UnitFileNode } from '../../server/src/service/syntax';

/**
 * What a unit file means to systemd, with everything it ignores left out: for each line it reads, the section
 * header, the key and the value, or the kind of line it skips. Comments are kept (by their text without the
 * whitespace around it) because formatting must not drop them either; blank lines and layout are not.
 */
export function meaningOf(file: UnitFileNode): string[] {
  const { text } = file;
  const slice = (span: { offset: number; length: number }) => text.slice(span.offset, span.offset + span.length);
  const comment = (node: CommentNode) => `comment ${trimBlanksAtLineEnds(slice(node.textSpan))}`;
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
          `error ${node.problem} ${JSON.stringify(trimBlanksAtLineEnds(slice(node.contentSpan)))} ${node.continuedAtEndOfFile}`,
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

/** Spaces and tabs before each line end and at the end, removed (by hand: a regular expression takes quadratic time). */
function trimBlanksAtLineEnds(text: string): string {
  let result = '';
  let kept = 0;
  let index = 0;
  while (index <= text.length) {
    const code = text.charCodeAt(index);
    if (index === text.length || code === 0x0a || code === 0x0d || code === 0) {
      let end = index;
      while (end > kept && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
      result += text.slice(kept, end) + text.charAt(index);
      kept = index + 1;
    }
    index++;
  }
  return result;
}
