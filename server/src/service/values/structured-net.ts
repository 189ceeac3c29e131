/**
 * Socket addresses as systemd's socket_address_parse() reads them (src/shared/socket-netlink.c): a port, `IPv4:port`,
 * `[IPv6]:port` (optionally `%interface` after the port), `/path`, `@abstract` and `vsock:CID:PORT`.
 * Returns why the address is not valid, or undefined when it is.
 */

import { utf8ByteLength } from '../util/utf8';

/** strtoul() with base 0 as safe_atou() uses it: decimal, `0x` hex or leading-0 octal, an optional `+`. */
export function parseUnsignedAuto(text: string, allowLeadingSpace: boolean): number | undefined {
  let s = text;
  if (allowLeadingSpace) s = s.replace(/^[ \t\n\r\v\f]+/, '');
  if (s.startsWith('+')) s = s.slice(1);
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) value = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) value = parseInt(s, 8);
  else if (/^[1-9][0-9]*$/.test(s)) value = Number(s);
  else return undefined;
  return value;
}

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isIPv6(text: string): boolean {
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 address stands for the last two groups.
    if (!isIPv4(s.slice(lastColon + 1))) return false;
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const parse = (h: string): number | undefined => {
    if (h === '') return 0;
    const groups = h.split(':');
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups.length : undefined;
  };
  const head = parse(halves[0]!);
  if (head === undefined) return false;
  if (halves.length === 1) return head === 8;
  const tail = parse(halves[1]!);
  return tail !== undefined && head + tail <= 7;
}

/** ifname_valid_full() with alternative names and numbers allowed: no `/`, `:`, whitespace; not `.`/`..`. */
function interfaceNameValid(name: string): boolean {
  if (name.length === 0 || name.length > 127) return false;
  if (name === '.' || name === '..') return false;
  return !/[/:\s%]/.test(name);
}

/** A port as parse_ip_port() reads it: 1…65535. */
function portProblem(text: string): string | undefined {
  if (/^[ \t\n\r]/.test(text)) return 'the port is not a number';
  const port = parseUnsignedAuto(text, false);
  if (port === undefined) return 'the port is not a number';
  if (port === 0) return 'port 0 cannot be listened on';
  if (port > 65535) return 'the port is larger than 65535';
  return undefined;
}

const SUN_PATH_SIZE = 108;

export function socketAddressProblem(address: string): string | undefined {
  if (address.startsWith('/') || address.startsWith('@')) {
    if (address.length < 2) return 'an abstract socket name needs at least one character after `@`';
    if (utf8ByteLength(address) + 1 > SUN_PATH_SIZE)
      return `a socket path may be at most ${SUN_PATH_SIZE - 1} bytes long`;
    return undefined;
  }
  if (address.startsWith('vsock:')) {
    const rest = address.slice('vsock:'.length);
    const colon = rest.indexOf(':');
    if (colon < 0) return 'write a VSOCK address as `vsock:CID:PORT`';
    const port = parseUnsignedAuto(rest.slice(colon + 1), true);
    if (port === undefined || port > 0xffffffff) return 'the VSOCK port is not a number';
    const cid = rest.slice(0, colon);
    if (cid !== '') {
      const n = parseUnsignedAuto(cid, true);
      if (n === undefined || n > 0xffffffff) return 'the VSOCK CID is not a number';
    }
    return undefined;
  }
  if (/^[0-9]/.test(address) || address.startsWith('+')) {
    const plain = parseUnsignedAuto(address, false);
    if (plain !== undefined) {
      if (plain > 65535) return 'the port is larger than 65535';
      if (plain !== 0) return undefined;
    }
  }
  let s = address;
  if (s.includes('#')) return 'a server name (`#name`) is not allowed here';
  const percent = s.indexOf('%');
  if (percent >= 0) {
    if (!interfaceNameValid(s.slice(percent + 1))) return 'the interface name after `%` is not valid';
    s = s.slice(0, percent);
  }
  const colon = s.lastIndexOf(':');
  if (colon < 0) {
    return isIPv4(s)
      ? 'an address needs a port: write `ADDRESS:PORT`'
      : 'not a port, `ADDRESS:PORT`, `[IPv6]:PORT`, path or `vsock:CID:PORT`';
  }
  if (s.startsWith('[')) {
    if (s[colon - 1] !== ']') return 'write an IPv6 address with a port as `[ADDRESS]:PORT`';
    const port = portProblem(s.slice(colon + 1));
    if (port) return port;
    if (!isIPv6(s.slice(1, colon - 1))) return 'not a valid IPv6 address';
    return undefined;
  }
  if (isIPv6(s)) return 'an IPv6 address needs a port: write `[ADDRESS]:PORT`';
  if (!isIPv4(s.slice(0, colon))) {
    return 'not a numeric IPv4 address (host names are not resolved; use a port alone to listen on all addresses)';
  }
  return portProblem(s.slice(colon + 1));
}

export function isUnixAddress(address: string): boolean {
  return address.startsWith('/') || address.startsWith('@');
}
