import * as l10n from '@vscode/l10n';
import { LONG_LINE_MAX } from '../syntax';
import type { Rule } from './rule';

/** systemd reads lines of up to LONG_LINE_MAX bytes, continuations joined; a longer one makes it refuse the file. */
export const lineTooLong: Rule = {
  code: 'line-too-long',
  severity: 'error',
  title: 'A line longer than systemd reads',
  check({ file, report }) {
    for (const line of file.overlongLines) {
      report(
        { offset: line.offset, length: 0 },
        l10n.t(
          'This line is longer than {0} bytes, the most systemd reads; it will refuse to load the file.',
          LONG_LINE_MAX,
        ),
      );
    }
  },
};
