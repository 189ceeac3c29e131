import type { AssignmentNode, SectionHeaderNode, SectionNode } from '../syntax';
import { eachBlankSeparatedWord } from '../values/structured-words';
import type { RuleContext } from './rule';

/** Section name → key → assignments, for the sections systemd reads; built once per validation (per readSections()). */
type AssignmentIndex = Map<string, Map<string, AssignmentNode[]>>;
const INDEXES = new WeakMap<readonly SectionNode[], AssignmentIndex>();

function indexOf(sections: readonly SectionNode[]): AssignmentIndex {
  let index = INDEXES.get(sections);
  if (index) return index;
  index = new Map();
  for (const node of sections) {
    let keys = index.get(node.header.name);
    if (!keys) index.set(node.header.name, (keys = new Map()));
    for (const entry of node.entries) {
      // A value with U+FFFD in it (bytes that were not UTF-8) is left out: systemd skips the line (invalid-utf8).
      if (entry.kind !== 'assignment' || entry.value.includes('\ufffd')) continue;
      const list = keys.get(entry.key);
      if (list) list.push(entry);
      else keys.set(entry.key, [entry]);
    }
  }
  INDEXES.set(sections, index);
  return index;
}

const NO_ASSIGNMENTS: readonly AssignmentNode[] = [];

/** Every assignment of `key` in the sections named `section` that systemd reads, in file order. */
export function assignmentsOf(context: RuleContext, section: string, key: string): readonly AssignmentNode[] {
  return indexOf(context.readSections()).get(section)?.get(key) ?? NO_ASSIGNMENTS;
}

/** A list directive's assignments that still count: those after the last empty one (which resets the list). */
export function effectiveList(context: RuleContext, section: string, key: string): readonly AssignmentNode[] {
  const all = assignmentsOf(context, section, key);
  let start = 0;
  for (let index = 0; index < all.length; index++) if (all[index]!.value === '') start = index + 1;
  return start === 0 ? all : all.slice(start);
}

/** A single-value directive's value as systemd ends up with it: the last assignment (empty means the default). */
export function lastValue(context: RuleContext, section: string, key: string): string | undefined {
  const all = assignmentsOf(context, section, key);
  const last = all[all.length - 1];
  return last && last.value !== '' ? last.value : undefined;
}

const TRUE_WORDS = new Set(['1', 'yes', 'y', 'true', 't', 'on']);

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && TRUE_WORDS.has(value.toLowerCase());
}

/** The header a finding about the unit as a whole is reported on: the first section with this name, else the first. */
export function unitLevelAnchor(context: RuleContext, section: string): SectionHeaderNode | undefined {
  const sections = context.readSections();
  return (sections.find((node) => node.header.name === section) ?? sections[0])?.header;
}

/**
 * The distinct whitespace-separated words of a value, in order of first appearance. A scan rather than a split: a
 * list of half a million words makes no array of them, and repeats cost a lookup only.
 */
export function distinctWords(value: string): Set<string> {
  const words = new Set<string>();
  eachBlankSeparatedWord(value, (word) => words.add(word));
  return words;
}
