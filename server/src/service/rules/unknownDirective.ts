import * as l10n from '@vscode/l10n';
import { directivesInSection, directivesNamed } from '../catalog';
import { closestMatches } from '../util/editDistance';
import type { Rule } from './rule';

/**
 * Suggestions by section and key. While a file is edited, each validation meets the same unknown keys again; a
 * short key is worth remembering (a long one is ruled out by its length at once), and the memory stays bounded.
 */
const SUGGESTIONS = new Map<string, readonly string[]>();
const REMEMBERED_KEY_LENGTH = 64;
const REMEMBERED_KEYS = 2000;

function suggestionsFor(section: string, key: string): readonly string[] {
  const id = `${section}\n${key}`;
  const known = SUGGESTIONS.get(id);
  if (known) return known;
  const found = closestMatches(
    key,
    directivesInSection(section).map((directive) => directive.name),
  );
  if (key.length <= REMEMBERED_KEY_LENGTH && section.length <= REMEMBERED_KEY_LENGTH) {
    if (SUGGESTIONS.size >= REMEMBERED_KEYS) SUGGESTIONS.clear();
    SUGGESTIONS.set(id, found);
  }
  return found;
}

/** A key systemd does not know anywhere: it logs "Unknown key" and skips the line. */
export const unknownDirective: Rule = {
  code: 'unknown-directive',
  severity: 'warning',
  title: 'A directive systemd does not know',
  check({ readSections, report }) {
    for (const section of readSections()) {
      for (const entry of section.entries) {
        if (entry.kind !== 'assignment' || entry.key.startsWith('X-')) continue;
        if (directivesNamed(entry.key).length > 0) continue; // known elsewhere: misplaced-directive says where
        const suggestions = suggestionsFor(section.header.name, entry.key);
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
