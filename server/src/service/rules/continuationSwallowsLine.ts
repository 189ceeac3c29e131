import * as l10n from '@vscode/l10n';
import { directivesNamed } from '../catalog';
import type { Rule } from './rule';

const LOOKS_LIKE_ASSIGNMENT = /^\s*([A-Za-z][A-Za-z0-9]*)\s*=/;
const LOOKS_LIKE_HEADER = /^\s*\[[^\]]*\]\s*$/;

/**
 * A trailing backslash joins the next line even when it is a directive or a section header that the author meant
 * to stand on its own; comment lines in between do not stop it. systemd reads it all as one value, silently, so
 * this is information, like every other finding systemd itself does not report.
 */
export const continuationSwallowsLine: Rule = {
  code: 'continuation-swallows-line',
  severity: 'information',
  title: 'A line continuation that joins a directive or a section header to the line above',
  check({ file, readSections, report }) {
    for (const section of readSections()) {
      for (const entry of section.entries) {
        if (entry.kind !== 'assignment' || entry.lineCount < 2) continue;
        const text = file.text.slice(entry.offset, entry.offset + entry.length);
        const lineEnd = /\r\n|\n\r|\n|\r|\0/g;
        let lineStart = 0;
        for (let match = lineEnd.exec(text); lineStart < text.length; match = lineEnd.exec(text)) {
          const stop = match ? match.index : text.length;
          const line = text.slice(lineStart, stop);
          const start = entry.offset + lineStart;
          lineStart = match ? match.index + match[0].length : text.length;
          // The line with the "=" is the assignment itself, however many backslash lines lead into it.
          if (start <= entry.equalsOffset || /^\s*[#;]/.test(line)) continue;
          const key = LOOKS_LIKE_ASSIGNMENT.exec(line)?.[1];
          if ((key && directivesNamed(key).length > 0) || LOOKS_LIKE_HEADER.test(line)) {
            report(
              { offset: start, length: line.length },
              l10n.t(
                'This line is joined to {0}= above by a trailing backslash, so systemd reads it as part of that value.',
                entry.key,
              ),
            );
          }
        }
      }
    }
  },
};
