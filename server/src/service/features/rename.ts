import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  Position,
  Range,
  RenameFile,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { unitNameProblem } from '../values/structuredKinds';
import { isTemplate, templateOf, unitTypeOfName } from '../workspace/references';
import type { UnitIndex } from '../workspace/unitIndex';
import { baseName, joinUri, parentUri } from '../workspace/uris';
import { rangeIn, referencesTo } from './references';
import { unitAtPosition, type UnitAtPosition } from './unitAtPosition';

/** A refusal, with the reason shown to the user. */
export interface RenameRefusal {
  readonly error: string;
}

export type PrepareRenameAnswer = { range: Range; placeholder: string } | RenameRefusal | null;

export interface RenameOptions {
  /** Mark the file renames as needing confirmation, so the editor shows the preview first. */
  readonly confirm?: boolean;
}

/** The unit at the position, if it can be renamed: a unit of the workspace, named plainly (not an instance). */
function renamable(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  index: UnitIndex,
  position: Position,
): UnitAtPosition | RenameRefusal | null {
  const target = unitAtPosition(file, kind, document.offsetAt(position));
  if (!target) return null;
  const template = templateOf(target.name);
  if (template) {
    return {
      error: l10n.t('{0} is an instance of {1}: rename the template, and its instances follow.', target.name, template),
    };
  }
  const files = index.filesNamed(target.name);
  if (!files.some((candidate) => candidate.origin === 'workspace')) {
    return {
      error:
        files.length > 0
          ? l10n.t('{0} is installed on this machine, outside the workspace; it is not renamed from here.', target.name)
          : l10n.t('No unit file named {0} is in the workspace.', target.name),
    };
  }
  return target;
}

/** Whether a rename may start at the position, and the text the editor offers to change. */
export function prepareRename(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  index: UnitIndex,
  position: Position,
): PrepareRenameAnswer {
  const target = renamable(document, file, kind, index, position);
  if (!target || 'error' in target) return target;
  return {
    range: {
      start: document.positionAt(target.span.offset),
      end: document.positionAt(target.span.offset + target.span.length),
    },
    placeholder: target.name,
  };
}

/** The new text of a written name: the whole name, or for an instance of a renamed template its part before `@`. */
function renamedWord(written: string, oldName: string, newName: string): string | undefined {
  if (written === oldName) return newName;
  if (isTemplate(oldName)) {
    const oldPrefix = oldName.slice(0, oldName.indexOf('@') + 1);
    const newPrefix = newName.slice(0, newName.indexOf('@') + 1);
    const newType = newName.slice(newName.lastIndexOf('.'));
    if (written.startsWith(oldPrefix)) {
      const rest = written.slice(oldPrefix.length);
      return newPrefix + rest.slice(0, rest.lastIndexOf('.')) + newType;
    }
  }
  return undefined;
}

/**
 * Renames a unit across the workspace: every reference in the workspace's files (instances of a template too), the
 * unit file, and the drop-in directory beside it. Files of the machine are never changed.
 */
export function doRename(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  index: UnitIndex,
  position: Position,
  requested: string,
  options: RenameOptions = {},
): WorkspaceEdit | RenameRefusal | null {
  const target = renamable(document, file, kind, index, position);
  if (!target || 'error' in target) return target;
  const oldName = target.name;
  const newName = requested.trim();
  const problem = unitNameProblem(newName);
  if (problem) return { error: l10n.t('{0} is not a valid unit name: {1}.', newName, problem) };
  if (unitTypeOfName(newName) !== unitTypeOfName(oldName)) {
    return { error: l10n.t('A renamed unit keeps its type: the new name must end in .{0}.', unitTypeOfName(oldName)!) };
  }
  if (isTemplate(newName) !== isTemplate(oldName)) {
    return {
      error: isTemplate(oldName)
        ? l10n.t('{0} is a template: the new name needs an @ before the type, as in foo@.service.', oldName)
        : l10n.t('{0} is not a template: the new name cannot end in @ before the type.', oldName),
    };
  }
  if (newName === oldName) return { documentChanges: [] };

  const definitions = index.filesNamed(oldName).filter((definition) => definition.origin === 'workspace');
  for (const definition of definitions) {
    const clash = index.fileAt(joinUri(parentUri(definition.uri), newName));
    if (clash) return { error: l10n.t('{0} already exists beside {1}.', newName, oldName) };
  }

  const edits = new Map<string, { uri: string; edits: TextEdit[] }>();
  for (const { file: where, reference } of referencesTo(index, oldName)) {
    if (where.origin !== 'workspace') continue;
    const replacement = renamedWord(reference.name, oldName, newName);
    if (replacement === undefined) continue;
    const entry = edits.get(where.key) ?? { uri: where.uri, edits: [] };
    entry.edits.push({ range: rangeIn(where, reference.span.offset, reference.span.length), newText: replacement });
    edits.set(where.key, entry);
  }

  const annotationId = options.confirm ? 'systemd-units.rename-files' : undefined;
  const renames: RenameFile[] = [];
  const rename = (oldUri: string, newUri: string) =>
    renames.push({ kind: 'rename', oldUri, newUri, ...(annotationId ? { annotationId } : {}) });
  for (const definition of definitions) rename(definition.uri, joinUri(parentUri(definition.uri), newName));
  // Drop-in directories named after the unit move with it.
  const dropInDirectories = new Set<string>();
  for (const candidate of index.allFiles()) {
    if (candidate.origin !== 'workspace' || !candidate.kind.dropIn) continue;
    const directory = parentUri(candidate.uri);
    if (baseName(directory) === `${oldName}.d`) dropInDirectories.add(directory);
  }
  for (const directory of dropInDirectories) rename(directory, joinUri(parentUri(directory), `${newName}.d`));

  const documentChanges: (TextDocumentEdit | RenameFile)[] = [
    ...[...edits.values()].map(({ uri, edits: textEdits }) => ({
      textDocument: { uri, version: null },
      edits: textEdits,
    })),
    ...renames,
  ];
  const edit: WorkspaceEdit = { documentChanges };
  if (annotationId) {
    edit.changeAnnotations = {
      [annotationId]: {
        label: l10n.t('Rename the unit files of {0}', oldName),
        needsConfirmation: true,
      },
    };
  }
  return edit;
}
