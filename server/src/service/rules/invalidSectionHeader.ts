import * as l10n from '@vscode/l10n';
import type { Rule } from './rule';

/**
 * systemd refuses to load a unit file whose section header is malformed; a malformed drop-in it skips with a warning
 * and loads the unit without it.
 */
export const invalidSectionHeader: Rule = {
  code: 'invalid-section-header',
  severity: 'error',
  title: 'A section header that systemd cannot read, so it refuses the whole file',
  check({ file, kind, report }) {
    const severity = kind.dropIn ? 'warning' : 'error';
    const consequence = kind.dropIn
      ? l10n.t('systemd will skip this whole drop-in.')
      : l10n.t('systemd will refuse to load this file.');
    for (const { header } of file.sections) {
      if (header.problem === 'unterminated') {
        report(
          header.contentSpan,
          `${l10n.t('A section header must end with "]" and hold nothing after it;')} ${consequence}`,
          { severity },
        );
      } else if (header.problem === 'bad-characters') {
        report(
          header.nameSpan,
          `${l10n.t('Section names cannot contain quotes, backslashes or control characters;')} ${consequence}`,
          { severity },
        );
      }
    }
  },
};
