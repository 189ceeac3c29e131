import * as l10n from '@vscode/l10n';
import type { AssignmentNode } from '../syntax';
import { unitNameProblem } from '../values/structuredKinds';
import { addToSection } from './edits';
import type { Rule, RuleContext } from './rule';
import { distinctWords, effectiveList, lastValue } from './unitFacts';

/** The unit names of a list directive, with the assignment each came from. */
function unitsIn(nodes: readonly AssignmentNode[]): Map<string, AssignmentNode> {
  const units = new Map<string, AssignmentNode>();
  for (const node of nodes) for (const unit of distinctWords(node.value)) units.set(unit, node);
  return units;
}

const ORDERED_ANYWAY = /\.(target|slice|device)$/;

/**
 * Requires=/Wants= pull a unit in but start it at the same time; without After= the two race. systemd accepts it, so
 * this is information, with a fix that adds the ordering. Targets, slices and devices are left out: a target's
 * ordering is usually set up by the target, and slices and devices order themselves.
 */
export const dependencyOrdering: Rule = {
  code: 'dependency-without-order',
  severity: 'information',
  title: 'Requires= or Wants= on a unit without After= or Before= on it',
  extraCodes: [
    {
      code: 'network-online-without-wants',
      severity: 'information',
      title: 'After=network-online.target without Wants=network-online.target',
    },
  ],
  check(context: RuleContext) {
    const { file, report } = context;
    const ordered = new Set([
      ...unitsIn(effectiveList(context, 'Unit', 'After')).keys(),
      ...unitsIn(effectiveList(context, 'Unit', 'Before')).keys(),
    ]);
    const pulled = new Map([
      ...unitsIn(effectiveList(context, 'Unit', 'Wants')),
      ...unitsIn(effectiveList(context, 'Unit', 'Requires')),
    ]);
    // A target orders itself after what it pulls in (its default dependencies), unless told not to.
    const target = context.kind.unitType === 'target';
    const defaultDependencies = lastValue(context, 'Unit', 'DefaultDependencies');
    const selfOrdered = target && !/^(0|no|n|false|f|off)$/i.test(defaultDependencies ?? 'yes');
    for (const [unit, node] of selfOrdered ? [] : pulled) {
      // A name that is not a unit name is skipped by systemd (invalid-unit-name says so); no After= to add for it.
      if (ordered.has(unit) || ORDERED_ANYWAY.test(unit) || unit.includes('%') || unitNameProblem(unit)) continue;
      report(
        node.valueSpan,
        l10n.t(
          '{0}= {1} starts it at the same time as this unit; add After={1} if this unit needs it running first.',
          node.key,
          unit,
        ),
        {
          fixes: [
            {
              title: l10n.t('Add After={0}', unit),
              changes: [addToSection(file, 'Unit', `After=${unit}`)],
              preferred: true,
            },
          ],
        },
      );
    }
    const afterOnline = effectiveList(context, 'Unit', 'After').find((node) =>
      distinctWords(node.value).has('network-online.target'),
    );
    if (afterOnline && !pulled.has('network-online.target')) {
      report(
        afterOnline.valueSpan,
        l10n.t(
          'After=network-online.target only orders: without Wants=network-online.target nothing waits for the network to be up.',
        ),
        {
          code: 'network-online-without-wants',
          fixes: [
            {
              title: l10n.t('Add Wants=network-online.target'),
              changes: [addToSection(file, 'Unit', 'Wants=network-online.target')],
              preferred: true,
            },
          ],
        },
      );
    }
  },
};
