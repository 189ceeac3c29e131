import * as l10n from '@vscode/l10n';
import type { Rule, RuleContext, SeverityName } from './rule';
import { effectiveList, isTrue, lastValue, unitLevelAnchor } from './unitFacts';

const SERVICE_TYPES = new Set(['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle']);

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

    const execStart = effectiveList(context, 'Service', 'ExecStart');
    const execStop = effectiveList(context, 'Service', 'ExecStop');
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
