import { findDirective } from '../catalog';
import type { ValueChecker } from '../values/checker';
import { SIMPLE_CHECKERS, SIMPLE_CODES, SIMPLE_DIRECTIVE_CHECKERS } from '../values/simpleKinds';
import { STRUCTURED_CHECKERS, STRUCTURED_CODES } from '../values/structuredKinds';
import type { Rule } from './rule';

/** The checker for a directive: one written for it, else one for its kind of value. */
function checkerFor(name: string, kind: string): ValueChecker | undefined {
  return SIMPLE_DIRECTIVE_CHECKERS[name] ?? STRUCTURED_CHECKERS[kind] ?? SIMPLE_CHECKERS[kind];
}

/** Values systemd's parser for the directive would reject or misread (values/ has one checker per kind). */
export const invalidValue: Rule = {
  code: 'invalid-value',
  severity: 'warning',
  title: 'A value systemd cannot read',
  extraCodes: [...SIMPLE_CODES, ...STRUCTURED_CODES],
  check({ kind, readSections, report }) {
    for (const section of readSections()) {
      for (const entry of section.entries) {
        if (entry.kind !== 'assignment') continue;
        const directive = findDirective(section.header.name, entry.key);
        if (!directive || directive.deprecated) continue;
        const checker = checkerFor(directive.name, directive.kind);
        if (!checker) continue;
        const findings = checker(entry.value, {
          directive,
          section: section.header.name,
          unitType: kind.unitType,
          dropIn: kind.dropIn,
        });
        for (const finding of findings) {
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
          report(span, finding.message, { code: finding.code, severity });
        }
      }
    }
  },
};
