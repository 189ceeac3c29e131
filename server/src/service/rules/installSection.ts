import * as l10n from '@vscode/l10n';
import { addToSection } from './edits';
import type { Rule } from './rule';

const TARGET_FOR: Readonly<Record<string, string>> = { timer: 'timers.target', socket: 'sockets.target' };

/**
 * A timer or socket does nothing until it is started, and `systemctl enable` needs an [Install] section to start it
 * at boot. systemd accepts the file, so this is information, with a fix that adds the usual target.
 */
export const installSection: Rule = {
  code: 'missing-install-section',
  severity: 'information',
  title: 'A timer or socket unit with no [Install] section',
  check({ file, kind, readSections, report }) {
    const target = kind.unitType && !kind.dropIn ? TARGET_FOR[kind.unitType] : undefined;
    if (!target || readSections().some((section) => section.header.name === 'Install')) return;
    const own = readSections().find((section) => section.header.name.toLowerCase() === kind.unitType);
    if (!own) return;
    report(
      own.header.nameSpan,
      l10n.t(
        'Without an [Install] section `systemctl enable` cannot start this .{0} at boot. Add WantedBy={1}.',
        kind.unitType!,
        target,
      ),
      {
        fixes: [
          {
            title: l10n.t('Add [Install] with WantedBy={0}', target),
            changes: [addToSection(file, 'Install', `WantedBy=${target}`)],
            preferred: true,
          },
        ],
      },
    );
  },
};
