import * as l10n from '@vscode/l10n';
import type { Rule } from './rule';

/**
 * A trailing backslash on the last line: systemd reads the line anyway, silently, so this is information; but
 * something was probably cut off.
 */
export const continuationAtEndOfFile: Rule = {
  code: 'continuation-at-eof',
  severity: 'information',
  title: 'A line continuation with no line after it',
  check({ file, report }) {
    // Only the file's last line can be continued into the end of the file.
    const lastSection = file.sections[file.sections.length - 1];
    const node = lastSection
      ? (lastSection.entries[lastSection.entries.length - 1] ?? lastSection.header)
      : file.preamble[file.preamble.length - 1];
    if (!node || node.kind === 'comment' || node.kind === 'blank' || !node.continuedAtEndOfFile) return;
    const end = node.offset + node.length;
    const backslash = file.text.lastIndexOf('\\', end);
    report(
      { offset: Math.max(backslash, node.offset), length: 1 },
      l10n.t(
        'The line ends with a backslash, which joins it to the next line, but the file ends here. Remove the backslash or add the missing line.',
      ),
    );
  },
};
