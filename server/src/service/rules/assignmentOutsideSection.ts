import * as l10n from '@vscode/l10n';
import type { Rule } from './rule';

/** Before the first section header systemd reads nothing but comments; it warns and skips anything else. */
export const assignmentOutsideSection: Rule = {
  code: 'assignment-outside-section',
  severity: 'warning',
  title: 'A line before the first section header',
  check({ file, report }) {
    for (const entry of file.preamble) {
      if (entry.kind === 'assignment' || entry.kind === 'error') {
        const span = entry.kind === 'assignment' ? entry.keySpan : entry.contentSpan;
        report(
          span,
          l10n.t(
            'This line comes before any section header, so systemd ignores it. Put it under a section such as [Unit].',
          ),
        );
      }
    }
  },
};
