/**
 * Time spans as systemd reads and prints them (parse_sec() and format_timespan() in src/basic/time-util.c):
 * `90` is 90 seconds, `1min 30s` and `1.5min` are the same, `infinity` is no limit.
 * Microseconds are kept as bigint: years of microseconds overflow a double's exact range.
 */

export const USEC_INFINITY = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;

const USEC_PER_SEC = 1_000_000n;
const USEC_PER_MINUTE = 60n * USEC_PER_SEC;
const USEC_PER_HOUR = 60n * USEC_PER_MINUTE;
const USEC_PER_DAY = 24n * USEC_PER_HOUR;
const USEC_PER_WEEK = 7n * USEC_PER_DAY;
const USEC_PER_MONTH = 2_629_800n * USEC_PER_SEC;
const USEC_PER_YEAR = 31_557_600n * USEC_PER_SEC;

/** Units as systemd matches them: in this order, the first one the text starts with wins. */
const PARSE_UNITS: readonly (readonly [string, bigint])[] = [
  ['seconds', USEC_PER_SEC],
  ['second', USEC_PER_SEC],
  ['sec', USEC_PER_SEC],
  ['s', USEC_PER_SEC],
  ['minutes', USEC_PER_MINUTE],
  ['minute', USEC_PER_MINUTE],
  ['min', USEC_PER_MINUTE],
  ['months', USEC_PER_MONTH],
  ['month', USEC_PER_MONTH],
  ['M', USEC_PER_MONTH],
  ['msec', 1000n],
  ['ms', 1000n],
  ['m', USEC_PER_MINUTE],
  ['hours', USEC_PER_HOUR],
  ['hour', USEC_PER_HOUR],
  ['hr', USEC_PER_HOUR],
  ['h', USEC_PER_HOUR],
  ['days', USEC_PER_DAY],
  ['day', USEC_PER_DAY],
  ['d', USEC_PER_DAY],
  ['weeks', USEC_PER_WEEK],
  ['week', USEC_PER_WEEK],
  ['w', USEC_PER_WEEK],
  ['years', USEC_PER_YEAR],
  ['year', USEC_PER_YEAR],
  ['y', USEC_PER_YEAR],
  ['usec', 1n],
  ['us', 1n],
  ['\u00b5s', 1n],
  ['\u03bcs', 1n],
];

const FORMAT_UNITS: readonly (readonly [string, bigint, number])[] = [
  ['y', USEC_PER_YEAR, 13],
  ['month', USEC_PER_MONTH, 12],
  ['w', USEC_PER_WEEK, 11],
  ['d', USEC_PER_DAY, 10],
  ['h', USEC_PER_HOUR, 9],
  ['min', USEC_PER_MINUTE, 7],
  ['s', USEC_PER_SEC, 6],
  ['ms', 1000n, 3],
  ['us', 1n, 0],
];

export type TimespanResult = { ok: true; usec: bigint } | { ok: false; error: string };

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

function skipSpace(text: string, i: number): number {
  while (isSpace(text[i])) i++;
  return i;
}

/**
 * Parses a time span exactly as systemd's parse_time() does; a number without a unit is in `defaultUnit`
 * microseconds (seconds unless said otherwise). Its quirks included: `1 5` is 6 seconds, `5+5` and `1.5.5` are
 * refused, a unit may follow after spaces (`1.5 min`), and each fractional digit counts a tenth of the one before,
 * truncated.
 */
export function parseTimespan(text: string, defaultUnit: bigint = USEC_PER_SEC): TimespanResult {
  let p = skipSpace(text, 0);
  if (text.startsWith('infinity', p)) {
    return skipSpace(text, p + 8) === text.length
      ? { ok: true, usec: USEC_INFINITY }
      : { ok: false, error: 'nothing may follow "infinity"' };
  }
  let total = 0n;
  let something = false;
  for (;;) {
    p = skipSpace(text, p);
    if (p >= text.length) return something ? { ok: true, usec: total } : { ok: false, error: 'it is empty' };
    if (text[p] === '-') return { ok: false, error: 'it is negative' };
    // strtoll(): optional space (including \v and \f), an optional sign, digits.
    let e = p;
    while (e < text.length && ' \t\n\r\v\f'.includes(text[e]!)) e++;
    const minus = text[e] === '-';
    if (minus || text[e] === '+') e++;
    const digitsStart = e;
    while (isDigit(text[e])) e++;
    const integer = text.slice(digitsStart, e);
    if (integer.length === 0)
      e = p; // strtoll() converted nothing
    // A minus sign that strtoll() reads (after a vertical tab or form feed) is refused unless the number is 0.
    else if (minus && /[1-9]/.test(integer)) return { ok: false, error: 'it is negative' };
    let fraction = '';
    let after: number;
    if (text[e] === '.') {
      after = e + 1;
      while (isDigit(text[after])) after++;
      fraction = text.slice(e + 1, after);
      if (fraction.length === 0) return { ok: false, error: 'a "." must be followed by digits' };
    } else if (e === p) {
      return { ok: false, error: `expected a number at "${text.slice(p, p + 12)}"` };
    } else {
      after = e;
    }
    const unitAt = skipSpace(text, after);
    let multiplier = defaultUnit;
    let next = unitAt;
    for (const [suffix, usec] of PARSE_UNITS) {
      if (text.startsWith(suffix, unitAt)) {
        multiplier = usec;
        next = unitAt + suffix.length;
        break;
      }
    }
    // Neither a unit nor a space after the number, yet more text: `5+5`, `1.5.5`.
    if (next === after && after < text.length) {
      return { ok: false, error: `unexpected "${text.slice(after, after + 12)}" after a number` };
    }
    // strtoll() refuses what does not fit a signed 64-bit number, and systemd refuses a product that would reach
    // "infinity" even where the number times the unit stays just below it.
    const whole = BigInt(integer || '0');
    if (whole > INT64_MAX || whole >= USEC_INFINITY / multiplier) return { ok: false, error: 'it is too large' };
    total += whole * multiplier;
    let scale = multiplier;
    for (const digit of fraction) {
      scale /= 10n;
      total += BigInt(digit) * scale;
    }
    if (total >= USEC_INFINITY) return { ok: false, error: 'it is too large' };
    p = next;
    something = true;
  }
}

/** Prints microseconds the way `systemd-analyze timespan` shows them ("Human:"). */
export function formatTimespan(usec: bigint): string {
  if (usec >= USEC_INFINITY) return 'infinity';
  if (usec <= 0n) return '0';
  const parts: string[] = [];
  let t = usec;
  for (const [suffix, unit, digits] of FORMAT_UNITS) {
    if (t <= 0n) break;
    if (t < unit) continue;
    const whole = t / unit;
    const rest = t % unit;
    if (t < USEC_PER_MINUTE && rest > 0n && digits > 0) {
      parts.push(`${whole}.${rest.toString().padStart(digits, '0')}${suffix}`);
      break;
    }
    parts.push(`${whole}${suffix}`);
    t = rest;
  }
  return parts.join(' ');
}
