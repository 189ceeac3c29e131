/**
 * Calendar events for the rest of the service: the value checker for OnCalendar= (config_parse_timer() in
 * src/core/load-fragment.c logs a bad event and ignores the line, hence a warning) and the preview the hover shows,
 * laid out as `systemd-analyze calendar --iterations=5` prints it. The parts live in calendar-spec.ts (reading and
 * printing), calendar-next.ts (next elapse) and calendar-time.ts (time zones).
 */
import type { ValueChecker, ValueCode, ValueFinding } from './checker';
import { nextElapses } from './calendar-next';
import { parseCalendar, type CalendarOptions, type CalendarParse } from './calendar-spec';
import { checkSpecifiers } from './structuredKinds';
import { hostZoneName, localFields, UTC_ZONE, zoneRules, type ZoneRules } from './calendar-time';

export { parseCalendar, formatCalendar, isKnownTimeZone, type CalendarSpec } from './calendar-spec';
export { nextElapse, nextElapses } from './calendar-next';

export const CALENDAR_CODES: readonly ValueCode[] = [
  { code: 'invalid-calendar', severity: 'warning', title: 'A calendar event systemd cannot read' },
  {
    code: 'calendar-zone-abbreviation',
    severity: 'information',
    title: 'A calendar event ending in a zone abbreviation, valid only where it names the local zone',
  },
];

/** The machine's zone as the service sees it: its rules and its C tzname pair (standard, daylight-saving). */
export interface LocalZone {
  readonly rules: ZoneRules;
  readonly names: readonly [string, string];
}

let host: LocalZone | undefined;

/** The zone of the computer the service runs on, taken as the machine's the timer will run on. */
export function hostZone(): LocalZone {
  return (host ??= localZoneOf(hostZoneName()));
}

/** Whether the zone is UTC under any of its names (`UTC`, `Etc/UTC`, `Zulu`, …). */
export function isUtcZone(rules: ZoneRules): boolean {
  return rules.offsetAt === UTC_ZONE.offsetAt;
}

/** A zone by IANA name, with abbreviations guessed from Intl (letters only, as tzname holds them). */
export function localZoneOf(name: string): LocalZone {
  const rules = zoneRules(name) ?? UTC_ZONE;
  if (isUtcZone(rules)) {
    return { rules, names: ['UTC', 'UTC'] };
  }
  const year = new Date().getUTCFullYear();
  const january = Date.UTC(year, 0, 1) / 1000;
  const july = Date.UTC(year, 6, 1) / 1000;
  const [standardAt, summerAt] = rules.dstAt(january) ? [july, january] : [january, july];
  const word = (at: number) => {
    const name = rules.abbreviationAt(at);
    return /^[A-Za-z]+$/.test(name) ? name : '';
  };
  const standard = word(standardAt);
  const summer = rules.dstAt(summerAt) ? word(summerAt) : standard;
  return { rules, names: [standard, summer] };
}

function hasSpecifiers(value: string): boolean {
  return /%[^%]/.test(value.replace(/%%/g, ''));
}

function finding(code: string, message: string, offset: number, length: number): ValueFinding {
  const severity = CALENDAR_CODES.find((c) => c.code === code)?.severity ?? 'warning';
  return { code, severity, message, offset, length };
}

/** Reads a calendar event with the host's zone names. */
export function parseCalendarHere(text: string, options: CalendarOptions = {}): CalendarParse {
  return parseCalendar(text, { localNames: options.localNames ?? hostZone().names });
}

/** OnCalendar=: what systemd logs and ignores is a warning; unknown specifiers are reported as such. */
export const checkCalendar: ValueChecker = (value) => {
  if (value.length === 0) return [];
  // Specifiers are resolved first; one systemd does not know makes it ignore the line.
  const specifiers = checkSpecifiers(value, { severity: 'warning' }).filter((f) => f.code === 'unknown-specifier');
  if (specifiers.length > 0) return specifiers;
  if (hasSpecifiers(value)) return [];
  const text = value.replace(/%%/g, '%');
  const parsed = parseCalendarHere(text);
  if (parsed.ok) return [];
  const lastSpace = text.lastIndexOf(' ');
  const lastWord = text.slice(lastSpace + 1);
  // Zone abbreviations are written in capitals (CEST, EDT); a lower-case word is more likely a typo.
  if (lastSpace > 0 && /^[A-Z]{2,6}$/.test(lastWord) && parseCalendarHere(text.slice(0, lastSpace)).ok) {
    return [
      finding(
        'calendar-zone-abbreviation',
        `systemd takes \`${lastWord}\` only on a machine whose local time zone is called so; elsewhere it ignores this line. An IANA name such as Europe/Berlin, or UTC, works everywhere.`,
        lastSpace + 1,
        lastWord.length,
      ),
    ];
  }
  const exact = text === value;
  // A problem found at the very end (a value cut short) points at its last character, inside the value.
  const offset = exact ? Math.min(parsed.offset, value.length - 1) : 0;
  const length = exact ? Math.min(Math.max(parsed.length, 1), value.length - offset) : value.length;
  return [
    finding(
      'invalid-calendar',
      `Not a calendar event systemd can read: ${parsed.message}. systemd ignores this line.`,
      offset,
      length,
    ),
  ];
};

// ----------------------------------------------------------------------------------------------- preview

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const USEC_PER_SEC = 1_000_000;
const USEC_PER_MINUTE = 60 * USEC_PER_SEC;
const USEC_PER_HOUR = 60 * USEC_PER_MINUTE;
const USEC_PER_DAY = 24 * USEC_PER_HOUR;
const USEC_PER_WEEK = 7 * USEC_PER_DAY;
const USEC_PER_MONTH = 2_629_800 * USEC_PER_SEC;
const USEC_PER_YEAR = 31_557_600 * USEC_PER_SEC;

const two = (n: number) => String(n).padStart(2, '0');

/** A timestamp as systemd prints it: `Mon 2024-04-01 02:30:00 CEST`. */
export function formatTimestamp(usec: number, zone: ZoneRules): string {
  const seconds = Math.floor(usec / USEC_PER_SEC);
  const f = localFields(zone, seconds);
  const name = isUtcZone(zone) ? 'UTC' : zone.abbreviationAt(seconds);
  return (
    `${WEEKDAY_NAMES[f.weekday]} ${String(f.year).padStart(4, '0')}-${two(f.month + 1)}-${two(f.day)} ` +
    `${two(f.hour)}:${two(f.minute)}:${two(f.second)} ${name}`
  );
}

/** How far a time is from now, in systemd's words (`1 day 3h left`, `5min 2s left`). */
export function formatFromNow(usec: number, nowUsec: number): string {
  const ago = nowUsec > usec;
  const d = Math.abs(usec - nowUsec);
  const suffix = ago ? 'ago' : 'left';
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const floor = (a: number, b: number) => Math.floor(a / b);
  if (d >= USEC_PER_YEAR) {
    return `${plural(floor(d, USEC_PER_YEAR), 'year', 'years')} ${plural(floor(d % USEC_PER_YEAR, USEC_PER_MONTH), 'month', 'months')} ${suffix}`;
  }
  if (d >= USEC_PER_MONTH) {
    return `${plural(floor(d, USEC_PER_MONTH), 'month', 'months')} ${plural(floor(d % USEC_PER_MONTH, USEC_PER_DAY), 'day', 'days')} ${suffix}`;
  }
  if (d >= USEC_PER_WEEK) {
    return `${plural(floor(d, USEC_PER_WEEK), 'week', 'weeks')} ${plural(floor(d % USEC_PER_WEEK, USEC_PER_DAY), 'day', 'days')} ${suffix}`;
  }
  if (d >= 2 * USEC_PER_DAY) return `${floor(d, USEC_PER_DAY)} days ${suffix}`;
  if (d >= 25 * USEC_PER_HOUR) return `1 day ${floor(d - USEC_PER_DAY, USEC_PER_HOUR)}h ${suffix}`;
  if (d >= 6 * USEC_PER_HOUR) return `${floor(d, USEC_PER_HOUR)}h ${suffix}`;
  if (d >= USEC_PER_HOUR)
    return `${floor(d, USEC_PER_HOUR)}h ${floor(d % USEC_PER_HOUR, USEC_PER_MINUTE)}min ${suffix}`;
  if (d >= 5 * USEC_PER_MINUTE) return `${floor(d, USEC_PER_MINUTE)}min ${suffix}`;
  if (d >= USEC_PER_MINUTE) {
    return `${floor(d, USEC_PER_MINUTE)}min ${floor(d % USEC_PER_MINUTE, USEC_PER_SEC)}s ${suffix}`;
  }
  if (d >= USEC_PER_SEC) return `${floor(d, USEC_PER_SEC)}s ${suffix}`;
  if (d >= 1000) return `${floor(d, 1000)}ms ${suffix}`;
  if (d > 0) return `${d}us ${suffix}`;
  return 'now';
}

export interface PreviewOptions {
  /** Microseconds since the epoch; default: the current time. */
  readonly nowUsec?: number;
  /** The machine's zone; default: the host's. */
  readonly zone?: LocalZone;
  readonly iterations?: number;
}

/**
 * The lines `systemd-analyze calendar --iterations=N` prints for a valid event, or undefined for one systemd
 * cannot read. Values with unresolved specifiers are not previewed.
 */
export function calendarPreview(value: string, options: PreviewOptions = {}): string[] | undefined {
  if (hasSpecifiers(value)) return undefined;
  const text = value.replace(/%%/g, '%');
  const zone = options.zone ?? hostZone();
  const parsed = parseCalendar(text, { localNames: zone.names });
  if (!parsed.ok) return undefined;
  const now = options.nowUsec ?? Date.now() * 1000;
  const rows: [string, string][] = [];
  if (parsed.normalized !== text) rows.push(['Original form:', text]);
  rows.push(['Normalized form:', parsed.normalized]);
  const inUtc = isUtcZone(zone.rules);
  const { times, end } = nextElapses(parsed.spec, now, options.iterations ?? 5, { local: zone.rules });
  times.forEach((time, i) => {
    rows.push([i === 0 ? 'Next elapse:' : `Iter. #${i + 1}:`, formatTimestamp(time, zone.rules)]);
    if (!inUtc) rows.push(['(in UTC):', formatTimestamp(time, UTC_ZONE)]);
    rows.push(['From now:', formatFromNow(time, now)]);
  });
  if (times.length === 0 && end) {
    const why =
      end.reason === 'never'
        ? 'never'
        : end.reason === 'zone'
          ? `unknown here (the time zone ${parsed.spec.timezone ?? ''} is not known to this editor)`
          : 'systemd gives up computing it';
    rows.push(['Next elapse:', why]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, text]) => `${label.padStart(width)} ${text}`);
}
