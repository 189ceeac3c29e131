import * as l10n from '@vscode/l10n';
import type { Rule } from './rule';

/** systemd refuses to load a file whose section header is malformed. */
export const invalidSectionHeader: Rule = {
  code: 'invalid-section-header',
  severity: 'error',
  title: 'A section header that systemd cannot read, so it refuses the whole file',
  check({ file, report }) {
    for (const { header } of file.sections) {
      if (header.problem === 'unterminated') {
        report(
          header.contentSpan,
          l10n.t(
            'A section header must end with "]" and hold nothing after it; systemd will refuse to load this file.',
          ),
        );
      } else if (header.problem === 'bad-characters') {
        report(
          header.nameSpan,
          l10n.t(
            'Section names cannot contain quotes, backslashes or control characters; systemd will refuse to load this file.',
          ),
        );
      }
    }
  },
};
