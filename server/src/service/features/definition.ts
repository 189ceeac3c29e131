import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LocationLink, Position, Range } from 'vscode-languageserver-types';
import type { UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import type { UnitIndex } from '../workspace/unitIndex';
import { unitAtPosition } from './unitAtPosition';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Go to definition on a unit name: the files that define it (an instance goes to its template, an alias to the unit
 * it names), the workspace's before the machine's. On [Socket], [Timer] or [Path], or their Service=/Unit= key, it
 * goes to the unit they start.
 */
export function findDefinition(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  index: UnitIndex,
  position: Position,
): LocationLink[] {
  const target = unitAtPosition(file, kind, document.offsetAt(position));
  if (!target || target.how === 'self') return [];
  const originSelectionRange = {
    start: document.positionAt(target.span.offset),
    end: document.positionAt(target.span.offset + target.span.length),
  };
  const links: LocationLink[] = index.definitionsOf(target.name, kind.userUnit).map((definition) => ({
    originSelectionRange,
    targetUri: definition.uri,
    targetRange: START,
    targetSelectionRange: START,
  }));
  if (links.length > 0) return links;
  // A unit known only by a link whose target is outside the index: the link itself.
  return index
    .linksNamed(target.name)
    .filter((link) => !link.masked)
    .map((link) => ({ originSelectionRange, targetUri: link.uri, targetRange: START, targetSelectionRange: START }));
}
