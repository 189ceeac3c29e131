import * as l10n from '@vscode/l10n';
import { valueAccepted } from './invalidValue';
import type { Rule, RuleContext } from './rule';
import { assignmentsOf, effectiveList, isTrue, unitLevelAnchor } from './unitFacts';

interface Requirement {
  readonly section: string;
  readonly code: string;
  readonly keys: readonly string[];
  /** Booleans that make the unit fire when the value systemd ends up with is true. */
  readonly switches?: readonly string[];
  readonly message: string;
}

const REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  socket: {
    section: 'Socket',
    code: 'socket-without-listen',
    keys: [
      'ListenStream',
      'ListenDatagram',
      'ListenSequentialPacket',
      'ListenFIFO',
      'ListenSpecial',
      'ListenNetlink',
      'ListenMessageQueue',
      'ListenUSBFunction',
    ],
    message: 'This socket listens on nothing: add a Listen…= line such as ListenStream=. systemd refuses to load it.',
  },
  timer: {
    section: 'Timer',
    code: 'timer-without-trigger',
    keys: ['OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec', 'OnCalendar'],
    switches: ['OnClockChange', 'OnTimezoneChange'],
    message: 'This timer never fires: add OnCalendar= or an On…Sec= line. systemd refuses to load it.',
  },
  path: {
    section: 'Path',
    code: 'path-without-trigger',
    keys: ['PathExists', 'PathExistsGlob', 'PathChanged', 'PathModified', 'DirectoryNotEmpty'],
    message:
      'This path unit watches nothing: add PathExists=, PathChanged= or a similar line. systemd refuses to load it.',
  },
};

/** Whether a list directive keeps a value systemd takes: lines it ignores (a bad address, a relative path) do not count. */
function hasAcceptedValue(context: RuleContext, section: string, key: string): boolean {
  return effectiveList(context, section, key).some((entry) => valueAccepted(context, section, entry));
}

/** A boolean as systemd ends up with it: the last assignment it could read. */
function switchedOn(context: RuleContext, section: string, key: string): boolean {
  const read = assignmentsOf(context, section, key).filter((entry) => valueAccepted(context, section, entry));
  return isTrue(read[read.length - 1]?.value);
}

/**
 * Sockets, timers and path units must say what activates them, or systemd refuses them. Values systemd ignores do
 * not count (it refuses a socket whose only ListenStream= is invalid), and OnClockChange=no does not make a timer
 * fire. Drop-ins are not checked.
 */
export const activationTriggers: Rule = {
  code: 'socket-without-listen',
  severity: 'error',
  title: 'A socket unit with no Listen…= line',
  extraCodes: [
    { code: 'timer-without-trigger', severity: 'error', title: 'A timer unit with nothing that makes it fire' },
    { code: 'path-without-trigger', severity: 'error', title: 'A path unit that watches nothing' },
  ],
  check(context: RuleContext) {
    const { kind, report } = context;
    const requirement = kind.unitType && !kind.dropIn ? REQUIREMENTS[kind.unitType] : undefined;
    if (!requirement) return;
    const { section } = requirement;
    if (requirement.keys.some((key) => hasAcceptedValue(context, section, key))) return;
    if ((requirement.switches ?? []).some((key) => switchedOn(context, section, key))) return;
    const anchor = unitLevelAnchor(context, requirement.section);
    const written = requirement.keys.some((key) => effectiveList(context, section, key).length > 0);
    const message = written
      ? l10n.t(
          'systemd ignores every line here that would activate this unit (see the warnings on them), so it refuses to load it.',
        )
      : l10n.t(requirement.message);
    report(anchor ? anchor.nameSpan : { offset: 0, length: 0 }, message, { code: requirement.code });
  },
};
