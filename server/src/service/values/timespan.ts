/**
 * Time spans as systemd reads and prints them (parse_sec() and format_timespan() in src/basic/time-util.c):
 * `90` is 90 seconds, `1min 30s` and `1.5min` are the same, `infinity` is no limit.
 * Microseconds are kept as bigint: years of microseconds overflow a double's exact range.
 */

export const USEC_INFINITY = (1n << 64n) - 1n;

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

/** Parses a time span; a number without a unit is in `defaultUnit` microseconds (seconds unless said otherwise). */
export function parseTimespan(text: string, defaultUnit: bigint = USEC_PER_SEC): TimespanResult {
  let i = 0;
  while (isSpace(text[i])) i++;
  if (text.slice(i) === 'infinity') return { ok: true, usec: USEC_INFINITY };

  let total = 0n;
  let something = false;
  for (;;) {
    while (isSpace(text[i])) i++;
    if (i >= text.length) {
      if (!something) return { ok: false, error: 'empty' };
      break;
    }
    if (text[i] === '-') return { ok: false, error: 'negative' };
    if (text[i] === '+') i++;
    const integerStart = i;
    while (isDigit(text[i])) i++;
    const integer = text.slice(integerStart, i);
    let fraction = '';
    if (text[i] === '.') {
      i++;
      if (!isDigit(text[i])) return { ok: false, error: 'a "." must be followed by digits' };
      const fractionStart = i;
      while (isDigit(text[i])) i++;
      fraction = text.slice(fractionStart, i);
    } else if (integer.length === 0) {
      return { ok: false, error: `expected a number at "${text.slice(i, i + 10)}"` };
    }
    while (isSpace(text[i])) i++;
    let multiplier = defaultUnit;
    for (const [suffix, usec] of PARSE_UNITS) {
      if (text.startsWith(suffix, i)) {
        multiplier = usec;
        i += suffix.length;
        break;
      }
    }
    total += BigInt(integer || '0') * multiplier;
    // Each fractional digit counts a tenth of the one before it, truncated as systemd does.
    let scale = multiplier;
    for (const digit of fraction) {
      scale /= 10n;
      total += BigInt(digit) * scale;
    }
    if (total >= USEC_INFINITY) return { ok: false, error: 'too large' };
    something = true;
  }
  return { ok: true, usec: total };
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
