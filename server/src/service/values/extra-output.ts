/**
 * StandardInput=, StandardOutput= and StandardError= (config_parse_exec_input, config_parse_exec_output): a keyword,
 * `fd:NAME`, or a file (`file:PATH`, and for output `append:PATH` and `truncate:PATH`). Checked against systemd 252;
 * everything reported here is a line systemd logs and ignores, except the obsolete `syslog` outputs, which it takes
 * as the journal.
 */
import type { ValueChecker, ValueFinding } from './checker';
import { checkSpecifiers } from './structuredKinds';
import { ownValue } from '../util/ownValue';

const OUTPUTS = ['inherit', 'null', 'tty', 'journal', 'kmsg', 'journal+console', 'kmsg+console', 'socket'];
const INPUTS = ['null', 'tty', 'tty-force', 'tty-fail', 'socket', 'data'];
const OBSOLETE: Readonly<Record<string, string>> = { syslog: 'journal', 'syslog+console': 'journal+console' };

function warning(code: string, message: string, offset: number, length: number): ValueFinding {
  return { code, severity: 'warning', message, offset, length };
}

/** fdname_is_valid(): printable ASCII without `:`, at most 255 characters. */
function validFdName(name: string): boolean {
  return name.length <= 255 && /^[\x20-\x39\x3b-\x7e]*$/.test(name);
}

function checkTarget(value: string, name: string, prefix: string, kinds: string): ValueFinding[] {
  const rest = value.slice(prefix.length);
  const at = prefix.length;
  const unknown = checkSpecifiers(rest, { severity: 'warning' }).filter((f) => f.code === 'unknown-specifier');
  if (unknown.length > 0) return unknown.map((f) => ({ ...f, offset: f.offset + at }));
  if (/%[^%]/.test(rest.replace(/%%/g, ''))) return [];
  const target = rest.replace(/%%/g, '%');
  if (prefix === 'fd:') {
    if (validFdName(target)) return [];
    return [
      warning(
        'invalid-output',
        `\`${target}\` is not a file descriptor name (printable ASCII without \`:\`, at most 255 characters); systemd ignores this line.`,
        at,
        rest.length,
      ),
    ];
  }
  if (!target.startsWith('/')) {
    return [
      warning(
        'relative-path',
        `${name}=${prefix} needs an absolute path (starting with \`/\`) for ${kinds}; systemd ignores this line.`,
        at,
        rest.length,
      ),
    ];
  }
  if (target.split('/').includes('..')) {
    return [
      warning(
        'unnormalized-path',
        'A path with `..` is not accepted: systemd ignores this line. Write the path without it.',
        at,
        rest.length,
      ),
    ];
  }
  return [];
}

function checkStream(input: boolean): ValueChecker {
  const keywords = input ? INPUTS : OUTPUTS;
  const prefixes = input ? ['fd:', 'file:'] : ['fd:', 'file:', 'append:', 'truncate:'];
  return (value, context) => {
    const name = context.directive.name;
    if (keywords.includes(value)) return [];
    const prefix = prefixes.find((p) => value.startsWith(p));
    if (prefix !== undefined) return checkTarget(value, name, prefix, input ? 'the file to read' : 'the log file');
    const replacement = input ? undefined : ownValue(OBSOLETE, value);
    if (replacement !== undefined) {
      return [
        {
          ...warning(
            'obsolete-output',
            `${name}=${value} is obsolete: systemd uses ${replacement} instead and warns about it. Write ${replacement}, or leave the setting out.`,
            0,
            value.length,
          ),
          fix: { title: `Replace with ${replacement}`, newText: replacement },
        },
      ];
    }
    const what = value === '' ? 'An empty value' : `"${value}"`;
    const forms = input
      ? `${keywords.join(', ')}, fd:NAME or file:PATH`
      : `${keywords.join(', ')}, fd:NAME, file:PATH, append:PATH or truncate:PATH`;
    return [
      warning(
        'invalid-output',
        `${what} is not a value of ${name}=; systemd ignores this line. Use one of: ${forms}.`,
        0,
        value.length,
      ),
    ];
  };
}

export const checkStandardInput: ValueChecker = checkStream(true);
export const checkStandardOutput: ValueChecker = checkStream(false);
