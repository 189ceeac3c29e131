import * as l10n from '@vscode/l10n';
import { directivesNamed } from '../catalog';
import { unitTypeOfSection } from '../catalog/unitTypes';
import { addToSection, linesOf, removeLines } from './edits';
import type { Rule } from './rule';

/** A directive systemd knows, but not in this section: it logs "Unknown key" and skips the line. */
export const misplacedDirective: Rule = {
  code: 'misplaced-directive',
  severity: 'warning',
  title: 'A directive in a section where systemd does not read it',
  check({ file, kind, sections, readSections, report }) {
    for (const section of readSections()) {
      const here = section.header.name;
      for (const entry of section.entries) {
        if (entry.kind !== 'assignment' || entry.key.startsWith('X-')) continue;
        const known = directivesNamed(entry.key);
        if (known.length === 0 || known.some((d) => d.sections.includes(here))) continue;
        const homes = [...new Set(known.flatMap((d) => d.sections))];
        const target = homes.find((s) => sections.has(s));
        if (target) {
          report(
            entry.keySpan,
            l10n.t('{0}= belongs in [{1}], not [{2}]; systemd ignores it here.', entry.key, target, here),
            {
              // A line continued into the end of the file would, moved up, continue into the line after it.
              fixes: entry.continuedAtEndOfFile
                ? []
                : [
                    {
                      title: l10n.t('Move {0}= to [{1}]', entry.key, target),
                      changes: [removeLines(entry), addToSection(file, target, linesOf(file, entry))],
                      preferred: true,
                    },
                  ],
            },
          );
          continue;
        }
        const owners = homes.map((s) => {
          const type = unitTypeOfSection(s);
          return type ? `[${s}] (.${type})` : `[${s}]`;
        });
        report(
          entry.keySpan,
          l10n.t(
            '{0}= is a setting of {1}; a {2} file cannot use it, and systemd ignores this line.',
            entry.key,
            owners.join(', '),
            kind.unitType ? `.${kind.unitType}` : l10n.t('unit'),
          ),
        );
      }
    }
  },
};
