/**
 * IP address prefixes as IPAddressAllow= and IPAddressDeny= read them: `any`, `localhost`, `link-local`, `multicast`,
 * or an address with an optional `/length`. Each prefix is stored masked to its length, as systemd stores it.
 */
import { ownValue } from '../util/ownValue';

export interface AddressPrefix {
  readonly family: 4 | 6;
  /** 4 or 16 bytes, masked to `length`. */
  readonly bytes: readonly number[];
  readonly length: number;
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

function parseIPv6(text: string): number[] | undefined {
  let source = text;
  const lastColon = source.lastIndexOf(':');
  if (lastColon >= 0 && source.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 address stands for the last two groups.
    const v4 = parseIPv4(source.slice(lastColon + 1));
    if (!v4) return undefined;
    const hex = (high: number, low: number) => ((high << 8) | low).toString(16);
    source = `${source.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = source.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const first = groups(halves[0]!);
  const second = halves.length === 2 ? groups(halves[1]!) : [];
  if (!first || !second) return undefined;
  let all: number[];
  if (halves.length === 2) {
    // `::` stands for at least one group of zeros.
    const missing = 8 - first.length - second.length;
    if (missing < 1) return undefined;
    all = [...first, ...new Array<number>(missing).fill(0), ...second];
  } else {
    if (first.length !== 8) return undefined;
    all = first;
  }
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

function masked(family: 4 | 6, bytes: readonly number[], length: number): AddressPrefix {
  const out = bytes.map((byte, index) => {
    const keep = Math.max(0, Math.min(8, length - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return { family, bytes: out, length };
}

const v4 = (a: number, b: number, length: number) => masked(4, [a, b, 0, 0], length);
const v6 = (first: number, second: number, last: number, length: number) =>
  masked(6, [first, second, ...new Array<number>(13).fill(0), last], length);

const NAMED: Readonly<Record<string, readonly AddressPrefix[]>> = {
  any: [v4(0, 0, 0), v6(0, 0, 0, 0)],
  'link-local': [v4(169, 254, 16), v6(0xfe, 0x80, 0, 64)],
  multicast: [v4(224, 0, 4), v6(0xff, 0, 0, 8)],
};
const LOCALHOST: readonly AddressPrefix[] = [masked(4, [127, 0, 0, 0], 8), v6(0, 0, 1, 128)];

/** is_localhost(): the names RFC 6761 reserves for the local host, and the `localdomain` variants. */
function isLocalhostName(word: string): boolean {
  const lower = word.toLowerCase();
  return (
    ['localhost', 'localhost.', 'localhost.localdomain', 'localhost.localdomain.'].includes(lower) ||
    ['.localhost', '.localhost.', '.localhost.localdomain', '.localhost.localdomain.'].some((end) =>
      lower.endsWith(end),
    )
  );
}

/** One word of IPAddressAllow=/IPAddressDeny=: the prefixes it stands for, or undefined when systemd ignores it. */
export function parseAddressWord(word: string): readonly AddressPrefix[] | undefined {
  const named = ownValue(NAMED, word);
  if (named) return named;
  if (isLocalhostName(word)) return LOCALHOST;
  const slash = word.indexOf('/');
  const address = slash < 0 ? word : word.slice(0, slash);
  const v4bytes = parseIPv4(address);
  const bytes = v4bytes ?? parseIPv6(address);
  if (!bytes) return undefined;
  const family = v4bytes ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  let length = max;
  if (slash >= 0) {
    const text = word.slice(slash + 1);
    if (!/^[0-9]{1,3}$/.test(text) || Number(text) > max) return undefined;
    length = Number(text);
  }
  return [masked(family, bytes, length)];
}

/** The whole address space of the family: `0.0.0.0/0` or `::/0`. */
export function isAnyPrefix(prefix: AddressPrefix): boolean {
  return prefix.length === 0;
}

/** in_addr_is_localhost(): anything in 127.0.0.0/8, or exactly ::1 (the prefix length plays no part). */
export function isLocalhostAddress(prefix: AddressPrefix): boolean {
  if (prefix.family === 4) return prefix.bytes[0] === 127;
  return prefix.bytes.slice(0, 15).every((byte) => byte === 0) && prefix.bytes[15] === 1;
}
