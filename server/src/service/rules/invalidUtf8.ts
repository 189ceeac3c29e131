import * as l10n from '@vscode/l10n';
import { topLevelNodes } from '../syntax';
import type { Rule } from './rule';

const REPLACEMENT_CHARACTER = '\ufffd';

/**
 * U+FFFD is what an editor shows for bytes that are not valid UTF-8. systemd ignores assignments whose value is not
 * UTF-8, so point at the first one on each line outside comments.
 */
export const invalidUtf8: Rule = {
  code: 'invalid-utf8',
  severity: 'warning',
  title: 'Text that is not valid UTF-8',
  check({ file, report }) {
    if (!file.text.includes(REPLACEMENT_CHARACTER)) return;
    for (const node of topLevelNodes(file)) {
      if (node.kind === 'comment' || node.kind === 'blank') continue;
      const at = file.text.indexOf(REPLACEMENT_CHARACTER, node.offset);
      if (at >= 0 && at < node.offset + node.length) {
        report(
          { offset: at, length: 1 },
          l10n.t(
            'This line holds bytes that are not valid UTF-8 (shown as U+FFFD); systemd ignores such values. Save the file as UTF-8.',
          ),
        );
      }
    }
  },
};
