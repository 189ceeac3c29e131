/**
 * Calendar events (`OnCalendar=`, systemd.time(7)) read, checked and printed as systemd 252 does it
 * (calendar_spec_from_string() and calendar_spec_to_string() in src/shared/calendarspec.c): the same accepted
 * forms, the same normalised text, and for what it refuses a reason a person can act on.
 */
import { utcFields } from './calendar-time';
import { ZONE_NAMES } from './calendar-zones';
import { ownValue } from '../util/ownValue';

/** One item of a comma-separated list: `start`, `start..stop`, `start/repeat` or `start..stop/repeat`. */
export interface CalendarComponent {
  readonly start: number;
  /** -1 when there is no range. */
  readonly stop: number;
  /** 0 when nothing repeats. */
  readonly repeat: number;
}

/** A list of components; undefined is `*` (any value). Seconds are kept in microseconds. */
export type CalendarChain = readonly CalendarComponent[] | undefined;

export interface CalendarSpec {
  /** Bit 0 is Monday … bit 6 Sunday; -1 for every day. */
  readonly weekdays: number;
  readonly year: CalendarChain;
  readonly month: CalendarChain;
  /** Days of the month, or with `endOfMonth` days counted back from its end (1 is the last day). */
  readonly day: CalendarChain;
  readonly endOfMonth: boolean;
  readonly hour: CalendarChain;
  readonly minute: CalendarChain;
  /** Seconds in microseconds. */
  readonly second: CalendarChain;
  /** Computed in UTC. */
  readonly utc: boolean;
  /** An IANA time zone the event is computed in. */
  readonly timezone: string | undefined;
  /** 0 or 1 when the event named the machine's own standard or daylight-saving zone; else -1. */
  readonly dst: number;
  /** The name that was given for `dst` (the machine's tzname). */
  readonly dstName: string | undefined;
}

export interface CalendarOptions {
  /**
   * The machine's own zone names (C tzname: standard, daylight-saving). systemd takes an event ending in one of
   * them as "this zone in standard (or daylight-saving) time". Default: none.
   */
  readonly localNames?: readonly [string, string];
}

export type CalendarParse =
  | { readonly ok: true; readonly spec: CalendarSpec; readonly normalized: string }
  | {
      readonly ok: false;
      readonly message: string;
      /** Where in the text the problem is (offset, length), as well as it can be told. */
      readonly offset: number;
      readonly length: number;
    };

const USEC_PER_SEC = 1_000_000;
const INT_MAX = 2147483647;
const MAX_COMPONENTS = 241;
export const MIN_YEAR = 1970;
export const MAX_YEAR = 2199;

const WEEKDAY_NAMES: readonly (readonly [string, number])[] = [
  ['monday', 0],
  ['mon', 0],
  ['tuesday', 1],
  ['tue', 1],
  ['wednesday', 2],
  ['wed', 2],
  ['thursday', 3],
  ['thu', 3],
  ['friday', 4],
  ['fri', 4],
  ['saturday', 5],
  ['sat', 5],
  ['sunday', 6],
  ['sun', 6],
];
const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

let zoneSet: ReadonlySet<string> | undefined;

/**
 * Whether systemd takes the word as a time zone: `UTC`, or a file under /usr/share/zoneinfo (the tzdata names,
 * also under `posix/` and `right/`, and `posixrules`, `localtime`). Names are case-sensitive, as file names are.
 */
export function isKnownTimeZone(name: string): boolean {
  if (name === 'UTC') return true;
  if (!/^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  zoneSet ??= new Set([...ZONE_NAMES.split(/\s+/).filter(Boolean), 'posixrules', 'localtime']);
  if (zoneSet.has(name)) return true;
  const prefix = name.slice(0, 6);
  return (prefix === 'posix/' || prefix === 'right/') && zoneSet.has(name.slice(6)) && name.slice(6) !== 'localtime';
}

class CalendarError {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly length: number,
  ) {}
}

function endsWithFolded(text: string, word: string): boolean {
  return text.length >= word.length && text.slice(text.length - word.length).toLowerCase() === word.toLowerCase();
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** A piece of the text for a message, shortened. */
function clip(text: string, max = 16): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

/** What is left of the text from a position, shortened for messages. */
function quoteFrom(text: string, at: number): string {
  return at >= text.length ? 'the end' : `\`${clip(text.slice(at, at + 17))}\``;
}

interface MutableSpec {
  weekdays: number;
  year: CalendarComponent[] | undefined;
  month: CalendarComponent[] | undefined;
  day: CalendarComponent[] | undefined;
  endOfMonth: boolean;
  hour: CalendarComponent[] | undefined;
  minute: CalendarComponent[] | undefined;
  second: CalendarComponent[] | undefined;
  utc: boolean;
  timezone: string | undefined;
  dst: number;
  dstName: string | undefined;
}

const single = (value: number): CalendarComponent[] => [{ start: value, stop: -1, repeat: 0 }];

/** The fixed forms: what each shorthand sets; the rest stays `*`. */
const SHORTHANDS: Readonly<Record<string, Partial<MutableSpec>>> = (() => {
  const midnight = { hour: single(0), minute: single(0), second: single(0) };
  const firstOf = (...months: number[]) => ({
    ...midnight,
    day: single(1),
    month: months.map((m) => ({ start: m, stop: -1, repeat: 0 })),
  });
  return {
    minutely: { second: single(0) },
    hourly: { minute: single(0), second: single(0) },
    daily: midnight,
    monthly: { ...midnight, day: single(1) },
    weekly: { ...midnight, weekdays: 1 },
    yearly: firstOf(1),
    annually: firstOf(1),
    anually: firstOf(1),
    quarterly: firstOf(1, 4, 7, 10),
    semiannually: firstOf(1, 7),
    'semi-annually': firstOf(1, 7),
    biannually: firstOf(1, 7),
    'bi-annually': firstOf(1, 7),
  };
})();

/** Reads a calendar event. Never throws. */
export function parseCalendar(text: string, options: CalendarOptions = {}): CalendarParse {
  try {
    const spec = readSpec(text, options);
    normalize(spec);
    validate(spec, text);
    return { ok: true, spec, normalized: formatCalendar(spec) };
  } catch (error) {
    if (error instanceof CalendarError) {
      return { ok: false, message: error.message, offset: error.offset, length: error.length };
    }
    return { ok: false, message: 'systemd cannot read this calendar event', offset: 0, length: text.length };
  }
}

function readSpec(text: string, options: CalendarOptions): MutableSpec {
  const spec: MutableSpec = {
    weekdays: 0,
    year: undefined,
    month: undefined,
    day: undefined,
    endOfMonth: false,
    hour: undefined,
    minute: undefined,
    second: undefined,
    utc: false,
    timezone: undefined,
    dst: -1,
    dstName: undefined,
  };
  const body = stripTimeZone(text, spec, options);
  if (body.length === 0) {
    throw new CalendarError(
      text.length === 0 ? 'the calendar event is empty' : 'a time zone needs an event before it',
      0,
      text.length,
    );
  }
  const shorthand = ownValue(SHORTHANDS, body.toLowerCase());
  if (shorthand) {
    Object.assign(spec, shorthand);
    return spec;
  }
  const scanner = new Scanner(body);
  spec.weekdays = readWeekdays(scanner);
  if (!readDate(scanner, spec)) readTime(scanner, spec);
  if (!scanner.atEnd()) {
    throw new CalendarError(`unexpected ${quoteFrom(body, scanner.at)}`, scanner.at, body.length - scanner.at);
  }
  return spec;
}

/** Takes a trailing ` UTC`, the machine's zone name or an IANA zone off the text, as systemd does first. */
function stripTimeZone(text: string, spec: MutableSpec, options: CalendarOptions): string {
  if (endsWithFolded(text, ' UTC')) {
    spec.utc = true;
    return text.slice(0, -4);
  }
  const names = options.localNames ?? ['', ''];
  for (let dst = 0; dst <= 1; dst++) {
    const name = names[dst]!;
    if (name.length === 0 || !endsWithFolded(text, name)) continue;
    const at = text.length - name.length;
    if (at === 0 || text[at - 1] !== ' ') continue;
    spec.dst = dst;
    spec.dstName = name;
    return text.slice(0, at - 1);
  }
  const lastSpace = text.lastIndexOf(' ');
  if (lastSpace >= 0 && isKnownTimeZone(text.slice(lastSpace + 1))) {
    spec.timezone = text.slice(lastSpace + 1);
    return text.slice(0, lastSpace);
  }
  return text;
}

class Scanner {
  at = 0;
  constructor(readonly text: string) {}
  peek(ahead = 0): string | undefined {
    return this.text[this.at + ahead];
  }
  atEnd(): boolean {
    return this.at >= this.text.length;
  }
  skipSpaces(): void {
    while (this.text[this.at] === ' ') this.at++;
  }
  fail(message: string, length = 1): never {
    throw new CalendarError(message, this.at, Math.max(0, Math.min(length, this.text.length - this.at)));
  }
}

/** `Mon`, `Mon,Wed`, `Mon..Fri` (or `Mon-Fri`) before the date; 0 when there are none. */
function readWeekdays(s: Scanner): number {
  let bits = 0;
  let rangeFrom = -1;
  let first = true;
  for (;;) {
    const ahead = s.text.slice(s.at, s.at + 9).toLowerCase();
    const found = WEEKDAY_NAMES.find(([name]) => ahead.startsWith(name));
    if (!found) {
      if (first) return 0;
      s.fail(`expected a weekday at ${quoteFrom(s.text, s.at)}`, 3);
    }
    const [name, day] = found;
    const after = s.text[s.at + name.length];
    if (after !== undefined && !'-., '.includes(after)) {
      let end = s.at;
      while (end < s.text.length && /[A-Za-z]/.test(s.text[end]!)) end++;
      s.fail(
        `\`${clip(s.text.slice(s.at, end))}\` is not a weekday; write Mon, Tue, … or Monday, Tuesday, …`,
        end - s.at,
      );
    }
    bits |= 1 << day;
    if (rangeFrom >= 0) {
      if (rangeFrom > day) {
        s.fail(
          `a weekday range runs from Monday towards Sunday: \`${WEEKDAY_SHORT[day]}..${WEEKDAY_SHORT[rangeFrom]}\``,
        );
      }
      for (let between = rangeFrom + 1; between < day; between++) bits |= 1 << between;
    }
    s.at += name.length;
    const next = s.peek();
    if (next === undefined) return bits;
    if (next === ' ') {
      s.skipSpaces();
      return bits;
    }
    if (next === '.') {
      if (rangeFrom >= 0) s.fail('one weekday range cannot follow another; separate them with `,`');
      if (s.peek(1) !== '.') s.fail('a weekday range is written with two dots, as in `Mon..Fri`');
      rangeFrom = day;
      s.at += 2;
    } else if (next === '-') {
      if (rangeFrom >= 0) s.fail('one weekday range cannot follow another; separate them with `,`');
      rangeFrom = day;
      s.at += 1;
    } else if (next === ',') {
      rangeFrom = -1;
      s.at += 1;
    }
    if (s.atEnd() || s.peek() === ' ') {
      s.skipSpaces();
      if (rangeFrom >= 0) s.fail('the weekday range has no end', 0);
      return bits;
    }
    first = false;
  }
}

/** strtoul() as glibc reads a number after `@`: spaces, a sign, digits. Undefined where nothing is read. */
function readUnsignedLong(s: Scanner): bigint | undefined {
  let i = s.at;
  while (i < s.text.length && ' \t\n\v\f\r'.includes(s.text[i]!)) i++;
  let negative = false;
  if (s.text[i] === '+' || s.text[i] === '-') negative = s.text[i++] === '-';
  const start = i;
  while (isDigit(s.text[i])) i++;
  if (i === start) return undefined;
  let value = BigInt(s.text.slice(start, i));
  if (value > 0xffffffffffffffffn) s.fail('the number after `@` is too large', i - s.at);
  if (negative) value = (0x10000000000000000n - value) % 0x10000000000000000n;
  s.at = i;
  return value;
}

/** `@seconds`, `Y-M-D`, `M-D` or nothing. True when the whole event was a timestamp. */
function readDate(s: Scanner, spec: MutableSpec): boolean {
  if (s.atEnd()) return false;
  if (s.peek() === '@') {
    const at = s.at;
    s.at++;
    const value = readUnsignedLong(s);
    if (value === undefined) s.fail('`@` must be followed by seconds since 1970-01-01 UTC');
    // As a signed 64-bit time_t; gmtime() gives up past a year that fits an int.
    const seconds = value >= 1n << 63n ? value - (1n << 64n) : value;
    if (seconds > 67767976233316800n || seconds < -67768040609740800n) {
      throw new CalendarError('the timestamp after `@` is too far in the future', at, s.at - at);
    }
    const time = utcFields(Number(seconds));
    spec.year = single(time.year);
    spec.month = single(time.month + 1);
    spec.day = single(time.day);
    spec.hour = single(time.hour);
    spec.minute = single(time.minute);
    spec.second = single(time.second * USEC_PER_SEC);
    spec.utc = true;
    return true;
  }
  const start = s.at;
  if (/[A-Za-z]/.test(s.peek()!)) {
    let end = s.at;
    while (end < s.text.length && s.text[end] !== ' ') end++;
    s.fail(
      `\`${clip(s.text.slice(s.at, end))}\` is not a weekday, a date or a shorthand such as daily or weekly`,
      end - s.at,
    );
  }
  const first = readChain(s, false, 'year or month');
  const after = s.peek();
  if (after === undefined || after === ':') {
    // A time, not a date: read it again from the start as hours.
    s.at = start;
    return false;
  }
  if (after === '~') spec.endOfMonth = true;
  else if (after !== '-') s.fail(`expected \`-\` in the date, or \`:\` in a time, at ${quoteFrom(s.text, s.at)}`);
  s.at++;
  const second = readChain(s, false, spec.endOfMonth ? 'day' : 'month or day');
  if (s.atEnd() || s.peek() === ' ') {
    s.skipSpaces();
    spec.month = first;
    spec.day = second;
    return false;
  }
  if (spec.endOfMonth) s.fail('only the day can follow `~` (as in `*-02~03`)');
  if (s.peek() === '~') spec.endOfMonth = true;
  else if (s.peek() !== '-') s.fail(`expected \`-\` or a space after the month at ${quoteFrom(s.text, s.at)}`);
  s.at++;
  const third = readChain(s, false, 'day');
  if (!s.atEnd() && s.peek() !== ' ') {
    s.fail(`expected a space between the date and the time at ${quoteFrom(s.text, s.at)}`);
  }
  s.skipSpaces();
  spec.year = first;
  spec.month = second;
  spec.day = third;
  return false;
}

/** `H:M` or `H:M:S`, or nothing for midnight. */
function readTime(s: Scanner, spec: MutableSpec): void {
  if (s.atEnd()) {
    spec.hour = single(0);
    spec.minute = single(0);
    spec.second = single(0);
    return;
  }
  spec.hour = readChain(s, false, 'hour');
  if (s.peek() !== ':') s.fail(`expected \`:\` after the hour at ${quoteFrom(s.text, s.at)}`);
  s.at++;
  spec.minute = readChain(s, false, 'minute');
  if (s.atEnd()) {
    spec.second = single(0);
    return;
  }
  if (s.peek() !== ':') s.fail(`expected \`:\` after the minutes at ${quoteFrom(s.text, s.at)}`);
  s.at++;
  spec.second = readChain(s, true, 'second');
}

/** `*`, or a comma-separated list of components. */
function readChain(s: Scanner, usec: boolean, what: string): CalendarComponent[] | undefined {
  if (s.peek() === '*') {
    s.at++;
    if (s.peek() === '/') s.fail(`a repetition starts from a number: write \`0/…\` rather than \`*/…\``);
    return usec ? [{ start: 0, stop: -1, repeat: USEC_PER_SEC }] : undefined;
  }
  const chain: CalendarComponent[] = [];
  for (;;) {
    if (chain.length >= MAX_COMPONENTS) s.fail(`a list may have at most ${MAX_COMPONENTS} values`);
    const start = readNumber(s, usec, what);
    let stop = -1;
    let repeat = 0;
    if (s.peek() === '.' && s.peek(1) === '.') {
      s.at += 2;
      stop = readNumber(s, usec, `end of the ${what} range`);
      repeat = usec ? USEC_PER_SEC : 1;
    }
    if (s.peek() === '/') {
      s.at++;
      const at = s.at;
      repeat = readNumber(s, usec, 'repetition');
      if (repeat === 0) throw new CalendarError('a repetition of 0 never moves on', at, s.at - at);
    } else if (usec && stop >= 0 && start + repeat > stop) {
      s.fail('a range of seconds shorter than a second needs a repetition, as in `0..0.5/0.1`', 0);
    }
    const next = s.peek();
    if (next !== undefined && !' ,-~:'.includes(next)) {
      if (next === 'T' && what === 'day') s.fail('write a space between the date and the time, not `T`');
      s.fail(`unexpected ${quoteFrom(s.text, s.at)} after the ${what}`);
    }
    chain.push({ start, stop, repeat });
    if (next !== ',') return chain;
    s.at++;
  }
}

/** A decimal number; for seconds with an optional fraction (six digits kept, the seventh rounds). */
function readNumber(s: Scanner, usec: boolean, what: string): number {
  const start = s.at;
  if (!isDigit(s.peek())) s.fail(`expected a number (${what}) at ${quoteFrom(s.text, s.at)}`);
  while (isDigit(s.peek())) s.at++;
  const digits = s.text.slice(start, s.at).replace(/^0+(?=.)/, '');
  const tooLarge = () => {
    throw new CalendarError(`the ${what} ${clip(s.text.slice(start, s.at))} is far too large`, start, s.at - start);
  };
  if (digits.length > 10) tooLarge();
  let value = Number(digits);
  if (usec) {
    value *= USEC_PER_SEC;
    if (s.peek() === '.' && s.peek(1) !== '.') {
      s.at++;
      if (!isDigit(s.peek())) s.fail('a `.` in the seconds must be followed by digits');
      let fraction = 0;
      let count = 0;
      for (; count < 6 && isDigit(s.peek()); count++) fraction = fraction * 10 + Number(s.text[s.at++]);
      for (let pad = count; pad < 6; pad++) fraction *= 10;
      if (count === 6 && s.peek() !== undefined && s.peek()! >= '5' && s.peek()! <= '9') fraction++;
      while (isDigit(s.peek())) s.at++;
      value += fraction;
    }
  }
  if (value > INT_MAX) tooLarge();
  return value;
}

// ------------------------------------------------------------------------------------------ normalising

function normalizeChain(chain: CalendarComponent[] | undefined): CalendarComponent[] | undefined {
  if (!chain) return chain;
  const fixed = chain.map((c): CalendarComponent => {
    let { stop, repeat } = c;
    if (stop > c.start && repeat > 0) stop -= (stop - c.start) % repeat;
    // A range that never gets to repeat, or ends where it starts, is a single value.
    if ((stop > c.start && repeat > 0 && c.start + repeat > stop) || c.start === stop) {
      repeat = 0;
      stop = -1;
    }
    return { start: c.start, stop, repeat };
  });
  fixed.sort((a, b) => a.start - b.start || a.stop - b.stop || a.repeat - b.repeat);
  return fixed.filter(
    (c, i) =>
      i === 0 || c.start !== fixed[i - 1]!.start || c.stop !== fixed[i - 1]!.stop || c.repeat !== fixed[i - 1]!.repeat,
  );
}

/** Two-digit years: 0…69 are 2000…2069, 70…99 are 1970…1999. */
function fullYear(value: number): number {
  if (value >= 0 && value < 70) return value + 2000;
  if (value >= 70 && value < 100) return value + 1900;
  return value;
}

function normalize(spec: MutableSpec): void {
  if (spec.timezone === 'UTC') {
    spec.utc = true;
    spec.timezone = undefined;
  }
  if (spec.weekdays <= 0 || spec.weekdays >= 127) spec.weekdays = -1;
  if (spec.endOfMonth && !spec.day) spec.endOfMonth = false;
  if (spec.year) {
    spec.year = spec.year.map((c) => ({ start: fullYear(c.start), stop: fullYear(c.stop), repeat: c.repeat }));
  }
  spec.year = normalizeChain(spec.year);
  spec.month = normalizeChain(spec.month);
  spec.day = normalizeChain(spec.day);
  spec.hour = normalizeChain(spec.hour);
  spec.minute = normalizeChain(spec.minute);
  spec.second = normalizeChain(spec.second);
}

// ------------------------------------------------------------------------------------------- validating

interface FieldLimits {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly usec?: boolean;
}

function showValue(value: number, usec: boolean | undefined): string {
  return usec ? formatSeconds(value) : String(value);
}

function formatSeconds(usec: number): string {
  const whole = Math.floor(usec / USEC_PER_SEC);
  const fraction = usec % USEC_PER_SEC;
  return fraction > 0 ? `${whole}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}` : String(whole);
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const ordinal = (index: number) => ORDINALS[index] ?? `${index + 1}th`;

function checkChain(chain: CalendarChain, limits: FieldLimits, endOfMonth: boolean, text: string): void {
  if (!chain) return;
  const { name, from, usec } = limits;
  let to = limits.to;
  const show = (value: number) => showValue(value, usec);
  let index = 0;
  const fail = (message: string): never => {
    throw new CalendarError(message, 0, text.length);
  };
  for (const c of chain) {
    // systemd takes 3 off the limit for each further day counted from the end of the month, so with `~` the
    // second item of a list may be at most 25, the third 22, and so on.
    if (endOfMonth) to -= 3;
    const range = endOfMonth
      ? `1…${to} (with \`~\` the ${ordinal(index)} item of a list may be at most ${to})`
      : `${show(from)}…${show(to)}`;
    index++;
    if (c.start < from || c.start > to) fail(`${name} ${show(c.start)} is outside ${range}`);
    if (c.repeat > to - from) fail(`the repetition /${show(c.repeat)} is longer than the ${name} range ${range}`);
    if (c.stop >= 0) {
      if (c.stop < from || c.stop > to) fail(`${name} ${show(c.stop)} is outside ${range}`);
      if (c.start + c.repeat > c.stop) {
        fail(
          c.stop < c.start
            ? `the range ${show(c.start)}..${show(c.stop)} runs backwards`
            : `the range ${show(c.start)}..${show(c.stop)} is shorter than its repetition /${show(c.repeat)}`,
        );
      }
    } else if (endOfMonth && c.start - c.repeat < from) {
      fail(`${name} ~${c.start}/${c.repeat} would repeat past the end of the month`);
    } else if (!endOfMonth && c.start + c.repeat > to) {
      fail(
        `${name} ${show(c.start)}/${show(c.repeat)} never repeats: ${show(c.start + c.repeat)} is past ${show(to)}; ` +
          `write ${show(c.start)} alone or a shorter repetition`,
      );
    }
  }
}

function validate(spec: MutableSpec, text: string): void {
  checkChain(spec.year, { name: 'the year', from: MIN_YEAR, to: MAX_YEAR }, false, text);
  checkChain(spec.month, { name: 'the month', from: 1, to: 12 }, false, text);
  checkChain(spec.day, { name: 'the day', from: 1, to: 31 }, spec.endOfMonth, text);
  checkChain(spec.hour, { name: 'the hour', from: 0, to: 23 }, false, text);
  checkChain(spec.minute, { name: 'the minute', from: 0, to: 59 }, false, text);
  checkChain(spec.second, { name: 'the second', from: 0, to: 60 * USEC_PER_SEC - 1, usec: true }, false, text);
}

// --------------------------------------------------------------------------------------------- printing

function formatWeekdays(bits: number): string {
  const runs: string[] = [];
  for (let day = 0; day < 7; day++) {
    if (!(bits & (1 << day))) continue;
    let last = day;
    while (last + 1 < 7 && bits & (1 << (last + 1))) last++;
    const first = WEEKDAY_SHORT[day];
    if (last === day) runs.push(first);
    else runs.push(`${first}${last === day + 1 ? ',' : '..'}${WEEKDAY_SHORT[last]}`);
    day = last;
  }
  return runs.join(',');
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function formatChain(chain: CalendarChain, width: number, usec: boolean): string {
  if (!chain) return '*';
  const unit = usec ? USEC_PER_SEC : 1;
  // For seconds, one "every second from 0" item makes the whole list `*`.
  if (usec && chain.some((c) => c.start === 0 && c.stop < 0 && c.repeat === USEC_PER_SEC)) return '*';
  const fraction = (value: number) => (value % unit > 0 ? `.${pad(value % unit, 6)}` : '');
  return chain
    .map((c) => {
      let out = pad(Math.floor(c.start / unit), width) + fraction(c.start);
      if (c.stop > 0) out += `..${pad(Math.floor(c.stop / unit), width)}${fraction(c.stop)}`;
      if (c.repeat > 0 && !(c.stop > 0 && c.repeat === unit)) out += `/${Math.floor(c.repeat / unit)}`;
      return out + fraction(c.repeat);
    })
    .join(',');
}

/** The normalised text, as `systemd-analyze calendar` prints it ("Normalized form:"). */
export function formatCalendar(spec: CalendarSpec): string {
  let out = spec.weekdays > 0 && spec.weekdays <= 127 ? `${formatWeekdays(spec.weekdays)} ` : '';
  out += `${formatChain(spec.year, 4, false)}-${formatChain(spec.month, 2, false)}`;
  out += `${spec.endOfMonth ? '~' : '-'}${formatChain(spec.day, 2, false)} `;
  out += `${formatChain(spec.hour, 2, false)}:${formatChain(spec.minute, 2, false)}:${formatChain(spec.second, 2, true)}`;
  if (spec.utc) out += ' UTC';
  else if (spec.timezone) out += ` ${spec.timezone}`;
  else if (spec.dst >= 0 && spec.dstName) out += ` ${spec.dstName}`;
  return out;
}
