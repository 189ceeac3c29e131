import * as l10n from '@vscode/l10n';
import { ALL_SECTIONS, unitTypeOfSection } from '../catalog/unitTypes';
import type { Rule } from './rule';

/** systemd skips a section it does not read in this unit type, with everything in it, and logs a warning. */
export const unknownSection: Rule = {
  code: 'unknown-section',
  severity: 'warning',
  title: 'A section systemd does not read in this unit type',
  check({ file, kind, sections, report }) {
    for (const { header } of file.sections) {
      const name = header.name;
      if (header.problem !== undefined || sections.has(name) || name.startsWith('X-')) continue;
      const owner = unitTypeOfSection(name);
      const sameLetters = [...sections].find((known) => known.toLowerCase() === name.trim().toLowerCase());
      let message: string;
      if (sameLetters) {
        message = l10n.t(
          'Unknown section [{0}]: section names are case-sensitive and must match exactly. Did you mean [{1}]? systemd ignores this section.',
          name,
          sameLetters,
        );
      } else if (owner && kind.unitType) {
        message = l10n.t(
          'The [{0}] section belongs in .{1} units; systemd ignores it, and everything in it, in a .{2} file.',
          name,
          owner,
          kind.unitType,
        );
      } else if (ALL_SECTIONS.includes(name)) {
        message = l10n.t('systemd does not read a [{0}] section in this kind of file and ignores it.', name);
      } else {
        message = l10n.t(
          'Unknown section [{0}]; systemd ignores it and everything in it. Name your own sections with an "X-" prefix.',
          name,
        );
      }
      report(header.nameSpan.length > 0 ? header.nameSpan : header.contentSpan, message);
    }
  },
};
