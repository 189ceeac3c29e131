import * as l10n from '@vscode/l10n';
import { directivesInSection, directivesNamed } from '../catalog';
import { closestMatches } from '../util/editDistance';
import type { Rule } from './rule';

/** A key systemd does not know anywhere: it logs "Unknown key" and skips the line. */
export const unknownDirective: Rule = {
  code: 'unknown-directive',
  severity: 'warning',
  title: 'A directive systemd does not know',
  check({ readSections, report }) {
    for (const section of readSections()) {
      // The section's names are only needed for suggestions, which most files never need.
      let here: string[] | undefined;
      for (const entry of section.entries) {
        if (entry.kind !== 'assignment' || entry.key.startsWith('X-')) continue;
        if (directivesNamed(entry.key).length > 0) continue; // known elsewhere: misplaced-directive says where
        const suggestions = closestMatches(
          entry.key,
          (here ??= directivesInSection(section.header.name).map((d) => d.name)),
        );
        const base = l10n.t(
          'Unknown directive "{0}" in [{1}]; systemd ignores this line.',
          entry.key,
          section.header.name,
        );
        if (suggestions.length === 0) {
          report(entry.keySpan, `${base} ${l10n.t('Prefix your own keys with "X-".')}`);
          continue;
        }
        report(entry.keySpan, `${base} ${l10n.t('Did you mean {0}?', suggestions.map((s) => `${s}=`).join(', '))}`, {
          fixes: suggestions.map((name) => ({
            title: l10n.t('Change to {0}=', name),
            changes: [{ offset: entry.keySpan.offset, length: entry.keySpan.length, newText: name }],
            preferred: suggestions.length === 1,
          })),
        });
      }
    }
  },
};
