import * as l10n from '@vscode/l10n';
import type { AssignmentNode } from '../syntax';
import { commandsKept } from '../values/extra-exec';
import { valueFindings } from './invalidValue';
import type { Rule, RuleContext, SeverityName } from './rule';
import { effectiveList, isTrue, lastValue, unitLevelAnchor } from './unitFacts';

const SERVICE_TYPES = new Set(['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle']);

/** A command line and how many commands systemd keeps of it (several with `;`, none when it ignores the line). */
interface CommandLine {
  readonly node: AssignmentNode;
  readonly commands: number;
}

/** The command lines of a list that still count, without those systemd ignores (`-foo/bar`, an open quote). */
function commandsOf(context: RuleContext, key: string): CommandLine[] {
  return effectiveList(context, 'Service', key)
    .map((node) => ({ node, commands: commandsKept(node.value, valueFindings(context, 'Service', node)) }))
    .filter((line) => line.commands > 0);
}

/**
 * The checks systemd makes on a service before it agrees to load it (service_verify()): it needs something to run,
 * only oneshot services may have several ExecStart= lines or none, and so on. Each failure makes systemd refuse the
 * unit. Drop-ins are not checked: the unit they extend may set what is missing.
 */
export const serviceCommands: Rule = {
  code: 'missing-exec-start',
  severity: 'error',
  title: 'A service with nothing to run',
  extraCodes: [
    {
      code: 'exec-start-needs-oneshot',
      severity: 'error',
      title: 'A service without ExecStart= that is not Type=oneshot',
    },
    {
      code: 'missing-remain-after-exit',
      severity: 'error',
      title: 'A service with only ExecStop= and no RemainAfterExit=yes',
    },
    {
      code: 'multiple-exec-start',
      severity: 'error',
      title: 'Several ExecStart= lines in a service that is not Type=oneshot',
    },
    { code: 'oneshot-restart', severity: 'error', title: 'Restart=always or on-success with Type=oneshot' },
    { code: 'dbus-without-bus-name', severity: 'error', title: 'Type=dbus without BusName=' },
  ],
  check(context: RuleContext) {
    const { kind, report } = context;
    if (kind.unitType !== 'service' || kind.dropIn) return;
    const anchor = unitLevelAnchor(context, 'Service');
    const at = anchor ? anchor.nameSpan : { offset: 0, length: 0 };
    const fail = (code: string, message: string, severity: SeverityName = 'error') =>
      report(at, message, { code, severity });

    const startLines = commandsOf(context, 'ExecStart');
    const execStart = startLines.map((line) => line.node);
    const startCommands = startLines.reduce((sum, line) => sum + line.commands, 0);
    const execStop = commandsOf(context, 'ExecStop');
    const successAction = lastValue(context, 'Unit', 'SuccessAction');
    const hasSuccessAction = successAction !== undefined && successAction !== 'none';
    const busName = lastValue(context, 'Service', 'BusName');
    const written = lastValue(context, 'Service', 'Type');
    const type =
      written && SERVICE_TYPES.has(written) ? written : busName ? 'dbus' : execStart.length > 0 ? 'simple' : 'oneshot';

    if (execStart.length === 0 && execStop.length === 0 && !hasSuccessAction) {
      fail(
        'missing-exec-start',
        l10n.t('This service has no ExecStart=, ExecStop= or SuccessAction=, so systemd refuses to load it.'),
      );
      return;
    }
    if (execStart.length === 0 && type !== 'oneshot') {
      fail(
        'exec-start-needs-oneshot',
        l10n.t('Only Type=oneshot services may go without ExecStart=; systemd refuses to load this one.'),
      );
    }
    if (execStart.length === 0 && !hasSuccessAction && !isTrue(lastValue(context, 'Service', 'RemainAfterExit'))) {
      fail(
        'missing-remain-after-exit',
        l10n.t(
          'A service with no ExecStart= needs RemainAfterExit=yes (or a SuccessAction=); systemd refuses to load it.',
        ),
      );
    }
    if (execStart.length === 1 && startCommands > 1 && type !== 'oneshot') {
      report(
        execStart[0]!.keySpan,
        l10n.t(
          'This ExecStart= holds several commands separated by `;`, which only Type=oneshot services may have; systemd refuses to load this one.',
        ),
        { code: 'multiple-exec-start' },
      );
    }
    if (execStart.length > 1 && type !== 'oneshot') {
      report(
        execStart[1]!.keySpan,
        l10n.t('Only Type=oneshot services may have several ExecStart= lines; systemd refuses to load this one.'),
        {
          code: 'multiple-exec-start',
          related: execStart
            .slice(0, 1)
            .map((node) => ({ span: node.keySpan, message: l10n.t('The first ExecStart=') })),
        },
      );
    }
    const restart = lastValue(context, 'Service', 'Restart');
    if (type === 'oneshot' && (restart === 'always' || restart === 'on-success')) {
      fail(
        'oneshot-restart',
        l10n.t(
          'Restart={0} is not allowed with Type=oneshot; systemd refuses to load this service. Use Restart=on-failure.',
          restart,
        ),
      );
    }
    if (type === 'dbus' && !busName) {
      fail('dbus-without-bus-name', l10n.t('Type=dbus needs BusName=; systemd refuses to load this service.'));
    }
  },
};
