import * as l10n from '@vscode/l10n';
import { findDirective } from '../catalog';
import type { Rule } from './rule';

/** With `systemdUnits.systemdVersion` set, a directive added later is unknown to that systemd: it skips the line. */
export const directiveTooNew: Rule = {
  code: 'directive-too-new',
  severity: 'warning',
  title: 'A directive newer than the configured systemd version',
  check({ settings, readSections, report }) {
    const version = settings.systemdVersion;
    if (version === 'latest') return;
    for (const section of readSections()) {
      for (const entry of section.entries) {
        if (entry.kind !== 'assignment') continue;
        const directive = findDirective(section.header.name, entry.key);
        if (!directive || directive.gate <= version) continue;
        report(
          entry.keySpan,
          l10n.t(
            '{0}= came with systemd {1}; systemd {2} does not know it and ignores this line.',
            entry.key,
            directive.gate,
            version,
          ),
        );
      }
    }
  },
};
