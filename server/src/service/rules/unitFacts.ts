import type { AssignmentNode, SectionHeaderNode } from '../syntax';
import type { RuleContext } from './rule';

/**
 * Every assignment of `key` in the sections named `section` that systemd reads, in file order. A value with U+FFFD
 * in it (bytes that were not UTF-8) is left out: systemd skips such a line (invalid-utf8 says so).
 */
export function assignmentsOf(context: RuleContext, section: string, key: string): AssignmentNode[] {
  const found: AssignmentNode[] = [];
  for (const node of context.readSections()) {
    if (node.header.name !== section) continue;
    for (const entry of node.entries) {
      if (entry.kind === 'assignment' && entry.key === key && !entry.value.includes('\ufffd')) found.push(entry);
    }
  }
  return found;
}

/** A list directive's assignments that still count: those after the last empty one (which resets the list). */
export function effectiveList(context: RuleContext, section: string, key: string): AssignmentNode[] {
  const all = assignmentsOf(context, section, key);
  let start = 0;
  all.forEach((node, index) => {
    if (node.value === '') start = index + 1;
  });
  return all.slice(start);
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
  let start = -1;
  for (let i = 0; i <= value.length; i++) {
    const code = i < value.length ? value.charCodeAt(i) : 0x20;
    const blank = code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
    if (!blank && start < 0) start = i;
    else if (blank && start >= 0) {
      words.add(value.slice(start, i));
      start = -1;
    }
  }
  return words;
}
