import * as l10n from '@vscode/l10n';
import { unitNameProblem } from '../values/structuredKinds';
import { expandUnitSpecifiers, isTemplate, unitReferences } from '../workspace/references';
import type { Rule, RuleContext } from './rule';

/**
 * Settings whose units are not looked up: Alias= gives this unit more names, and an ordering or a conflict with a
 * unit that is not there does nothing, which files written for many systems rely on (`After=NetworkManager.service
 * connman.service`).
 */
const NOT_LOOKED_UP = new Set(['Alias', 'After', 'Before', 'Conflicts']);

/**
 * A unit named in a dependency, a trigger or [Install] that is nowhere to be found: not in the workspace, not among the
 * units systemd defines itself, not in the unit directories of this machine. systemd loads the unit anyway (the
 * dependency just fails, or is ignored for Wants=), so this is information. Only the editor's server, whose index
 * covers the machine, runs it: without an index nothing can be concluded from a unit's absence.
 */
export const unitNotFound: Rule = {
  code: 'unit-not-found',
  severity: 'information',
  title: 'A unit named here that is found neither in the workspace nor on this machine',
  check(context: RuleContext) {
    const exists = context.workspace?.unitExists;
    if (!exists) return;
    const own = context.kind.unitName;
    for (const reference of unitReferences(context.file, context.kind)) {
      if (NOT_LOOKED_UP.has(reference.key)) continue;
      // A template file's `%i` stands for every instance: nothing to look up.
      if (reference.name.includes('%') && own !== undefined && isTemplate(own)) continue;
      const name = expandUnitSpecifiers(reference.name, context.kind.dropIn ? undefined : own);
      if (!name || unitNameProblem(name) !== undefined || exists(name)) continue;
      context.report(
        reference.span,
        l10n.t(
          "{0} is not in the workspace, not one of systemd's own units and not installed on this machine. Check the name, or ignore this if the unit is installed where this file will run.",
          name,
        ),
      );
    }
  },
};
