import * as l10n from '@vscode/l10n';
import type { Rule, RuleContext } from './rule';
import { effectiveList, unitLevelAnchor } from './unitFacts';

interface Requirement {
  readonly section: string;
  readonly code: string;
  readonly keys: readonly string[];
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
    keys: [
      'OnActiveSec',
      'OnBootSec',
      'OnStartupSec',
      'OnUnitActiveSec',
      'OnUnitInactiveSec',
      'OnCalendar',
      'OnClockChange',
      'OnTimezoneChange',
    ],
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

/** Sockets, timers and path units must say what activates them, or systemd refuses them. Drop-ins are not checked. */
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
    if (requirement.keys.some((key) => effectiveList(context, requirement.section, key).length > 0)) return;
    const anchor = unitLevelAnchor(context, requirement.section);
    report(anchor ? anchor.nameSpan : { offset: 0, length: 0 }, l10n.t(requirement.message), {
      code: requirement.code,
    });
  },
};
