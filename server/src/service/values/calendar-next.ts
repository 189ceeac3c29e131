/**
 * When a calendar event elapses next, computed the way systemd 252 does it (find_next() and
 * calendar_spec_next_usec() in src/shared/calendarspec.c): fields are matched from the year down to the seconds,
 * each step asks mktime() whether the time exists, and a step that overflows moves the next larger field on.
 * Its quirks are kept on purpose (a time in a daylight-saving gap is skipped, not moved; the search gives up after
 * 1,000 steps or past 2199), since the point is to say what systemd will do.
 */
import type { CalendarChain, CalendarComponent, CalendarSpec } from './calendar-spec';
import { MAX_YEAR } from './calendar-spec';
import {
  localFields,
  makeTime,
  utcFields,
  UTC_ZONE,
  zoneRules,
  type BrokenDownTime,
  type MktimeMemory,
  type ZoneRules,
} from './calendar-time';

const USEC_PER_SEC = 1_000_000;
const MAX_ITERATIONS = 1000;
/** systemd refuses a base time past 9999-12-30 23:59:59 UTC (one day short of the end, for time zones). */
const USEC_FORMATTABLE_MAX = 253402214399_000_000;

export type ElapseResult =
  | { readonly ok: true; readonly usec: number }
  /** `never`: no later time matches (before 2200); `stuck`: systemd gives up with an error; `zone`: unknown zone. */
  | { readonly ok: false; readonly reason: 'never' | 'stuck' | 'zone' | 'invalid' };

export interface ElapseContext {
  /** The zone of the machine the timer runs on, for events without a zone of their own. */
  readonly local: ZoneRules;
  /** mktime()'s guess carried between calls (see MktimeMemory); a fresh one per process. */
  readonly memory?: MktimeMemory;
}

/** The first time after `afterUsec` (microseconds since the epoch) at which the event elapses. */
export function nextElapse(spec: CalendarSpec, afterUsec: number, context: ElapseContext): ElapseResult {
  if (!(afterUsec >= 0) || afterUsec > USEC_FORMATTABLE_MAX) return { ok: false, reason: 'invalid' };
  let zone: ZoneRules;
  let memory: MktimeMemory;
  const shared = context.memory ?? { offset: 0 };
  if (spec.utc) {
    zone = UTC_ZONE;
    memory = { offset: 0 }; // timegm() has a guess of its own, always right for UTC
  } else if (spec.timezone) {
    const rules = spec.timezone === 'localtime' ? context.local : zoneRules(spec.timezone);
    if (!rules) return { ok: false, reason: 'zone' };
    zone = rules;
    memory = { offset: shared.offset }; // systemd computes these in a forked child: the guess is a copy
  } else {
    zone = context.local;
    memory = shared;
  }
  const usec = afterUsec + 1;
  const seconds = Math.floor(usec / USEC_PER_SEC);
  const tm = spec.utc ? utcFields(seconds) : localFields(zone, seconds);
  const found = findNext(spec, zone, memory, tm, usec % USEC_PER_SEC);
  if (typeof found === 'string') return { ok: false, reason: found };
  const at = makeTime(zone, tm, memory);
  if (at === undefined || at < 0) return { ok: false, reason: 'invalid' };
  return { ok: true, usec: at * USEC_PER_SEC + found };
}

/** The next `count` elapses after `afterUsec`, each counted from the one before, as `--iterations` does. */
export function nextElapses(
  spec: CalendarSpec,
  afterUsec: number,
  count: number,
  context: ElapseContext,
): { readonly times: readonly number[]; readonly end?: ElapseResult & { ok: false } } {
  const times: number[] = [];
  const withMemory = { ...context, memory: context.memory ?? { offset: 0 } };
  let base = afterUsec;
  for (let i = 0; i < count; i++) {
    const next = nextElapse(spec, base, withMemory);
    if (!next.ok) return { times, end: next };
    times.push(next.usec);
    base = next.usec;
  }
  return { times };
}

function copy(tm: BrokenDownTime): BrokenDownTime {
  return { ...tm };
}

/**
 * The earliest value of the chain at or after `value`; undefined when none is. `tm` is only read for days
 * counted from the end of the month.
 */
function earliestMatch(
  chain: readonly CalendarComponent[],
  value: number,
  endOfMonth: ((day: number) => number) | undefined,
): number | undefined {
  let best: number | undefined;
  for (const c of chain) {
    let start = c.start;
    let stop = c.stop;
    if (endOfMonth) {
      start = endOfMonth(c.start);
      stop = endOfMonth(c.stop);
      if (stop > 0) [start, stop] = [stop, start];
    }
    if (start >= value) {
      if (best === undefined || start < best) best = start;
    } else if (c.repeat > 0) {
      const candidate = start + c.repeat * Math.ceil((value - start) / c.repeat);
      if ((best === undefined || candidate < best) && (stop < 0 || candidate <= stop)) best = candidate;
    }
  }
  return best;
}

type Step = 'none' | 'same' | 'moved';

function findNext(
  spec: CalendarSpec,
  zone: ZoneRules,
  memory: MktimeMemory,
  tm: BrokenDownTime,
  startUsec: number,
): number | 'never' | 'stuck' {
  const normalise = (fields: BrokenDownTime) => makeTime(zone, fields, memory);
  const c = copy(tm);
  let usec = startUsec;

  /** Matches one field; writes the new value through `set`. */
  const match = (chain: CalendarChain, value: number, set: (v: number) => void, day = false): Step => {
    if (!chain) return 'same';
    const endOfMonth =
      day && spec.endOfMonth
        ? (back: number) => {
            // Day 1 - back of the next month is `back` days before its first: the back-th last day of this one.
            const probe = { ...c, month: c.month + 1, day: 1 - back };
            const at = normalise(probe);
            return at === undefined || at < 0 || probe.month !== c.month ? -1 : probe.day;
          }
        : undefined;
    const found = earliestMatch(chain, value, endOfMonth);
    if (found === undefined) return 'none';
    set(found);
    return found === value ? 'same' : 'moved';
  };

  /**
   * Whether the fields name a real time: 1 when they do, 0 when mktime() moved them on (the fields take the moved
   * time, its next smaller field reset), -1 when the time is past 2199, cannot be made, or went backwards.
   */
  const withinBounds = (fields: BrokenDownTime): number => {
    if (fields.year > MAX_YEAR) return -1;
    const t = copy(fields);
    const at = normalise(t);
    if (at === undefined || at < 0) return -1;
    let cmp: number;
    if ((cmp = Math.sign(t.year - fields.year)) !== 0) t.month = 0;
    else if ((cmp = Math.sign(t.month - fields.month)) !== 0) t.day = 1;
    else if ((cmp = Math.sign(t.day - fields.day)) !== 0) t.hour = 0;
    else if ((cmp = Math.sign(t.hour - fields.hour)) !== 0) t.minute = 0;
    else if ((cmp = Math.sign(t.minute - fields.minute)) !== 0) t.second = 0;
    else cmp = Math.sign(t.second - fields.second);
    if (cmp < 0) return -1;
    if (cmp > 0) Object.assign(fields, t);
    return cmp === 0 ? 1 : 0;
  };

  const weekdayMatches = (): boolean => {
    if (spec.weekdays < 0 || spec.weekdays >= 127) return true;
    const t = copy(c);
    const at = normalise(t);
    if (at === undefined || at < 0) return false;
    const mondayFirst = t.weekday === 0 ? 6 : t.weekday - 1;
    return (spec.weekdays & (1 << mondayFirst)) !== 0;
  };

  /** Resets the field and every smaller one (down to the microseconds) to its first value. */
  const clearFrom = (field: 'month' | 'day' | 'hour' | 'minute' | 'second') => {
    const order = ['month', 'day', 'hour', 'minute', 'second'];
    const from = order.indexOf(field);
    if (from <= 0) c.month = 0;
    if (from <= 1) c.day = 1;
    if (from <= 2) c.hour = 0;
    if (from <= 3) c.minute = 0;
    c.second = 0;
    usec = 0;
  };

  // Once a candidate fell before the start (possible where clocks go back), systemd moves on an hour and stops
  // forcing the daylight-saving flag (a fix of spring 2025, systemd PR #36897, which Debian's 252.38 carries).
  let keepDst = false;
  const before = (usecNow: number): boolean => {
    const fields = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;
    for (const field of fields) {
      if (c[field] !== tm[field]) return c[field] < tm[field];
    }
    return usecNow < startUsec;
  };

  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    normalise(c);
    if (!keepDst) c.dst = spec.dst;

    let step = match(spec.year, c.year, (v) => (c.year = v));
    if (step === 'moved') clearFrom('month');
    if (step === 'none') return 'never';
    if (withinBounds(c) <= 0) return 'never';

    step = match(spec.month, c.month + 1, (v) => (c.month = v - 1));
    if (step === 'moved') clearFrom('day');
    let bounds = step === 'none' ? -1 : withinBounds(c);
    if (bounds < 0) {
      c.year++;
      clearFrom('month');
      continue;
    }
    if (bounds === 0) continue;

    step = match(spec.day, c.day, (v) => (c.day = v), true);
    if (step === 'moved') clearFrom('hour');
    bounds = step === 'none' ? -1 : withinBounds(c);
    if (bounds < 0) {
      c.month++;
      clearFrom('day');
      continue;
    }
    if (bounds === 0) continue;

    if (!weekdayMatches()) {
      c.day++;
      clearFrom('hour');
      continue;
    }

    step = match(spec.hour, c.hour, (v) => (c.hour = v));
    if (step === 'moved') clearFrom('minute');
    bounds = step === 'none' ? -1 : withinBounds(c);
    if (bounds < 0) {
      c.day++;
      clearFrom('hour');
      continue;
    }
    // The hour may not exist when the clocks change; start again from the normalised time.
    if (bounds === 0) continue;

    step = match(spec.minute, c.minute, (v) => (c.minute = v));
    if (step === 'moved') clearFrom('second');
    bounds = step === 'none' ? -1 : withinBounds(c);
    if (bounds < 0) {
      c.hour++;
      clearFrom('minute');
      continue;
    }
    if (bounds === 0) continue;

    let secondUsec = c.second * USEC_PER_SEC + usec;
    step = match(spec.second, secondUsec, (v) => (secondUsec = v));
    usec = secondUsec % USEC_PER_SEC;
    c.second = Math.floor(secondUsec / USEC_PER_SEC);
    bounds = step === 'none' ? -1 : withinBounds(c);
    if (bounds < 0) {
      c.minute++;
      clearFrom('second');
      continue;
    }
    if (bounds === 0) continue;

    if (before(usec)) {
      c.hour++;
      keepDst = true;
      continue;
    }
    Object.assign(tm, c);
    return usec;
  }
  return 'stuck';
}
