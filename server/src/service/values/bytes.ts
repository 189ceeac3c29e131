/**
 * Byte sizes as systemd reads them with base 1024 (parse_size() in src/basic/parse-util.c): `512`, `64K`, `1.5G`.
 * Suffixes are K, M, G, T, P, E (powers of 1024) and B; the number may have a fraction.
 */

const SUFFIXES: readonly (readonly [string, bigint])[] = [
  ['E', 1n << 60n],
  ['P', 1n << 50n],
  ['T', 1n << 40n],
  ['G', 1n << 30n],
  ['M', 1n << 20n],
  ['K', 1n << 10n],
  ['B', 1n],
  ['', 1n],
];

const MAX = (1n << 64n) - 1n;

export type ByteSizeResult = { ok: true; bytes: bigint } | { ok: false; error: string };

export function parseByteSize(text: string): ByteSizeResult {
  let i = 0;
  let total = 0n;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  let something = false;
  for (;;) {
    while (isSpace(text[i])) i++;
    if (i >= text.length) break;
    if (text[i] === '-') return { ok: false, error: 'negative' };
    const start = i;
    while (isDigit(text[i])) i++;
    const integer = text.slice(start, i);
    let fraction = '';
    if (text[i] === '.') {
      i++;
      const fractionStart = i;
      while (isDigit(text[i])) i++;
      fraction = text.slice(fractionStart, i);
    }
    if (integer.length === 0 && fraction.length === 0) return { ok: false, error: 'expected a number' };
    while (isSpace(text[i])) i++;
    const match = SUFFIXES.find(([suffix]) => text.startsWith(suffix, i))!;
    i += match[0].length;
    const [, factor] = match;
    let value = BigInt(integer || '0') * factor;
    if (fraction.length > 0) value += (BigInt(fraction) * factor) / 10n ** BigInt(fraction.length);
    total += value;
    if (total > MAX) return { ok: false, error: 'too large' };
    something = true;
  }
  return something ? { ok: true, bytes: total } : { ok: false, error: 'empty' };
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** `1610612736` → `1.5 GiB`: the largest unit that keeps the number at least 1, to one decimal where needed. */
export function formatByteSize(bytes: bigint): string {
  let unit = 0;
  let scale = 1n;
  while (unit < UNITS.length - 1 && bytes >= scale * 1024n) {
    scale *= 1024n;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1n ? 'byte' : 'bytes'}`;
  const tenths = (bytes * 10n) / scale;
  const text = tenths % 10n === 0n ? `${tenths / 10n}` : `${tenths / 10n}.${tenths % 10n}`;
  return `${text} ${UNITS[unit]}`;
}
