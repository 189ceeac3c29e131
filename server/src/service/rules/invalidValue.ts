import { findDirective } from '../catalog';
import type { AssignmentNode, SectionNode } from '../syntax';
import { CALENDAR_CODES } from '../values/calendar';
import { MAX_FINDINGS_PER_VALUE, type ValueChecker, type ValueFinding } from '../values/checker';
import { SIMPLE_CHECKERS, SIMPLE_CODES, SIMPLE_DIRECTIVE_CHECKERS } from '../values/simpleKinds';
import { STRUCTURED_CHECKERS, STRUCTURED_CODES } from '../values/structuredKinds';
import type { Rule, RuleContext } from './rule';

/** The checker for a directive: one written for it, else one for its kind of value. */
function checkerFor(name: string, kind: string): ValueChecker | undefined {
  return SIMPLE_DIRECTIVE_CHECKERS[name] ?? STRUCTURED_CHECKERS[kind] ?? SIMPLE_CHECKERS[kind];
}

type FindingsContext = Pick<RuleContext, 'kind' | 'settings' | 'readSections'>;

/** What the value checkers say about one assignment in a section systemd reads (nothing for unknown directives). */
export function valueFindings(
  context: FindingsContext,
  section: string,
  entry: AssignmentNode,
): readonly ValueFinding[] {
  // Several rules ask about the same assignment in one validation. The answers are kept per validation, keyed by
  // its list of read sections (made once per validation), so one weak entry serves a whole file.
  const sections = context.readSections();
  let cache = FINDINGS.get(sections);
  if (!cache) FINDINGS.set(sections, (cache = new Map()));
  const cached = cache.get(entry);
  if (cached && cached.section === section) return cached.findings;
  const all = checkValue(context, section, entry);
  const findings = all.length > MAX_FINDINGS_PER_VALUE ? all.slice(0, MAX_FINDINGS_PER_VALUE) : all;
  cache.set(entry, { section, findings });
  return findings;
}

const FINDINGS = new WeakMap<
  readonly SectionNode[],
  Map<AssignmentNode, { readonly section: string; readonly findings: readonly ValueFinding[] }>
>();

function checkValue(context: FindingsContext, section: string, entry: AssignmentNode): ValueFinding[] {
  const directive = findDirective(section, entry.key);
  if (!directive || directive.deprecated) return [];
  const checker = checkerFor(directive.name, directive.kind);
  if (!checker) return [];
  return checker(entry.value, {
    directive,
    section,
    unitType: context.kind.unitType,
    dropIn: context.kind.dropIn,
    unitName: context.kind.unitName,
    userUnit: context.kind.userUnit,
    systemdVersion: context.settings.systemdVersion,
  });
}

/** Whether systemd takes the assignment: no checker says it logs the line and ignores it (or fails the unit). */
export function valueAccepted(context: FindingsContext, section: string, entry: AssignmentNode) {
  return !valueFindings(context, section, entry).some((f) => f.severity === 'error' || f.severity === 'warning');
}

/** Values systemd's parser for the directive would reject or misread (values/ has one checker per kind). */
export const invalidValue: Rule = {
  code: 'invalid-value',
  severity: 'warning',
  title: 'A value systemd cannot read',
  extraCodes: [...SIMPLE_CODES, ...STRUCTURED_CODES, ...CALENDAR_CODES],
  check(context) {
    const { readSections, report } = context;
    for (const section of readSections()) {
      for (const entry of section.entries) {
        if (entry.kind !== 'assignment') continue;
        for (const finding of valueFindings(context, section.header.name, entry)) {
          // On one line the value is the text itself; across continuation lines, point at the whole value.
          const span =
            entry.lineCount === 1
              ? { offset: entry.valueSpan.offset + finding.offset, length: finding.length }
              : entry.valueSpan.length > 0
                ? entry.valueSpan
                : entry.keySpan;
          // systemd reads [Install] only on `systemctl enable`, never when it loads the unit: what is wrong there
          // shows up later, so it is reported as information, like everything systemd accepts on load.
          const severity =
            section.header.name === 'Install' && finding.severity !== 'hint' ? 'information' : finding.severity;
          // A fix needs the finding's own text, which only a value on one line gives.
          const fixes =
            finding.fix && entry.lineCount === 1
              ? [{ title: finding.fix.title, changes: [{ ...span, newText: finding.fix.newText }], preferred: true }]
              : undefined;
          report(span, finding.message, { code: finding.code, severity, ...(fixes ? { fixes } : {}) });
        }
      }
    }
  },
};
