/**
 * Broken-down time and time-zone arithmetic for calendar events, behaving like the C library systemd runs on
 * (glibc's gmtime, localtime and mktime): systemd's next-elapse search leans on how mktime() normalises
 * out-of-range fields, where it lands inside a daylight-saving gap, and which of two repeated hours it picks in
 * an overlap. Offsets come from Intl.DateTimeFormat, so this runs in a browser too; formatters are cached.
 */

/** A broken-down time as `struct tm` holds it, with the full year and the month counted from 0. */
export interface BrokenDownTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Day of the week, 0 for Sunday (set by conversions, ignored by mktime). */
  weekday: number;
  /** Day of the year from 0 (set by conversions). */
  yearDay: number;
  /** 1 for daylight-saving time, 0 for standard time, -1 for "find out" (as tm_isdst). */
  dst: number;
}

/** What a time zone says about one instant. */
export interface ZoneRules {
  /** The IANA name the rules were made for (`UTC` for UTC). */
  readonly name: string;
  /** Seconds east of UTC at the instant (seconds since the epoch). */
  offsetAt(seconds: number): number;
  /** Whether the C library flags the instant as daylight-saving time (tm_isdst). */
  dstAt(seconds: number): 0 | 1;
  /** The zone's short name at the instant, for display (`CET`, `EST`, else `GMT+1` style). */
  abbreviationAt(seconds: number): string;
}

/**
 * mktime() guesses a zone offset from its previous call and, in an overlap, keeps the guess that matched first:
 * systemd's answers in a repeated hour depend on it, so the guess is carried along like glibc's static variable.
 */
export interface MktimeMemory {
  offset: number;
}

const SECONDS_PER_DAY = 86400;

const DAYS_BEFORE_MONTH = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
] as const;

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days from 1970-01-01 to 1 January of `year` (negative before 1970). */
function daysBeforeYear(year: number): number {
  const y = year - 1;
  const leapDays = Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  return 365 * (year - 1970) + leapDays - 477; // 477 leap days fall before 1970
}

/** Days since the epoch of a date whose month is already in 0..11 (the day may be out of range). */
function daysOf(year: number, month: number, day: number): number {
  return daysBeforeYear(year) + DAYS_BEFORE_MONTH[isLeapYear(year) ? 1 : 0][month]! + day - 1;
}

/** The broken-down UTC time of an instant (gmtime). */
export function utcFields(seconds: number, dst = 0): BrokenDownTime {
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  let rest = seconds - days * SECONDS_PER_DAY;
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  const second = rest - minute * 60;
  // Years of 400 Gregorian years are 146097 days long; count from 2000-03-01 so leap days fall at a year's end.
  const shifted = days - 11017;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfMarchYear =
    dayOfEra -
    (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + Math.floor(yearOfEra / 400));
  const monthFromMarch = Math.floor((5 * dayOfMarchYear + 2) / 153);
  const day = dayOfMarchYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 2 : monthFromMarch - 10;
  const year = 2000 + era * 400 + yearOfEra + (month < 2 ? 1 : 0);
  const weekday = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const yearDay = DAYS_BEFORE_MONTH[isLeapYear(year) ? 1 : 0][month]! + day - 1;
  return { year, month, day, hour, minute, second, weekday, yearDay, dst };
}

/** The fields read as if they were UTC, in seconds; fields may be out of range (they carry over). */
function fieldSeconds(year: number, yearDay: number, hour: number, minute: number, second: number): number {
  return (daysBeforeYear(year) + yearDay) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

/** The broken-down local time of an instant in a zone (localtime). */
export function localFields(zone: ZoneRules, seconds: number): BrokenDownTime {
  return utcFields(seconds + zone.offsetAt(seconds), zone.dstAt(seconds));
}

function dstDiffers(a: number, b: number): boolean {
  return a >= 0 && b >= 0 && (a === 0) !== (b === 0);
}

/**
 * glibc's mktime(): the instant of a broken-down local time whose fields may be out of range. On success the
 * fields are replaced by their normalised form. Returns undefined where glibc fails (returns -1 with an errno).
 */
export function makeTime(zone: ZoneRules, tm: BrokenDownTime, memory: MktimeMemory): number | undefined {
  const requestedSecond = tm.second;
  const second = Math.min(Math.max(requestedSecond, 0), 59);
  const wantDst = tm.dst;
  const year = tm.year + Math.floor(tm.month / 12);
  const month = ((tm.month % 12) + 12) % 12;
  const yearDay = DAYS_BEFORE_MONTH[isLeapYear(year) ? 1 : 0][month]! + tm.day - 1;
  const wanted = fieldSeconds(year, yearDay, tm.hour, tm.minute, second);
  const missBy = (fields: BrokenDownTime) =>
    wanted - fieldSeconds(fields.year, fields.yearDay, fields.hour, fields.minute, fields.second);

  const first = wanted + memory.offset;
  let t = first;
  let older = first;
  let previous = first;
  let previousDst = 0;
  let probes = 6;
  let found: BrokenDownTime | undefined;
  for (;;) {
    const fields = localFields(zone, t);
    const miss = missBy(fields);
    if (miss === 0) {
      found = fields;
      break;
    }
    // Going back and forth between two instants: the wanted time falls in a gap. glibc settles on one of them,
    // preferring the daylight-saving one when no preference was given.
    const fieldsDst = fields.dst !== 0 ? 1 : 0;
    if (
      t === older &&
      t !== previous &&
      (wantDst < 0 ? previousDst <= fieldsDst : (wantDst !== 0 ? 1 : 0) !== fieldsDst)
    ) {
      memory.offset = t - wanted;
      return finish(zone, tm, t, fields, requestedSecond, second);
    }
    if (--probes === 0) return undefined;
    older = previous;
    previous = t;
    t += miss;
    previousDst = fieldsDst;
  }

  if (dstDiffers(wantDst, found.dst)) {
    // The right wall-clock time with the wrong daylight-saving flag: borrow the offset of the nearest instant that
    // has the wanted flag, looking in steps of about a week up to some eight years either way (as glibc does).
    const stride = 601200;
    const bound = 536454000 / 2 + stride;
    let settled = false;
    search: for (let delta = stride; delta < bound; delta += stride) {
      for (const direction of [-1, 1]) {
        const other = t + delta * direction;
        const otherFields = localFields(zone, other);
        if (!dstDiffers(wantDst, otherFields.dst)) {
          t = other + missBy(otherFields);
          found = localFields(zone, t);
          settled = true;
          break search;
        }
      }
    }
    if (!settled) return undefined;
  }
  memory.offset = t - wanted;
  return finish(zone, tm, t, found, requestedSecond, second);
}

function finish(
  zone: ZoneRules,
  tm: BrokenDownTime,
  t: number,
  fields: BrokenDownTime,
  requestedSecond: number,
  usedSecond: number,
): number {
  let result = t;
  let out = fields;
  if (requestedSecond !== fields.second) {
    result = t + requestedSecond - usedSecond;
    out = localFields(zone, result);
  }
  Object.assign(tm, out);
  return result;
}

// ------------------------------------------------------------------------------------------------- zones

/** UTC: no offset, never daylight-saving time. */
export const UTC_ZONE: ZoneRules = {
  name: 'UTC',
  offsetAt: () => 0,
  dstAt: () => 0,
  abbreviationAt: () => 'UTC',
};

/**
 * Zones whose tzdata marks winter as the daylight-saving part of the year ("negative DST"), with the years it
 * does; glibc reports tm_isdst from the data, so these read the other way round.
 */
const NEGATIVE_DST: Readonly<Record<string, readonly [number, number]>> = {
  'Europe/Dublin': [1971, 9999],
  Eire: [1971, 9999],
  'Africa/Windhoek': [1994, 2017],
  'Africa/Casablanca': [2019, 9999],
  'Africa/El_Aaiun': [2019, 9999],
};

const ZONE_CACHE = new Map<string, ZoneRules | null>();

/**
 * The rules of an IANA time zone from Intl, or undefined where the JavaScript engine does not know it. The names
 * systemd accepts besides (`posix/…`, `right/…`, `posixrules`, `Factory`) map to the zone that computes alike.
 */
export function zoneRules(name: string): ZoneRules | undefined {
  const cached = ZONE_CACHE.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const rules = makeZoneRules(name);
  ZONE_CACHE.set(name, rules ?? null);
  return rules;
}

function intlZoneName(name: string): string {
  if (name.startsWith('posix/') || name.startsWith('right/')) return name.slice(6);
  if (name === 'posixrules') return 'America/New_York';
  if (name === 'Factory') return 'UTC';
  return name;
}

function makeZoneRules(name: string): ZoneRules | undefined {
  // UTC itself is known without asking Intl (and starting ICU).
  if (name === 'UTC') return { ...UTC_ZONE, name };
  let fields: Intl.DateTimeFormat;
  let abbreviations: Intl.DateTimeFormat;
  try {
    const timeZone = intlZoneName(name);
    fields = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    abbreviations = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
  } catch {
    return undefined;
  }
  if (fields.resolvedOptions().timeZone === 'UTC') return { ...UTC_ZONE, name };

  const offsets = new Map<number, number>();
  const offsetAt = (seconds: number): number => {
    const known = offsets.get(seconds);
    if (known !== undefined) return known;
    if (offsets.size > 20000) offsets.clear();
    const parts: Record<string, string> = {};
    for (const part of fields.formatToParts(new Date(seconds * 1000))) parts[part.type] = part.value;
    let year = Number(parts['year']);
    if (parts['era'] === 'BC' || parts['era'] === 'B') year = 1 - year;
    const month = Number(parts['month']) - 1;
    const local =
      daysOf(year, month, Number(parts['day'])) * SECONDS_PER_DAY +
      Number(parts['hour']) * 3600 +
      Number(parts['minute']) * 60 +
      Number(parts['second']);
    const offset = local - seconds;
    offsets.set(seconds, offset);
    return offset;
  };
  // tm_isdst is not in Intl: an offset above the year's lower one (January or July) is daylight-saving time.
  const yearBounds = new Map<number, readonly [number, number]>();
  const boundsOf = (year: number): readonly [number, number] => {
    let bounds = yearBounds.get(year);
    if (!bounds) {
      const january = offsetAt(daysOf(year, 0, 1) * SECONDS_PER_DAY);
      const july = offsetAt(daysOf(year, 6, 1) * SECONDS_PER_DAY);
      bounds = [Math.min(january, july), Math.max(january, july)];
      yearBounds.set(year, bounds);
    }
    return bounds;
  };
  const negative = NEGATIVE_DST[intlZoneName(name)] ?? NEGATIVE_DST[name];
  const dstAt = (seconds: number): 0 | 1 => {
    const offset = offsetAt(seconds);
    const year = utcFields(seconds + offset).year;
    const [low, high] = boundsOf(year);
    if (negative && year >= negative[0] && year <= negative[1]) return offset < high ? 1 : 0;
    return offset > low ? 1 : 0;
  };
  const abbreviationAt = (seconds: number): string =>
    abbreviations.formatToParts(new Date(seconds * 1000)).find((part) => part.type === 'timeZoneName')?.value ?? name;
  return { name, offsetAt, dstAt, abbreviationAt };
}

let knownHostZone: string | undefined;

/**
 * Lets a host that can tell the machine's zone cheaply (the node host reads where /etc/localtime points) name it, so
 * a UTC machine needs no Intl formatter: starting ICU costs tens of milliseconds, once per process.
 */
export function setHostZoneName(name: string | undefined): void {
  knownHostZone = name;
}

/** The zone this JavaScript engine runs in (the editor's machine): as the host named it, else as Intl reports it. */
export function hostZoneName(): string {
  if (knownHostZone !== undefined) return knownHostZone;
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
