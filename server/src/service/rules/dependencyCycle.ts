import * as l10n from '@vscode/l10n';
import type { Rule, RuleContext } from './rule';

/**
 * After= and Before= among the units of the workspace and the machine that form a loop. systemd loads every unit,
 * but when it starts them it finds the cycle, logs it, and drops a start job to break it, so a unit of the cycle may
 * not start. Reported on the ordering in this file that begins the loop.
 */
export const dependencyCycle: Rule = {
  code: 'dependency-cycle',
  severity: 'warning',
  title: 'After=/Before= orderings that form a cycle',
  check(context: RuleContext) {
    const cycles = context.workspace?.orderingCycles?.();
    if (!cycles) return;
    for (const cycle of cycles) {
      context.report(
        cycle.span,
        l10n.t(
          'Ordering cycle: {0} (each one ordered after the next). systemd breaks such a loop at start-up by dropping a job, so one of these units may not start.',
          cycle.units.join(' → '),
        ),
      );
    }
  },
};
