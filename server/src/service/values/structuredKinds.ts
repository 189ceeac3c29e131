/**
 * Checkers for values with structure: command lines, socket addresses, unit names, paths, user names and environment
 * assignments. Each says what systemd's own parser (src/core/load-fragment.c, systemd 252…262) says about the value:
 * `error` where the unit fails to load, `warning` where the line (or a word of it) is logged and ignored, and
 * `information` for what systemd accepts with a notice.
 */
import type { SeverityName } from '../rules/rule';
import { MAX_FINDINGS_PER_VALUE, type ValueChecker, type ValueCode, type ValueFinding } from './checker';
import { isUnixAddress, socketAddressProblem } from './structured-net';
import { eachWord, nextWord, unbalancedQuote, WHITESPACE, type Word } from './structured-words';
import { checkConditionPath, checkDocumentation, checkPrintfString } from './extra-strings';
import { checkCalendar } from './calendar';
import { utf8ByteLength } from '../util/utf8';
import { isUnitType, UNIT_TYPES } from '../catalog/unitTypes';

export const STRUCTURED_CODES: readonly ValueCode[] = [
  { code: 'unknown-specifier', severity: 'error', title: 'A `%` specifier systemd does not know' },
  { code: 'stray-percent', severity: 'information', title: 'A lone `%` at the end of a value is kept as it is' },
  { code: 'invalid-escape', severity: 'warning', title: 'A backslash escape systemd does not know' },
  { code: 'unbalanced-quotes', severity: 'warning', title: 'A quote is opened but never closed' },
  {
    code: 'invalid-exec-prefix',
    severity: 'error',
    title: 'Command prefixes repeated or combined in a way systemd refuses',
  },
  { code: 'relative-executable', severity: 'error', title: 'The executable is a relative path' },
  {
    code: 'invalid-executable',
    severity: 'error',
    title: 'The executable name is empty, a directory or has special characters',
  },
  {
    // systemd accepts the line silently, so information; it is still almost always a mistake.
    code: 'shell-syntax-in-exec',
    severity: 'information',
    title: 'Shell syntax in a command line, which systemd passes as plain arguments',
  },
  { code: 'invalid-listen-address', severity: 'warning', title: 'A socket address systemd cannot parse' },
  { code: 'invalid-unit-name', severity: 'warning', title: 'Not a valid unit name' },
  { code: 'wrong-unit-type', severity: 'warning', title: 'A unit of the wrong type for this setting' },
  { code: 'relative-path', severity: 'warning', title: 'A path that must be absolute is relative' },
  { code: 'unnormalized-path', severity: 'warning', title: 'A path with a `..` component' },
  { code: 'invalid-user-name', severity: 'error', title: 'Not a valid user or group name or numeric ID' },
  { code: 'unportable-user-name', severity: 'warning', title: 'A user or group name outside the portable rules' },
  { code: 'invalid-environment', severity: 'warning', title: 'Not a valid `NAME=value` environment assignment' },
  { code: 'invalid-url', severity: 'warning', title: 'A Documentation= URL systemd does not take' },
  { code: 'user-nobody', severity: 'warning', title: 'User=nobody, which systemd warns is not safe' },
];

const SEVERITY: Readonly<Record<string, SeverityName>> = Object.fromEntries(
  STRUCTURED_CODES.map((c) => [c.code, c.severity]),
);

function finding(code: string, message: string, offset: number, length: number, severity?: SeverityName): ValueFinding {
  return { code, severity: severity ?? SEVERITY[code] ?? 'warning', message, offset, length };
}

// ---------------------------------------------------------------------------------------------------------------
// Specifiers (src/shared/specifier.c, src/core/unit-printf.c)

/** Letters unit_full_printf() knows (systemd.unit(5) "Specifiers", plus the deprecated %c, %r, %R). */
export const FULL_SPECIFIERS = 'aAbBCdDEfgGhHiIjJlLmMnNopPqsStTuUvVwWyYcrR';
/** Letters unit_name_printf() knows, for unit names in dependencies, Slice=, Unit=, Service=. */
export const UNIT_NAME_SPECIFIERS = 'ijnNpaAbBHlqmMovwWgGuU';

export interface SpecifierOptions {
  /** The letters the parser knows; all of systemd.unit(5) by default. */
  readonly letters?: string;
  /** Severity for an unknown specifier: `error` where the unit fails to load, `warning` where the line is ignored. */
  readonly severity?: SeverityName;
}

/**
 * `%` specifiers as specifier_printf() reads them: `%%` is a percent sign, a known letter is replaced, an unknown
 * letter or digit fails the whole assignment, any other character after `%` is kept as it is, and a `%` at the very
 * end is kept too.
 */
export function checkSpecifiers(value: string, options: SpecifierOptions = {}): ValueFinding[] {
  const findings: ValueFinding[] = [];
  if (!value.includes('%')) return findings;
  const letters = options.letters ?? FULL_SPECIFIERS;
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') continue;
    const c = value[i + 1];
    if (c === undefined) {
      findings.push(
        finding(
          'stray-percent',
          'A `%` at the end is kept as it is; write `%%` to make a literal percent sign clear.',
          i,
          1,
        ),
      );
      break;
    }
    if (c !== '%' && /[A-Za-z0-9]/.test(c) && !letters.includes(c)) {
      findings.push(
        finding(
          'unknown-specifier',
          `\`%${c}\` is not a specifier systemd knows, and it refuses the whole value. Write \`%%${c}\` for a literal \`%${c}\`.`,
          i,
          2,
          options.severity,
        ),
      );
    }
    i++;
  }
  return findings;
}

/** Whether a value still holds specifiers after `%%` (then its final form is only known at load time). */
function hasSpecifiers(value: string): boolean {
  return /%[^%]/.test(value.replace(/%%/g, ''));
}

/** Replaces `%%` by `%`, for values without other specifiers. */
function unpercent(value: string): string {
  return value.replace(/%%/g, '%');
}

// ---------------------------------------------------------------------------------------------------------------
// Escapes

function escapeFindings(value: string, word: Word, severity?: SeverityName, lineIgnored = false): ValueFinding[] {
  if (word.unknownEscapes.length === 0) return [];
  return word.unknownEscapes.map((span) => {
    const seq = value.slice(span.offset, span.offset + span.length);
    const outcome = lineIgnored ? ', so it ignores this and the rest of the line' : ' (it keeps the backslash)';
    const message =
      seq === '\\$'
        ? `\`\\$\` is not an escape systemd knows${outcome}. Write \`$NAME\` to expand a variable, or \`$$\` for a literal dollar sign.`
        : `\`${seq}\` is not an escape systemd knows${outcome}. Write \`\\\\\` for a literal backslash.`;
    return finding('invalid-escape', message, span.offset, span.length, severity);
  });
}

/**
 * Backslash escapes as cunescape_one() reads them in command lines and environment assignments: reports each one
 * systemd does not know (such as `\q`, or `\$MAINPID` copied from shell scripts), and a quote left open.
 */
export function checkEscapes(value: string): ValueFinding[] {
  const findings: ValueFinding[] = [];
  let pos = 0;
  for (;;) {
    const result = nextWord(value, pos, { unquote: true, cunescape: true });
    if (result.kind === 'end') break;
    if (result.kind === 'unbalanced') {
      findings.push(unbalanced(result.offset, result.length, 'warning', 'systemd ignores it'));
      break;
    }
    findings.push(...escapeFindings(value, result.word));
    pos = result.next;
  }
  return findings;
}

function unbalanced(offset: number, length: number, severity: SeverityName, consequence: string): ValueFinding {
  return finding(
    'unbalanced-quotes',
    `This quote is never closed, so ${consequence}. Close it, or write \`\\"\` / \`\\'\` for a literal quote.`,
    offset,
    length,
    severity,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Command lines (config_parse_exec)

const SHELL_OPERATORS = new Set(['|', '||', '&&', '&', '>', '>>', '<', '<<', '2>&1', '>&2', '1>&2', '&>', '|&']);
const REDIRECTION = /^([0-9]?>>?|&>>?|<)(&[0-9]|\/\S*)$/;

function isShellSyntax(word: Word): boolean {
  if (word.quotedOrEscaped) return false;
  return SHELL_OPERATORS.has(word.text) || REDIRECTION.test(word.text);
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0001-\u001f"'\\\u007f]/;
const NAME_MAX = 255;
const PATH_MAX = 4096;

function pathComponentsValid(path: string): boolean {
  // A UTF-16 unit is at most 3 UTF-8 bytes: a short path cannot break either limit.
  if (path.length * 3 <= NAME_MAX) return true;
  if (utf8ByteLength(path) >= PATH_MAX) return false;
  return path.split('/').every((c) => utf8ByteLength(c) <= NAME_MAX);
}

const checkCommandLine: ValueChecker = (value) => {
  const findings: ValueFinding[] = [];
  if (value.length === 0) return findings;
  const options = { unquote: true, cunescape: true } as const;
  let pos = 0;
  for (;;) {
    const first = nextWord(value, pos, options);
    if (first.kind === 'end') return findings;
    if (first.kind === 'unbalanced') {
      findings.push(unbalanced(first.offset, first.length, 'warning', 'systemd ignores this command'));
      return findings;
    }
    const word = first.word;
    pos = first.next;
    findings.push(...escapeFindings(value, word));
    if (word.text === ';') continue;

    // Prefixes: each of @ - : at most once, and one of + ! !! — in any order.
    let ignore = false;
    let argv0 = false;
    let noEnv = false;
    let privilege: '' | '+' | '!' | '!!' = '';
    let k = 0;
    for (; k < word.text.length; k++) {
      const c = word.text[k];
      if (c === '-' && !ignore) ignore = true;
      else if (c === '@' && !argv0) argv0 = true;
      else if (c === ':' && !noEnv) noEnv = true;
      else if (c === '+' && privilege === '') privilege = '+';
      else if (c === '!' && privilege === '') privilege = '!';
      else if (c === '!' && privilege === '!') privilege = '!!';
      else break;
    }
    const fatal: SeverityName = ignore ? 'warning' : 'error';
    const consequence = ignore ? 'systemd ignores this command' : 'the unit fails to load';
    const path = word.text.slice(k);
    const span = [word.offset, word.length] as const;

    const specifiers = checkSpecifiers(path, { severity: fatal }).filter((f) => f.code === 'unknown-specifier');
    if (specifiers.length > 0) {
      findings.push(...specifiers.map((f) => ({ ...f, offset: word.offset, length: word.length })));
      return findings;
    }
    const resolved = hasSpecifiers(path) ? undefined : unpercent(path);
    if (path.length === 0) {
      findings.push(
        finding(
          'invalid-executable',
          `A prefix with no command after it: ${consequence}. Add the executable.`,
          ...span,
          fatal,
        ),
      );
      return findings;
    }
    if (resolved !== undefined) {
      const leftover = /^[-@:+!]+(?=\/)/.exec(resolved);
      let problem: [string, string] | undefined;
      if (leftover) {
        problem = [
          'invalid-exec-prefix',
          `\`${word.text.slice(0, k + leftover[0].length)}\` is not a valid prefix combination: each of \`@\`, \`-\`, \`:\` may appear once, plus one of \`+\`, \`!\` or \`!!\`; ${consequence}.`,
        ];
      } else if (UNSAFE.test(resolved)) {
        problem = [
          'invalid-executable',
          `The executable name has quotes, backslashes or control characters: ${consequence}.`,
        ];
      } else if (resolved.endsWith('/')) {
        problem = ['invalid-executable', `The executable path ends in \`/\`, which is a directory: ${consequence}.`];
      } else if (resolved.startsWith('/')) {
        if (!pathComponentsValid(resolved))
          problem = ['invalid-executable', `The executable path is too long: ${consequence}.`];
      } else if (resolved.includes('/')) {
        problem = [
          'relative-executable',
          `\`${resolved}\` is a relative path: ${consequence}. Write an absolute path, or a plain name (without \`/\`) that systemd looks up in its search path.`,
        ];
      } else if (resolved === '.' || resolved === '..' || utf8ByteLength(resolved) > NAME_MAX) {
        problem = ['invalid-executable', `\`${resolved}\` is not a valid executable name: ${consequence}.`];
      }
      if (problem) {
        findings.push(finding(problem[0], problem[1], ...span, fatal));
        return findings;
      }
    }

    let arguments_ = argv0 ? 0 : 1;
    let semicolon = false;
    // A lone `;` ends the command; a lone `\\;` is an argument `;`. Looked at in place: no copy of the rest.
    const endsWord = (at: number) => at >= value.length || WHITESPACE.includes(value[at]!);
    while (pos < value.length) {
      if (value.charCodeAt(pos) === 0x3b /* ; */ && endsWord(pos + 1)) {
        pos++;
        while (pos < value.length && WHITESPACE.includes(value[pos]!)) pos++;
        semicolon = true;
        break;
      }
      if (value.charCodeAt(pos) === 0x5c /* \\ */ && value.charCodeAt(pos + 1) === 0x3b && endsWord(pos + 2)) {
        pos += 2;
        while (pos < value.length && WHITESPACE.includes(value[pos]!)) pos++;
        arguments_++;
        continue;
      }
      const next = nextWord(value, pos, options);
      if (next.kind === 'end') break;
      if (next.kind === 'unbalanced') {
        findings.push(unbalanced(next.offset, next.length, fatal, consequence));
        return findings;
      }
      pos = next.next;
      arguments_++;
      // Most arguments are plain words: no escape to report and no `%` to look at.
      if (next.word.unknownEscapes.length > 0) findings.push(...escapeFindings(value, next.word));
      if (findings.length >= MAX_FINDINGS_PER_VALUE) return findings;
      if (next.word.text.includes('%')) {
        const argSpecifiers = checkSpecifiers(next.word.text, { severity: fatal });
        // Offsets inside the decoded word match the value only for plain words; otherwise mark the whole word.
        const place = (f: ValueFinding) =>
          next.word.quotedOrEscaped
            ? { ...f, offset: next.word.offset, length: next.word.length }
            : { ...f, offset: next.word.offset + f.offset };
        findings.push(...argSpecifiers.map(place));
        if (argSpecifiers.some((f) => f.code === 'unknown-specifier')) return findings;
      }
      if (isShellSyntax(next.word)) {
        findings.push(
          finding(
            'shell-syntax-in-exec',
            `\`${next.word.text}\` is passed to the program as a plain argument: systemd runs no shell. Wrap the command in \`/bin/sh -c '…'\` if you need pipes or redirections.`,
            next.word.offset,
            next.word.length,
          ),
        );
      }
    }
    if (arguments_ === 0) {
      findings.push(
        finding(
          'invalid-executable',
          `With \`@\` the second word is the program's name (argv[0]), and it is missing: ${consequence}.`,
          ...span,
          fatal,
        ),
      );
      return findings;
    }
    if (!semicolon) return findings;
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Socket addresses (config_parse_socket_listen)

const PATH_LISTENERS = new Set(['ListenFIFO', 'ListenSpecial', 'ListenMessageQueue', 'ListenUSBFunction']);

const checkSocketAddress: ValueChecker = (value, context) => {
  if (value.length === 0) return [];
  const name = context.directive.name;
  const specifiers = checkSpecifiers(value, { severity: 'warning' }).filter((f) => f.code === 'unknown-specifier');
  if (specifiers.length > 0) return specifiers;
  if (hasSpecifiers(value)) return [];
  const resolved = unpercent(value);
  const whole = [0, value.length] as const;
  if (PATH_LISTENERS.has(name)) {
    return checkOnePath(resolved, name, 0, value.length, 'warning');
  }
  if (name === 'ListenNetlink') return [];
  if (!['ListenStream', 'ListenDatagram', 'ListenSequentialPacket'].includes(name)) return [];
  const problem = socketAddressProblem(resolved);
  if (problem) {
    return [finding('invalid-listen-address', `Not a valid address: ${problem}. systemd ignores this line.`, ...whole)];
  }
  if (name === 'ListenSequentialPacket' && !isUnixAddress(resolved)) {
    return [
      finding(
        'invalid-listen-address',
        'Sequential packet sockets exist only for AF_UNIX: use a path or `@name`. systemd ignores this line.',
        ...whole,
      ),
    ];
  }
  return [];
};

// ---------------------------------------------------------------------------------------------------------------
// Unit names (unit_name_is_valid in src/basic/unit-name.c)

const UNIT_NAME_MAX = 256;

/** Why a unit name is not valid (plain, template or instance), or undefined. */
export function unitNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (utf8ByteLength(name) >= UNIT_NAME_MAX) return `a unit name must be shorter than ${UNIT_NAME_MAX} bytes`;
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return `a unit name needs a type suffix such as \`.service\` or \`.target\``;
  const suffix = name.slice(dot + 1);
  if (!isUnitType(suffix))
    return `\`.${suffix}\` is not a unit type (use one of ${UNIT_TYPES.map((t) => '.' + t).join(', ')})`;
  const stem = name.slice(0, dot);
  const bad = /[^A-Za-z0-9:\-_.\\@]/.exec(stem);
  if (bad) return `\`${bad[0]}\` is not allowed in a unit name (letters, digits and \`:-_.\\@\` are)`;
  if (stem.startsWith('@')) return 'a unit name cannot start with `@`';
  return undefined;
}

function unitTypeOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

const INSTALL_LISTS = new Set(['WantedBy', 'RequiredBy', 'UpheldBy', 'Also', 'Alias']);

const checkUnitList: ValueChecker = (value, context) => {
  const name = context.directive.name;
  const install = context.section === 'Install';
  if (install && !INSTALL_LISTS.has(name)) return [];
  const findings: ValueFinding[] = [];
  const options = install
    ? { unquote: true, cunescape: false, retainEscape: true }
    : { unquote: false, cunescape: false, retainEscape: true };
  let open: { offset: number; length: number } | undefined;
  // Word by word, so that a list of half a million bad names stops at the findings limit rather than being split
  // whole first.
  for (let pos = 0; findings.length < MAX_FINDINGS_PER_VALUE;) {
    const next = nextWord(value, pos, options);
    if (next.kind === 'end') break;
    if (next.kind === 'unbalanced') {
      open = next;
      break;
    }
    const word = next.word;
    pos = next.next;
    if (!install) {
      const specifiers = checkSpecifiers(word.text, { letters: UNIT_NAME_SPECIFIERS, severity: 'warning' }).filter(
        (f) => f.code === 'unknown-specifier',
      );
      if (specifiers.length > 0) {
        findings.push(
          ...specifiers.map((f) => ({
            ...f,
            message: `\`${word.text.substr(f.offset, 2)}\` cannot be used in a unit name; systemd ignores this name.`,
            offset: word.offset + f.offset,
          })),
        );
        continue;
      }
    }
    if (word.text.includes('%')) continue;
    const consequence = install ? '`systemctl enable` refuses it' : 'systemd ignores it';
    const problem = unitNameProblem(word.text);
    if (problem) {
      findings.push(
        finding(
          'invalid-unit-name',
          `\`${word.text}\` is not a valid unit name: ${problem}; ${consequence}.`,
          word.offset,
          word.length,
        ),
      );
      continue;
    }
    if (name === 'Sockets' && unitTypeOf(word.text) !== 'socket') {
      findings.push(
        finding(
          'wrong-unit-type',
          `Sockets= lists \`.socket\` units; systemd ignores \`${word.text}\`.`,
          word.offset,
          word.length,
        ),
      );
    }
    if (name === 'Alias' && context.unitType !== undefined && unitTypeOf(word.text) !== context.unitType) {
      findings.push(
        finding(
          'wrong-unit-type',
          `An alias must have the unit's own type \`.${context.unitType}\`; ${consequence}.`,
          word.offset,
          word.length,
        ),
      );
    }
  }
  if (open && install) findings.push(unbalanced(open.offset, open.length, 'warning', '`systemctl enable` fails'));
  return findings;
};

const checkUnitName: ValueChecker = (value, context) => {
  if (value.length === 0) return [];
  const specifiers = checkSpecifiers(value, { letters: UNIT_NAME_SPECIFIERS, severity: 'warning' }).filter(
    (f) => f.code === 'unknown-specifier',
  );
  if (specifiers.length > 0) return specifiers;
  if (value.includes('%')) return [];
  const whole = [0, value.length] as const;
  const problem = unitNameProblem(value);
  if (problem)
    return [finding('invalid-unit-name', `Not a valid unit name: ${problem}; systemd ignores this line.`, ...whole)];
  const wanted: Readonly<Record<string, string>> = { Service: 'service', Slice: 'slice' };
  const type = wanted[context.directive.name];
  if (type !== undefined && unitTypeOf(value) !== type) {
    return [
      finding(
        'wrong-unit-type',
        `${context.directive.name}= needs a \`.${type}\` unit; systemd ignores this line.`,
        ...whole,
      ),
    ];
  }
  return [];
};

// ---------------------------------------------------------------------------------------------------------------
// Paths (path_simplify_and_warn with PATH_CHECK_ABSOLUTE)

/** Settings whose bad path fails the unit (config_parse_unit_path_printf with `fatal`, WorkingDirectory= without `-`). */
const FATAL_PATHS = new Set(['RootDirectory', 'RootImage', 'RootVerity', 'WorkingDirectory']);

function checkOnePath(
  path: string,
  name: string,
  offset: number,
  length: number,
  severity: SeverityName,
): ValueFinding[] {
  const consequence = severity === 'error' ? 'the unit fails to load' : 'systemd ignores it';
  if (!path.startsWith('/')) {
    return [
      finding(
        'relative-path',
        `${name}= needs an absolute path (starting with \`/\`): ${consequence}.`,
        offset,
        length,
        severity,
      ),
    ];
  }
  if (path.split('/').includes('..')) {
    return [
      finding(
        'unnormalized-path',
        `A path with \`..\` is not accepted: ${consequence}. Write the path without it.`,
        offset,
        length,
        severity,
      ),
    ];
  }
  return [];
}

const checkPath: ValueChecker = (value, context) => {
  if (value.length === 0) return [];
  const name = context.directive.name;
  let path = value;
  let start = 0;
  let severity: SeverityName = FATAL_PATHS.has(name) ? 'error' : 'warning';
  if ((name === 'WorkingDirectory' || name === 'EnvironmentFile') && path.startsWith('-')) {
    path = path.slice(1);
    start = 1;
    severity = 'warning';
  }
  if (name === 'WorkingDirectory' && path === '~') return [];
  const specifiers = checkSpecifiers(path, { severity }).filter((f) => f.code === 'unknown-specifier');
  if (specifiers.length > 0) return specifiers.map((f) => ({ ...f, offset: f.offset + start }));
  if (hasSpecifiers(path)) return [];
  path = unpercent(path);
  if (name === 'PIDFile') {
    // A relative PID file is taken below /run.
    return path.split('/').includes('..')
      ? [
          finding(
            'unnormalized-path',
            'A path with `..` is not accepted: the unit fails to load.',
            0,
            value.length,
            'error',
          ),
        ]
      : [];
  }
  return checkOnePath(path, name, start, value.length - start, severity);
};

/** Lists read by config_parse_namespace_path_strv: each path may start with `-`, then `+`. */
const NAMESPACE_LISTS = new Set([
  'ReadWritePaths',
  'ReadOnlyPaths',
  'InaccessiblePaths',
  'ExecPaths',
  'NoExecPaths',
  'ExtensionDirectories',
  'ReadWriteDirectories',
  'ReadOnlyDirectories',
  'InaccessibleDirectories',
]);
const PLAIN_LISTS = new Set(['Symlinks', 'RequiresMountsFor', 'WantsMountsFor']);

const checkPathList: ValueChecker = (value, context) => {
  const name = context.directive.name;
  const prefixes = NAMESPACE_LISTS.has(name);
  if (!prefixes && !PLAIN_LISTS.has(name)) return [];
  const findings: ValueFinding[] = [];
  const options = { unquote: true, cunescape: false };
  const open = unbalancedQuote(value, options);
  if (open) {
    return [unbalanced(open.offset, open.length, 'warning', 'systemd ignores the whole line')];
  }
  for (const word of eachWord(value, options)) {
    if (findings.length >= MAX_FINDINGS_PER_VALUE) break;
    let path = word.text;
    if (prefixes) {
      if (path.startsWith('-')) path = path.slice(1);
      if (path.startsWith('+')) path = path.slice(1);
    }
    const specifiers = checkSpecifiers(path, { severity: 'warning' }).filter((f) => f.code === 'unknown-specifier');
    if (specifiers.length > 0) {
      findings.push(...specifiers.map((f) => ({ ...f, offset: word.offset, length: word.length })));
      if (name === 'Symlinks') break;
      continue;
    }
    if (hasSpecifiers(path)) continue;
    let problems = checkOnePath(unpercent(path), name, word.offset, word.length, 'warning');
    if (prefixes && problems.length > 0 && /^\+-/.test(word.text)) {
      problems = [
        finding(
          'relative-path',
          'Write `-` before `+` (`-+/path`): with `+-` systemd ignores this path.',
          word.offset,
          word.length,
        ),
      ];
    }
    findings.push(...problems);
    if (problems.length > 0 && name === 'Symlinks') break;
  }
  return findings;
};

// ---------------------------------------------------------------------------------------------------------------
// User and group names (valid_user_group_name in src/basic/user-util.c, relaxed, numeric IDs allowed)

function validUid(text: string): boolean {
  if (!/^[0-9]+$/.test(text)) return false;
  const n = Number(text);
  return n < 4294967295 && n !== 65535;
}

const checkUserOrGroup: ValueChecker = (value, context) => {
  if (value.length === 0) return [];
  const specifiers = checkSpecifiers(value, { severity: 'error' }).filter((f) => f.code === 'unknown-specifier');
  if (specifiers.length > 0) return specifiers;
  if (hasSpecifiers(value)) return [];
  const name = unpercent(value);
  const whole = [0, value.length] as const;
  if (name === 'nobody' && (context.directive.name === 'User' || context.directive.name === 'SocketUser')) {
    return [
      finding(
        'user-nobody',
        'systemd warns that running as nobody is not safe: files owned by nobody are shared with every other such service. Use DynamicUser=yes or a user of its own.',
        ...whole,
      ),
    ];
  }
  if (validUid(name)) return [];
  const invalid = (why: string) => [
    finding('invalid-user-name', `Not a valid user or group: ${why}. The unit fails to load.`, ...whole),
  ];
  if (/^-?[0-9]+$/.test(name)) return invalid('numeric IDs go from 0 to 4294967294, except 65535');
  if (name.startsWith(' ') || name.endsWith(' ')) return invalid('remove the spaces around the name');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return invalid('control characters are not allowed');
  if (/[:/]/.test(name)) return invalid('`:` and `/` are not allowed');
  if (name === '.' || name === '..') return invalid('`.` and `..` are not names');
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) || name.length > 31) {
    return [
      finding(
        'unportable-user-name',
        'systemd accepts this name but logs a warning: portable names start with a letter or `_` and use only letters, digits, `_` and `-` (at most 31 characters).',
        ...whole,
      ),
    ];
  }
  return [];
};

// ---------------------------------------------------------------------------------------------------------------
// Environment= (config_parse_environ)

const checkEnvironment: ValueChecker = (value) => {
  if (value.length === 0) return [];
  const findings: ValueFinding[] = [];
  const options = { unquote: true, cunescape: true };
  const open = unbalancedQuote(value, options);
  // extract_first_word() without the relaxed retry: an unknown escape or open quote drops the rest of the line.
  for (const word of eachWord(value, options)) {
    if (findings.length >= MAX_FINDINGS_PER_VALUE) break;
    if (word.unknownEscapes.length > 0) {
      findings.push(...escapeFindings(value, word, 'warning', true));
      return findings;
    }
    const specifiers = checkSpecifiers(word.text, { severity: 'warning' }).filter(
      (f) => f.code === 'unknown-specifier',
    );
    if (specifiers.length > 0) {
      findings.push(...specifiers.map((f) => ({ ...f, offset: word.offset, length: word.length })));
      continue;
    }
    const eq = word.text.indexOf('=');
    const variable = eq < 0 ? undefined : word.text.slice(0, eq);
    let problem: string | undefined;
    if (variable === undefined) problem = `\`${word.text}\` has no \`=\`; write \`NAME=value\``;
    else if (variable === '') problem = 'the variable name before `=` is empty';
    else if (/^[0-9]/.test(variable)) problem = 'a variable name cannot start with a digit';
    else if (/[^A-Za-z0-9_]/.test(variable))
      problem = `\`${variable}\` is not a valid variable name (letters, digits and \`_\` only)`;
    if (problem) {
      findings.push(
        finding(
          'invalid-environment',
          `${problem}. systemd ignores this assignment; quote an assignment whose value has spaces: \`"NAME=a b"\`.`,
          word.offset,
          word.length,
        ),
      );
    }
  }
  if (open) findings.push(unbalanced(open.offset, open.length, 'warning', 'systemd ignores the whole line'));
  return findings;
};

export const STRUCTURED_CHECKERS: Readonly<Record<string, ValueChecker>> = {
  'command-line': checkCommandLine,
  'socket-address': checkSocketAddress,
  'unit-list': checkUnitList,
  'unit-name': checkUnitName,
  path: checkPath,
  'path-list': checkPathList,
  'user-or-group': checkUserOrGroup,
  environment: checkEnvironment,
  // values/extra-strings.ts imports from this file: calling through arrows keeps the import cycle harmless.
  string: (value, context) => checkPrintfString(value, context),
  'url-list': (value, context) => checkDocumentation(value, context),
  'condition-path': (value, context) => checkConditionPath(value, context),
  calendar: (value, context) => checkCalendar(value, context),
};
