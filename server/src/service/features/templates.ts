import type { EntryNode, UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import {
  expandSpecifiers,
  instanceName,
  unitNameParts,
  type SpecifierUnit,
  type UnitNameParts,
} from '../values/specifiers';

/** Templates seen as one of their instances: the unit a hover or a preview expands specifiers for. */

/** The name a file stands for when previewed: the instance `instance` of a template, else the file's own name. */
export function previewParts(kind: UnitFileKind, instance: string): UnitNameParts | undefined {
  if (!kind.unitName || kind.dropIn) return kind.unitName ? unitNameParts(kind.unitName) : undefined;
  const parts = unitNameParts(kind.unitName);
  if (parts && parts.instance === '') return unitNameParts(instanceName(parts, instance));
  return parts;
}

/**
 * The unit as the instance `instance` would read it: every value with its specifiers expanded, everything else
 * (comments, keys, layout) as written, and a comment on top saying what was left unexpanded and why.
 */
export function previewInstance(
  file: UnitFileNode,
  kind: UnitFileKind,
  instance: string,
  path?: string,
): { text: string; name: string | undefined } {
  const parts = previewParts(kind, instance);
  const unit: SpecifierUnit = { parts, userUnit: kind.userUnit, ...(path ? { path } : {}) };
  const source = file.text;
  let text = '';
  let at = 0;
  const kept = new Set<string>();
  const visit = (entries: readonly EntryNode[]) => {
    for (const node of entries) {
      if (node.kind !== 'assignment' || !node.value.includes('%')) continue;
      // A value over several lines is written back joined on one line.
      const expanded = expandSpecifiers(node.value, unit);
      for (const specifier of expanded.kept) kept.add(specifier);
      text += source.slice(at, node.valueSpan.offset) + expanded.text;
      at = node.valueSpan.offset + node.valueSpan.length;
    }
  };
  visit(file.preamble);
  for (const section of file.sections) visit(section.entries);
  text += source.slice(at);
  const notes = [`# Preview of ${parts?.name ?? 'this unit'}: specifiers expanded as systemd would expand them.`];
  if (kept.size > 0) {
    notes.push(`# Left as written (they depend on the machine or the user it runs as): ${[...kept].sort().join(' ')}`);
  }
  return { text: `${notes.join('\n')}\n\n${text}`, name: parts?.name };
}

/** The path of a `file:` URI, for `%y`; undefined for other schemes or a malformed one. */
export function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  try {
    const path = decodeURIComponent(uri.slice('file://'.length).replace(/[?#].*$/, ''));
    return path.startsWith('/') ? path : undefined;
  } catch {
    return undefined;
  }
}
