import { locate, touches, type TextSpan, type UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { isTrue } from '../rules/unitFacts';
import { expandUnitSpecifiers, isTemplate, takesUnitNames, valueWordAt } from '../workspace/references';
import { ownValue } from '../util/ownValue';

/** The unit a position stands for, and the text that names it (if the name is written there). */
export interface UnitAtPosition {
  /** The unit name, specifiers resolved where they can be. */
  readonly name: string;
  /** The name as written at the position; equal to `name` unless it holds specifiers. */
  readonly written: string;
  /** Where the name (or the header or key standing for it) is in the document. */
  readonly span: TextSpan;
  /** How the position names the unit. */
  readonly how: 'reference' | 'partner' | 'self';
}

/** Sections whose unit starts another one, and the setting that names it. */
const TRIGGER_SETTINGS: Readonly<Record<string, string>> = { Socket: 'Service', Timer: 'Unit', Path: 'Unit' };

function lastAssignment(file: UnitFileNode, section: string, key: string) {
  let found;
  for (const node of file.sections) {
    if (node.header.name !== section) continue;
    for (const entry of node.entries) if (entry.kind === 'assignment' && entry.key === key) found = entry;
  }
  return found;
}

/**
 * The unit a socket, timer or path unit starts: the one its Service= or Unit= names, else the service of the same
 * name (for a socket with Accept=yes, the template `foo@.service`, one instance per connection).
 */
export function partnerOf(file: UnitFileNode, kind: UnitFileKind): string | undefined {
  const type = kind.unitType;
  const section = type === 'socket' ? 'Socket' : type === 'timer' ? 'Timer' : type === 'path' ? 'Path' : undefined;
  if (!section || !kind.unitName) return undefined;
  const named = lastAssignment(file, section, TRIGGER_SETTINGS[section]!);
  if (named && named.value !== '') return expandUnitSpecifiers(named.value, kind.unitName) ?? named.value;
  if (kind.dropIn && !/\.(socket|timer|path)$/.test(kind.unitName)) return undefined;
  const stem = kind.unitName.slice(0, kind.unitName.lastIndexOf('.'));
  if (type === 'socket' && isTrue(lastAssignment(file, 'Socket', 'Accept')?.value)) {
    return `${stem.replace(/@.*$/, '')}@.service`;
  }
  return `${stem}.service`;
}

/**
 * The unit named at an offset: a word of a value that takes unit names (After=, WantedBy=, Unit=…); the header of
 * [Socket], [Timer] or [Path], or their Service=/Unit= key, for the unit they start; any other section header for the
 * file's own unit.
 */
export function unitAtPosition(file: UnitFileNode, kind: UnitFileKind, offset: number): UnitAtPosition | undefined {
  const located = locate(file, offset);
  if (!located) return undefined;
  const { node, section } = located;
  const own = kind.unitName;
  if (node.kind === 'header') {
    if (!touches(node.nameSpan, offset)) return undefined;
    if (ownValue(TRIGGER_SETTINGS, node.name) !== undefined) {
      const partner = partnerOf(file, kind);
      return partner ? { name: partner, written: partner, span: node.nameSpan, how: 'partner' } : undefined;
    }
    return own ? { name: own, written: own, span: node.nameSpan, how: 'self' } : undefined;
  }
  if (node.kind !== 'assignment' || !section) return undefined;
  const sectionName = section.header.name;
  if (touches(node.keySpan, offset) && ownValue(TRIGGER_SETTINGS, sectionName) === node.key) {
    const partner = partnerOf(file, kind);
    return partner ? { name: partner, written: node.value, span: node.keySpan, how: 'partner' } : undefined;
  }
  if (!takesUnitNames(sectionName, node.key) || !touches(node.valueSpan, offset)) return undefined;
  const word = valueWordAt(file.text, node, offset, sectionName === 'Install');
  if (!word) return undefined;
  // In a template, `%i` stands for any instance: the name is the template's.
  const context = own && isTemplate(own) ? undefined : own;
  const name =
    expandUnitSpecifiers(word.text, context) ?? expandUnitSpecifiers(word.text.replace(/%i|%I/g, ''), context);
  if (!name) return undefined;
  return { name, written: word.text, span: word.span, how: 'reference' };
}
