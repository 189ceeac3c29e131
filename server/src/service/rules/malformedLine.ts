import * as l10n from '@vscode/l10n';
import type { LineProblem } from '../syntax';
import type { Rule, RuleContext } from './rule';

/** Lines inside a section that are not `Key=Value`: systemd warns and skips them, but not in sections it skips. */
function reportMalformed(context: RuleContext, problem: LineProblem, message: string): void {
  for (const section of context.file.sections) {
    if (context.isIgnoredSection(section.header.name)) continue;
    for (const entry of section.entries) {
      if (entry.kind === 'error' && entry.problem === problem) context.report(entry.contentSpan, message);
    }
  }
}

export const missingEquals: Rule = {
  code: 'missing-equals',
  severity: 'warning',
  title: 'A line in a section that is not a Key=Value assignment',
  check: (context) =>
    reportMalformed(
      context,
      'missing-equals',
      l10n.t('Expected "Key=Value", but this line has no "="; systemd ignores it.'),
    ),
};

export const missingKey: Rule = {
  code: 'missing-key',
  severity: 'warning',
  title: 'An assignment with no directive name before the "="',
  check: (context) =>
    reportMalformed(
      context,
      'missing-key',
      l10n.t('There is no directive name before the "="; systemd ignores this line.'),
    ),
};
