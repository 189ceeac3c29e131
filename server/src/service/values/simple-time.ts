/**
 * The exact grammar of systemd's parse_time() (src/basic/time-util.c), as a syntax check in front of parseTimespan():
 * parseTimespan() computes the value, this check refuses what systemd refuses although the reader would take it
 * (`5+5`, `1.5.5`, `+.5`).
 */
import { parseTimespan, USEC_INFINITY } from './timespan';

const WHITESPACE = ' \t\n\r';
const UNITS = [
  'seconds',
  'second',
  'sec',
  's',
  'minutes',
  'minute',
  'min',
  'months',
  'month',
  'M',
  'msec',
  'ms',
  'm',
  'hours',
  'hour',
  'hr',
  'h',
  'days',
  'day',
  'd',
  'weeks',
  'week',
  'w',
  'years',
  'year',
  'y',
  'usec',
  'us',
  '\u03bcs',
  '\u00b5s',
];

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const skipSpace = (text: string, i: number) => {
  while (i < text.length && WHITESPACE.includes(text[i]!)) i++;
  return i;
};

/** Why systemd refuses this time span, or undefined when its grammar accepts it. */
function grammarError(text: string): string | undefined {
  let p = skipSpace(text, 0);
  if (text.startsWith('infinity', p)) {
    return skipSpace(text, p + 8) === text.length ? undefined : 'nothing may follow "infinity"';
  }
  let something = false;
  for (;;) {
    p = skipSpace(text, p);
    if (p >= text.length) return something ? undefined : 'it is empty';
    if (text[p] === '-') return 'it is negative';
    // strtoll(): space, a sign, digits.
    let e = p;
    while (e < text.length && ' \t\n\r\v\f'.includes(text[e]!)) e++;
    if (text[e] === '+' || text[e] === '-') {
      if (text[e] === '-') return 'it is negative';
      e++;
    }
    const digitsStart = e;
    while (isDigit(text[e])) e++;
    if (e === digitsStart) e = p; // nothing converted
    let after: number;
    if (text[e] === '.') {
      after = e + 1;
      while (isDigit(text[after])) after++;
      if (after === e + 1) return 'a "." must be followed by digits';
    } else if (e === p) {
      return `expected a number at "${text.slice(p, p + 12)}"`;
    } else {
      after = e;
    }
    const unitAt = skipSpace(text, after);
    const unit = UNITS.find((u) => text.startsWith(u, unitAt));
    const next = unit === undefined ? unitAt : unitAt + unit.length;
    if (next === after && after < text.length) return `unexpected "${text.slice(after, after + 12)}" after a number`;
    p = next;
    something = true;
  }
}

export type SimpleTimeResult = { ok: true; usec: bigint } | { ok: false; error: string };

/** A time span exactly as parse_time() reads it; `defaultUnit` is in microseconds (seconds by default). */
export function parseTimespanExact(text: string, defaultUnit?: bigint): SimpleTimeResult {
  const error = grammarError(text);
  if (error !== undefined) return { ok: false, error };
  const result = parseTimespan(text, defaultUnit);
  if (!result.ok) return result;
  return result;
}

export { USEC_INFINITY };
