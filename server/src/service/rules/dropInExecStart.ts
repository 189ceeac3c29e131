import * as l10n from '@vscode/l10n';
import type { Rule, RuleContext } from './rule';
import { assignmentsOf } from './unitFacts';

/**
 * A drop-in adds to the unit's ExecStart= list. Unless it clears the list first with an empty `ExecStart=`, a
 * service ends up with two commands, which systemd refuses for anything but Type=oneshot. The unit itself is not in
 * view here (its Type= and its own ExecStart= decide), so this is information.
 */
export const dropInExecStart: Rule = {
  code: 'exec-start-without-reset',
  severity: 'information',
  title: 'A drop-in that sets ExecStart= without clearing it first',
  check(context: RuleContext) {
    const { kind, report, file } = context;
    if (!kind.dropIn || kind.unitType !== 'service') return;
    const all = assignmentsOf(context, 'Service', 'ExecStart');
    const first = all[0];
    if (!first || first.value === '') return;
    if (assignmentsOf(context, 'Service', 'Type').some((node) => node.value === 'oneshot')) return;
    const eol = /\r\n/.test(file.text) ? '\r\n' : '\n';
    report(
      first.keySpan,
      l10n.t(
        'A drop-in adds this command to the ones the unit already has; put an empty "ExecStart=" line before it to replace them.',
      ),
      {
        fixes: [
          {
            title: l10n.t('Insert "ExecStart=" to clear the earlier command'),
            changes: [{ offset: first.offset, length: 0, newText: `ExecStart=${eol}` }],
            preferred: true,
          },
        ],
      },
    );
  },
};
