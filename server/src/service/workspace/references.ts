import { findDirective } from '../catalog';
import { UNIT_NAME_KINDS } from '../catalog/kinds';
import { ALL_SECTIONS, isUnitType, sectionsOf } from '../catalog/unitTypes';
import type { AssignmentNode, TextSpan, UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { ownValue } from '../util/ownValue';

/** A unit name written in a file: one word of a unit-list or unit-name value. */
export interface UnitReference {
  /** The name as written (specifiers such as `%i` left in). */
  readonly name: string;
  /** Where the word is in the document. */
  readonly span: TextSpan;
  readonly section: string;
  readonly key: string;
  readonly assignment: AssignmentNode;
}

/** One whitespace-separated word of a value, with its place in the document. */
export interface ValueWord {
  readonly text: string;
  readonly span: TextSpan;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

/**
 * Calls `visit` with each word of an assignment's value in order, until it returns true. A value continued over
 * several lines is read from the document: the trailing backslashes and the comment lines inside it are skipped, as
 * systemd skips them. Quotes around a word are dropped where `unquote` is set (the [Install] lists are read that way).
 * One pass with no copy of the value, as a value can run to a megabyte.
 */
function eachValueWord(
  text: string,
  node: AssignmentNode,
  unquote: boolean,
  visit: (word: ValueWord) => boolean | void,
): void {
  const end = node.valueSpan.offset + node.valueSpan.length;
  const skipped = node.innerComments;
  let nextComment = 0;
  let start = -1;
  // Emits the word that started at `start`, if any; true when the visitor has had enough.
  const flush = (stop: number): boolean => {
    if (start < 0) return false;
    let from = start;
    let to = stop;
    start = -1;
    if (unquote && to - from >= 2 && (text[from] === '"' || text[from] === "'") && text[to - 1] === text[from]) {
      from++;
      to--;
    }
    return to > from && visit({ text: text.slice(from, to), span: { offset: from, length: to - from } }) === true;
  };
  for (let i = node.valueSpan.offset; i < end;) {
    while (nextComment < skipped.length && skipped[nextComment]!.offset + skipped[nextComment]!.length <= i) {
      nextComment++;
    }
    const comment = skipped[nextComment];
    if (comment && i >= comment.offset) {
      if (flush(i)) return;
      i = comment.offset + comment.length;
      continue;
    }
    const code = text.charCodeAt(i);
    const continuation =
      code === 0x5c && (i + 1 >= end || text.charCodeAt(i + 1) === 0x0a || text.charCodeAt(i + 1) === 0x0d);
    if (isSpace(code) || (continuation && node.lineCount > 1)) {
      if (flush(i)) return;
    } else if (start < 0) {
      start = i;
    }
    i++;
  }
  flush(end);
}

/** The words of an assignment's value (the first `limit` of them), each with its document span. */
export function valueWords(text: string, node: AssignmentNode, unquote = false, limit = Infinity): ValueWord[] {
  const words: ValueWord[] = [];
  if (limit <= 0) return words;
  eachValueWord(text, node, unquote, (word) => words.push(word) >= limit);
  return words;
}

/**
 * The first word of the value that touches `offset` (the cursor inside it or at either end), found without reading
 * the value past it.
 */
export function valueWordAt(
  text: string,
  node: AssignmentNode,
  offset: number,
  unquote = false,
): ValueWord | undefined {
  let found: ValueWord | undefined;
  eachValueWord(text, node, unquote, (word) => {
    if (word.span.offset > offset) return true;
    if (offset <= word.span.offset + word.span.length) {
      found = word;
      return true;
    }
    return false;
  });
  return found;
}

/** Whether a directive in a section takes unit names. */
export function takesUnitNames(section: string, key: string): boolean {
  const directive = findDirective(section, key);
  return directive !== undefined && UNIT_NAME_KINDS.has(directive.kind);
}

/** The sections systemd reads in a file of this kind. */
export function readSectionsOf(kind: UnitFileKind): ReadonlySet<string> {
  return new Set(kind.unitType ? sectionsOf(kind.unitType) : ALL_SECTIONS);
}

/** Every unit name the file refers to, in document order. */
export function unitReferences(file: UnitFileNode, kind: UnitFileKind): UnitReference[] {
  const found: UnitReference[] = [];
  const sections = readSectionsOf(kind);
  for (const section of file.sections) {
    const name = section.header.name;
    if (!sections.has(name)) continue;
    for (const entry of section.entries) {
      if (entry.kind !== 'assignment' || !takesUnitNames(name, entry.key)) continue;
      for (const word of valueWords(file.text, entry, name === 'Install')) {
        found.push({ name: word.text, span: word.span, section: name, key: entry.key, assignment: entry });
      }
    }
  }
  return found;
}

/** The type of a unit name (`service` for `foo.service`), if it has a known one. */
export function unitTypeOfName(name: string) {
  const suffix = name.slice(name.lastIndexOf('.') + 1);
  return name.includes('.') && isUnitType(suffix) ? suffix : undefined;
}

/** `getty@tty1.service` → `getty@.service`; undefined for a name that is not an instance. */
export function templateOf(name: string): string | undefined {
  const at = name.indexOf('@');
  const dot = name.lastIndexOf('.');
  if (at <= 0 || dot < at || dot === at + 1) return undefined;
  return name.slice(0, at + 1) + name.slice(dot);
}

/** `getty@tty1.service` → `tty1`. */
export function instanceOf(name: string): string | undefined {
  const at = name.indexOf('@');
  const dot = name.lastIndexOf('.');
  if (at <= 0 || dot <= at + 1) return undefined;
  return name.slice(at + 1, dot);
}

/** Whether a name is a template (`getty@.service`). */
export function isTemplate(name: string): boolean {
  const at = name.indexOf('@');
  return at > 0 && name.lastIndexOf('.') === at + 1;
}

/**
 * A name with the specifiers that a unit name may hold resolved for a given unit (`%i`, `%I`, `%n`, `%N`, `%p`,
 * `%P`, `%j`, `%J`, `%%`); undefined when another specifier is left, since its value is known only at load time.
 */
export function expandUnitSpecifiers(name: string, unitName: string | undefined): string | undefined {
  if (!name.includes('%')) return name;
  if (!unitName) return undefined;
  const dot = unitName.lastIndexOf('.');
  const stem = dot > 0 ? unitName.slice(0, dot) : unitName;
  const at = stem.indexOf('@');
  const prefix = at >= 0 ? stem.slice(0, at) : stem;
  const instance = at >= 0 ? stem.slice(at + 1) : '';
  const dash = prefix.lastIndexOf('-');
  const values: Record<string, string> = {
    i: instance,
    I: unescapeUnitName(instance),
    n: unitName,
    N: stem,
    p: prefix,
    P: unescapeUnitName(prefix),
    j: dash >= 0 ? prefix.slice(dash + 1) : prefix,
    J: unescapeUnitName(dash >= 0 ? prefix.slice(dash + 1) : prefix),
    '%': '%',
  };
  // Slices between specifiers, joined once: a value can be a megabyte, and adding it a character at a time made a
  // string of a million pieces.
  const parts: string[] = [];
  let from = 0;
  for (let at = name.indexOf('%'); at >= 0; at = name.indexOf('%', from)) {
    const value = ownValue(values, name[at + 1] ?? '');
    if (value === undefined) return undefined;
    parts.push(name.slice(from, at), value);
    from = at + 2;
  }
  parts.push(name.slice(from));
  return parts.join('');
}

/** systemd's unit name unescaping: `-` becomes `/`, `\xNN` the byte it names. */
function unescapeUnitName(text: string): string {
  return text
    .replace(/-/g, '/')
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
