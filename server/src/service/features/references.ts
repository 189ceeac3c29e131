import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, Position } from 'vscode-languageserver-types';
import type { UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { expandUnitSpecifiers, isTemplate, templateOf, type UnitReference } from '../workspace/references';
import type { IndexedFile, UnitIndex } from '../workspace/unitIndex';
import { unitAtPosition } from './unitAtPosition';

/** A reference to a unit found in an indexed file. */
export interface FoundReference {
  readonly file: IndexedFile;
  readonly reference: UnitReference;
  /** The name with specifiers resolved for the file it is in. */
  readonly name: string;
}

/** What a written name refers to, for matching: its own name, or for an instance also its template. */
function refersTo(written: string, file: IndexedFile, target: string): boolean {
  const own = file.kind.dropIn ? undefined : file.kind.unitName;
  const name =
    own && isTemplate(own) && written.includes('%')
      ? expandUnitSpecifiers(written.replace(/%i|%I/g, ''), undefined)
      : expandUnitSpecifiers(written, own);
  if (!name) return false;
  if (name === target) return true;
  return isTemplate(target) && templateOf(name) === target;
}

/** Every place in the index that names the unit (for a template, also its instances), in file order. */
export function referencesTo(index: UnitIndex, target: string): FoundReference[] {
  const found: FoundReference[] = [];
  const files = [...index.allFiles()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const file of files) {
    for (const reference of index.referencesOf(file)) {
      if (refersTo(reference.name, file, target)) found.push({ file, reference, name: reference.name });
    }
  }
  return found;
}

const documents = new WeakMap<IndexedFile, TextDocument>();

/** A position in an indexed file, by offset. */
export function rangeIn(file: IndexedFile, offset: number, length: number) {
  let document = documents.get(file);
  if (!document) documents.set(file, (document = TextDocument.create(file.uri, 'systemd-unit', 0, file.text)));
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

/**
 * Find all references of the unit named at the position (a value word, a trigger header, or any other header for
 * the file's own unit), across the workspace and the machine's unit files; with the declaration, its unit files too.
 */
export function findReferences(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  index: UnitIndex,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const target = unitAtPosition(file, kind, document.offsetAt(position));
  if (!target) return [];
  const locations: Location[] = [];
  if (includeDeclaration) {
    for (const definition of index.filesNamed(target.name)) {
      locations.push({ uri: definition.uri, range: rangeIn(definition, 0, 0) });
    }
  }
  for (const { file: where, reference } of referencesTo(index, target.name)) {
    locations.push({ uri: where.uri, range: rangeIn(where, reference.span.offset, reference.span.length) });
  }
  return locations;
}
