import * as l10n from '@vscode/l10n';
import type { Rule, RuleContext } from './rule';
import { distinctWords, effectiveList } from './unitFacts';

/** Targets only the system manager has; a user unit wanted by one is never started by `systemctl --user enable`. */
const SYSTEM_ONLY_TARGETS = new Set(['multi-user.target', 'graphical.target', 'sysinit.target', 'rescue.target']);

export const userUnitTarget: Rule = {
  code: 'user-unit-system-target',
  severity: 'information',
  title: 'A user unit wanted by a target only the system manager has',
  check(context: RuleContext) {
    if (!context.kind.userUnit) return;
    for (const node of effectiveList(context, 'Install', 'WantedBy')) {
      const target = [...distinctWords(node.value)].find((unit) => SYSTEM_ONLY_TARGETS.has(unit));
      if (!target) continue;
      context.report(
        node.valueSpan,
        l10n.t(
          '{0} exists only in the system manager; a user unit that should start at login wants default.target.',
          target,
        ),
        {
          fixes: [
            {
              title: l10n.t('Use default.target'),
              changes: [
                {
                  offset: node.valueSpan.offset + node.value.indexOf(target),
                  length: target.length,
                  newText: 'default.target',
                },
              ],
              preferred: true,
            },
          ],
        },
      );
    }
  },
};
