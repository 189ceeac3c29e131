/**
 * Number readers that behave like the C library calls systemd builds on (strtol/strtoul behind safe_atoi(),
 * safe_atou(), safe_atou64(), parse_mode(), parse_size(), parse_permyriad() in src/basic/parse-util.c and
 * src/basic/percent-util.c). Written from the documented behaviour, not copied.
 */

/** `ok` with the value, or why systemd refuses it: `invalid` (EINVAL) or `range` (ERANGE). */
export type NumberResult = { ok: true; value: bigint } | { ok: false; error: 'invalid' | 'range' };

const WHITESPACE = ' \t\n\r';
/** strtol() skips what isspace() accepts. */
const C_SPACE = ' \t\n\r\v\f';

const INVALID: NumberResult = { ok: false, error: 'invalid' };
const RANGE: NumberResult = { ok: false, error: 'range' };

function digitValue(c: string | undefined): number {
  if (c === undefined) return 99;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/**
 * strtol()/strtoul() on the whole string: optional space, sign, base prefix, digits, nothing after. `base` 0 means C's
 * rules (0x hex, leading 0 octal). Returns the signed mathematical value; the caller checks the range.
 */
function strtoWhole(text: string, base: number): { value: bigint; negative: boolean } | undefined {
  let i = 0;
  while (i < text.length && C_SPACE.includes(text[i]!)) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  if ((base === 0 || base === 16) && text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    if (digitValue(text[i + 2]) < 16) {
      base = 16;
      i += 2;
    } else {
      // "0x" without a hex digit: strtol reads the 0 and stops at the x, which leaves text behind.
      return undefined;
    }
  } else if (base === 0) {
    base = text[i] === '0' ? 8 : 10;
  }
  const start = i;
  let value = 0n;
  const b = BigInt(base);
  while (i < text.length && digitValue(text[i]) < base) {
    value = value * b + BigInt(digitValue(text[i]));
    i++;
  }
  if (i === start || i !== text.length) return undefined;
  return { value: negative ? -value : value, negative };
}

/** safe_atoi()'s preparation: skip whitespace, then Python-style 0b/0o prefixes pick the base. */
function mangle(text: string): { rest: string; base: number } {
  let i = 0;
  while (i < text.length && WHITESPACE.includes(text[i]!)) i++;
  const rest = text.slice(i);
  if (rest.startsWith('0b') || rest.startsWith('0B')) return { rest: rest.slice(2), base: 2 };
  if (rest.startsWith('0o') || rest.startsWith('0O')) return { rest: rest.slice(2), base: 8 };
  return { rest, base: 0 };
}

const INT_MIN = -(1n << 31n);
const INT_MAX = (1n << 31n) - 1n;
const LONG_MIN = -(1n << 63n);
const LONG_MAX = (1n << 63n) - 1n;
export const UINT_MAX = (1n << 32n) - 1n;
export const UINT64_MAX = (1n << 64n) - 1n;

function signedParse(text: string, min: bigint, max: bigint): NumberResult {
  const { rest, base } = mangle(text);
  const parsed = strtoWhole(rest, base);
  if (!parsed) return INVALID;
  if (parsed.value < min || parsed.value > max) return RANGE;
  return { ok: true, value: parsed.value };
}

/** safe_atoi(): a C int. */
export const parseInt32 = (text: string): NumberResult => signedParse(text, INT_MIN, INT_MAX);
/** safe_atoli()/safe_atolli(): a C long on 64-bit Linux. */
export const parseLong = (text: string): NumberResult => signedParse(text, LONG_MIN, LONG_MAX);

export interface UnsignedOptions {
  /** The base with no prefix rules (parse_mode() uses 8). */
  readonly base?: number;
  /** Refuse a leading `+` or `-` (SAFE_ATO_REFUSE_PLUS_MINUS). */
  readonly refuseSign?: boolean;
}

/** safe_atou()/safe_atou64()/safe_atou8(): unsigned, `-0` allowed, any other minus is out of range. */
export function parseUnsigned(text: string, max: bigint, options: UnsignedOptions = {}): NumberResult {
  let rest: string;
  let base: number;
  if (options.base !== undefined) {
    let i = 0;
    while (i < text.length && WHITESPACE.includes(text[i]!)) i++;
    rest = text.slice(i);
    base = options.base;
  } else {
    ({ rest, base } = mangle(text));
  }
  if (options.refuseSign && (rest.startsWith('+') || rest.startsWith('-'))) return INVALID;
  const parsed = strtoWhole(rest, base);
  if (!parsed) return INVALID;
  const magnitude = parsed.negative ? -parsed.value : parsed.value;
  if (magnitude > UINT64_MAX) return RANGE;
  if (parsed.negative && magnitude !== 0n) return RANGE;
  if (magnitude > max) return RANGE;
  return { ok: true, value: magnitude };
}

/** parse_mode(): octal, no sign, at most 07777. */
export function parseMode(text: string): NumberResult {
  const result = parseUnsigned(text, UINT_MAX, { base: 8, refuseSign: true });
  if (result.ok && result.value > 0o7777n) return RANGE;
  return result;
}

const IEC_SUFFIXES: readonly (readonly [string, bigint])[] = [
  ['E', 1n << 60n],
  ['P', 1n << 50n],
  ['T', 1n << 40n],
  ['G', 1n << 30n],
  ['M', 1n << 20n],
  ['K', 1n << 10n],
  ['B', 1n],
  ['', 1n],
];

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * parse_size() with base 1024: `512`, `64K`, `1.5G`, `1G 512M`. Each part needs whole digits first, and the suffixes of
 * later parts must be smaller than the ones before (`1K 1M` and `1 2` are refused).
 */
export function parseSize(text: string): NumberResult {
  let p = 0;
  let total = 0n;
  let startPos = 0;
  do {
    while (p < text.length && WHITESPACE.includes(text[p]!)) p++;
    // strtoull(): more space, a sign, decimal digits.
    let e = p;
    while (e < text.length && C_SPACE.includes(text[e]!)) e++;
    const signed = text[e] === '+' || text[e] === '-';
    if (signed) e++;
    const digitsStart = e;
    while (isDigit(text[e])) e++;
    if (e === digitsStart) return INVALID;
    if (text[p] === '-') return RANGE;
    const whole = BigInt(text.slice(digitsStart, e));
    if (whole > UINT64_MAX) return RANGE;
    let fraction = 0;
    if (text[e] === '.') {
      e++;
      const fractionStart = e;
      while (isDigit(text[e])) e++;
      const digits = text.slice(fractionStart, e);
      if (digits.length > 0) fraction = Number(digits) / 10 ** digits.length;
    }
    while (e < text.length && WHITESPACE.includes(text[e]!)) e++;
    let index = startPos;
    while (index < IEC_SUFFIXES.length && !text.startsWith(IEC_SUFFIXES[index]![0], e)) index++;
    if (index >= IEC_SUFFIXES.length) return INVALID;
    const [suffix, factor] = IEC_SUFFIXES[index]!;
    if (whole + (fraction > 0 ? 1n : 0n) > UINT64_MAX / factor) return RANGE;
    const part = whole * factor + BigInt(Math.floor(fraction * Number(factor)));
    if (part > UINT64_MAX - total) return RANGE;
    total += part;
    p = e + suffix.length;
    startPos = index + 1;
  } while (p < text.length);
  return { ok: true, value: total };
}

/** The part before `symbol` as a non-negative int (parse_parts_value_whole()). */
function wholeBefore(text: string, symbol: string): NumberResult {
  if (!text.endsWith(symbol)) return INVALID;
  const result = parseInt32(text.slice(0, text.length - symbol.length));
  if (result.ok && result.value < 0n) return RANGE;
  return result;
}

/** A value with up to `places` decimals before `symbol`, scaled to an integer (`1.5%` → 150 with 2 places). */
function scaledBefore(text: string, symbol: string, places: number): NumberResult {
  if (!text.endsWith(symbol)) return INVALID;
  const body = text.slice(0, text.length - symbol.length);
  const dot = body.indexOf('.');
  let decimals = 0;
  let integer = body;
  if (dot >= 0) {
    const after = body.slice(dot + 1);
    if (after.length < 1 || after.length > places || ![...after].every(isDigit)) return INVALID;
    decimals = Number(after.padEnd(places, '0'));
    integer = body.slice(0, dot);
  }
  const result = parseInt32(integer);
  if (!result.ok) return result;
  if (result.value < 0n) return RANGE;
  const scale = 10n ** BigInt(places);
  if (result.value > (INT_MAX - BigInt(decimals)) / scale) return RANGE;
  return { ok: true, value: result.value * scale + BigInt(decimals) };
}

/** parse_permyriad_unbounded(): `5%`, `1.25%`, `2.5‰`, `25‱` as parts per ten thousand. */
export function parsePermyriadUnbounded(text: string): NumberResult {
  if (text.endsWith('\u2031')) return wholeBefore(text, '\u2031');
  if (text.endsWith('\u2030')) {
    const result = scaledBefore(text, '\u2030', 1);
    return result;
  }
  return scaledBefore(text, '%', 2);
}

/** parse_permyriad(): at most 100%. */
export function parsePermyriad(text: string): NumberResult {
  const result = parsePermyriadUnbounded(text);
  if (result.ok && result.value > 10000n) return RANGE;
  return result;
}
