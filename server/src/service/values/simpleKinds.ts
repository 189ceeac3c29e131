/**
 * Value checkers for the simple value kinds: booleans, keywords, numbers, sizes, percentages, time spans, signals,
 * file modes, resource limits, exit statuses and errno names. Each says what systemd's own parser for the directive
 * says (src/core/load-fragment.c, src/shared/conf-parser.c, src/basic/parse-util.c), and nothing about values
 * systemd takes. All findings here are `warning`s (systemd logs the line and ignores it), except for a bad
 * `DynamicUser=`, which makes the unit fail to load.
 */
import type { ValueChecker, ValueCode, ValueContext, ValueFinding } from './checker';
import { checkStandardInput, checkStandardOutput } from './extra-output';
import { checkSpecifiers } from './structuredKinds';
import { ENUM_RULES, nearestKeyword, type EnumRule } from './simple-keywords';
import {
  parseInt32,
  parseLong,
  parseMode,
  parsePermyriad,
  parsePermyriadUnbounded,
  parseSize,
  parseUnsigned,
  UINT_MAX,
  UINT64_MAX,
  type NumberResult,
} from './simple-numbers';
import { parseTimespan, USEC_INFINITY } from './timespan';

export const SIMPLE_CODES: readonly ValueCode[] = [
  {
    code: 'invalid-boolean',
    severity: 'warning',
    title: 'The value is not a boolean (yes/no, true/false, on/off, 1/0).',
  },
  { code: 'invalid-enum', severity: 'warning', title: 'The value is not one of the keywords the directive accepts.' },
  { code: 'invalid-number', severity: 'warning', title: 'The value is not a number systemd can read.' },
  { code: 'number-out-of-range', severity: 'warning', title: 'The number is outside the range the directive allows.' },
  { code: 'invalid-timespan', severity: 'warning', title: 'The value is not a time span systemd can read.' },
  { code: 'invalid-size', severity: 'warning', title: 'The value is not a byte size systemd can read.' },
  { code: 'invalid-percent', severity: 'warning', title: 'The value is not a percentage systemd can read.' },
  { code: 'invalid-signal', severity: 'warning', title: 'The value is not a signal name or number.' },
  { code: 'invalid-mode', severity: 'warning', title: 'The value is not an octal file mode (0000 to 07777).' },
  { code: 'invalid-rlimit', severity: 'warning', title: 'The value is not a resource limit (soft[:hard]).' },
  { code: 'invalid-exit-status', severity: 'warning', title: 'The value is not an exit status (0 to 255 or a name).' },
  { code: 'invalid-errno', severity: 'warning', title: 'The value is not an errno name or number.' },
  {
    code: 'invalid-output',
    severity: 'warning',
    title: 'Not a value of StandardInput=, StandardOutput= or StandardError=.',
  },
  {
    code: 'obsolete-output',
    severity: 'warning',
    title: 'The obsolete syslog output, which systemd turns into journal.',
  },
  {
    code: 'value-too-new',
    severity: 'warning',
    title: 'A keyword newer than the configured systemd version, which that version ignores.',
  },
];

const SEVERITY = new Map(SIMPLE_CODES.map((c) => [c.code, c.severity]));

function parserOf(context: ValueContext): string | undefined {
  return context.directive.parser;
}

function finding(code: string, message: string, value: string, offset = 0, length = value.length): ValueFinding {
  return { code, severity: SEVERITY.get(code) ?? 'warning', message, offset, length };
}

const IGNORED = 'systemd ignores this line.';

function show(value: string): string {
  return value === '' ? 'An empty value' : `"${value}"`;
}

/** "Use one of: a, b, c." for up to ten keywords, otherwise a pointer to the completion list. */
function allowed(keywords: readonly string[]): string {
  return keywords.length <= 10 ? `Use one of: ${keywords.join(', ')}.` : 'See the completion list for the keywords.';
}

// ---------------------------------------------------------------------------------------------------- booleans

const TRUE_WORDS = ['1', 'yes', 'y', 'true', 't', 'on'];
const FALSE_WORDS = ['0', 'no', 'n', 'false', 'f', 'off'];

/** parse_boolean(): case-insensitive. */
export function parseBooleanWord(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  if (TRUE_WORDS.includes(lower)) return true;
  if (FALSE_WORDS.includes(lower)) return false;
  return undefined;
}

/** Directives whose bad boolean makes the unit fail to load (config_parse_bool with the fatal flag). */
const FATAL_BOOLEANS = new Set(['DynamicUser']);

const checkBoolean: ValueChecker = (value, context) => {
  const parser = parserOf(context);
  // An empty tristate means "not set"; the other boolean parsers refuse it.
  if (value === '' && parser === 'config_parse_tristate') return [];
  if (
    parser !== undefined &&
    !['config_parse_bool', 'config_parse_tristate', 'config_parse_job_mode_isolate'].includes(parser)
  )
    return [];
  if (parseBooleanWord(value) !== undefined) return [];
  const name = context.directive.name;
  if (FATAL_BOOLEANS.has(name)) {
    return [
      {
        ...finding('invalid-boolean', '', value),
        severity: 'error',
        message: `${show(value)} is not a boolean, and for ${name}= systemd refuses to load the unit. Use yes or no.`,
      },
    ];
  }
  return [finding('invalid-boolean', `${show(value)} is not a boolean; ${IGNORED} Use yes or no.`, value)];
};

// ---------------------------------------------------------------------------------------------------- keywords

function checkKeyword(value: string, context: ValueContext, rule: EnumRule): ValueFinding[] {
  if (value === '') {
    if (rule.emptyResets) return [];
    return [
      finding(
        'invalid-enum',
        `An empty value is not a value of ${context.directive.name}=; ${IGNORED} ${allowed(rule.keywords)}`,
        value,
      ),
    ];
  }
  if (rule.booleans && parseBooleanWord(value) !== undefined) return [];
  const matches = rule.caseInsensitive
    ? rule.keywords.some((k) => k.toLowerCase() === value.toLowerCase())
    : rule.keywords.includes(value);
  if (matches) return keywordTooNew(value, context, rule);
  if (rule.numericMax !== undefined) {
    const n = parseInt32(value);
    if (n.ok && n.value >= 0n && n.value <= BigInt(rule.numericMax)) return [];
  }
  const words = rule.booleans ? ['yes', 'no', ...rule.keywords] : [...rule.keywords];
  const near = nearestKeyword(value, words);
  const hint = near !== undefined ? ` Did you mean "${near}"?` : ` ${allowed(words)}`;
  const numbers = rule.numericMax !== undefined ? ` A number from 0 to ${rule.numericMax} works too.` : '';
  return [
    finding(
      'invalid-enum',
      `${show(value)} is not a value of ${context.directive.name}=; ${IGNORED}${hint}${numbers}`,
      value,
    ),
  ];
}

/** A known keyword that came after the configured systemd version: that version logs it and ignores the line. */
function keywordTooNew(value: string, context: ValueContext, rule: EnumRule): ValueFinding[] {
  const version = context.systemdVersion;
  const since = rule.since?.[rule.caseInsensitive ? value.toLowerCase() : value];
  if (since === undefined || typeof version !== 'number' || version >= since) return [];
  return [
    finding(
      'value-too-new',
      `systemd ${version} does not know ${context.directive.name}=${value} yet (it came in a later release); it ignores this line.`,
      value,
    ),
  ];
}

const checkEnum: ValueChecker = (value, context) => {
  const parser = parserOf(context);
  const rule = parser === undefined ? undefined : ENUM_RULES[parser];
  return rule === undefined ? [] : checkKeyword(value, context, rule);
};

// ---------------------------------------------------------------------------------------------------- numbers

function numberFinding(value: string, context: ValueContext, result: NumberResult, range: string): ValueFinding[] {
  if (result.ok) return [];
  const name = context.directive.name;
  if (result.error === 'range') {
    return [
      finding(
        'number-out-of-range',
        `${show(value)} is out of range for ${name}=; ${IGNORED} Allowed: ${range}.`,
        value,
      ),
    ];
  }
  return [finding('invalid-number', `${show(value)} is not a number; ${IGNORED} ${name}= takes ${range}.`, value)];
}

/** A signed integer read by safe_atoi(), optionally bounded; an empty value resets when `emptyResets`. */
function integerChecker(
  min: bigint,
  max: bigint,
  emptyResets: boolean,
  range: string,
  read = parseInt32,
): ValueChecker {
  return (value, context) => {
    if (value === '' && emptyResets) return [];
    const result = read(value);
    if (result.ok && (result.value < min || result.value > max)) {
      return numberFinding(value, context, { ok: false, error: 'range' }, range);
    }
    return numberFinding(value, context, result, range);
  };
}

const INT_RANGE = 'an integer';

const checkInteger: ValueChecker = (value, context) => {
  switch (parserOf(context)) {
    case 'config_parse_int':
      return integerChecker(-(1n << 31n), (1n << 31n) - 1n, false, INT_RANGE)(value, context);
    case 'config_parse_long':
      return integerChecker(-(1n << 63n), (1n << 63n) - 1n, false, INT_RANGE, parseLong)(value, context);
    case 'config_parse_swap_priority':
      return integerChecker(-1n, 32767n, true, 'an integer from -1 to 32767')(value, context);
    default:
      return [];
  }
};

const checkUnsigned: ValueChecker = (value, context) => {
  const parser = parserOf(context);
  if (parser !== 'config_parse_unsigned' && parser !== 'config_parse_tty_size') return [];
  if (value === '' && parser === 'config_parse_tty_size') return [];
  return numberFinding(value, context, parseUnsigned(value, UINT_MAX), 'a whole number from 0 to 4294967295');
};

/** cg_weight_parse(): 1..10000, empty unsets; CPUWeight= also takes `idle`. */
function weightChecker(idle: boolean): ValueChecker {
  const range = idle ? 'a number from 1 to 10000, or idle' : 'a number from 1 to 10000';
  return (value, context) => {
    if (value === '' || (idle && value === 'idle')) return [];
    const result = parseUnsigned(value, UINT64_MAX);
    if (result.ok && (result.value < 1n || result.value > 10000n)) {
      return numberFinding(value, context, { ok: false, error: 'range' }, range);
    }
    return numberFinding(value, context, result, range);
  };
}

const RANGE_CHECKERS: Readonly<Record<string, ValueChecker>> = {
  config_parse_exec_nice: integerChecker(-20n, 19n, true, 'an integer from -20 to 19'),
  config_parse_exec_oom_score_adjust: integerChecker(-1000n, 1000n, true, 'an integer from -1000 to 1000'),
  config_parse_exec_cpu_sched_prio: integerChecker(0n, 99n, false, 'an integer from 0 to 99'),
  config_parse_cg_weight: weightChecker(false),
  config_parse_cg_cpu_weight: weightChecker(true),
  // ioprio_parse_priority() reports a bad priority and an out-of-range one the same way.
  config_parse_exec_io_priority: (value, context) => {
    if (value === '') return [];
    const result = parseInt32(value);
    if (result.ok && (result.value < 0n || result.value > 7n)) {
      return numberFinding(value, context, { ok: false, error: 'range' }, 'an integer from 0 to 7');
    }
    return numberFinding(value, context, result, 'an integer from 0 to 7');
  },
};

const checkRange: ValueChecker = (value, context) => {
  const parser = parserOf(context);
  const checker = parser === undefined ? undefined : RANGE_CHECKERS[parser];
  return checker === undefined ? [] : checker(value, context);
};

// ---------------------------------------------------------------------------------------------------- sizes, percent

function sizeFinding(value: string, context: ValueContext, result: NumberResult): ValueFinding[] {
  if (result.ok) return [];
  const name = context.directive.name;
  if (result.error === 'range')
    return [finding('invalid-size', `${show(value)} is too large for ${name}=; ${IGNORED}`, value)];
  return [
    finding(
      'invalid-size',
      `${show(value)} is not a byte size; ${IGNORED} Write a number with an optional K, M, G, T, P or E suffix (1024-based), such as 64K.`,
      value,
    ),
  ];
}

const checkBytes: ValueChecker = (value, context) => {
  const parser = parserOf(context);
  if (parser === 'config_parse_iec_size') return sizeFinding(value, context, parseSize(value));
  if (parser === 'config_parse_iec_size_long') {
    const result = parseSize(value);
    if (result.ok && result.value > (1n << 63n) - 1n) return sizeFinding(value, context, { ok: false, error: 'range' });
    return sizeFinding(value, context, result);
  }
  return [];
};

/** Memory limits that may be 0 (config_parse_memory_limit()). */
const ZERO_MEMORY_OK = new Set([
  'MemorySwapMax',
  'StartupMemorySwapMax',
  'MemoryZSwapMax',
  'StartupMemoryZSwapMax',
  'MemoryLow',
  'StartupMemoryLow',
  'MemoryMin',
]);

const checkBytesOrPercent: ValueChecker = (value, context) => {
  if (parserOf(context) !== 'config_parse_memory_limit') return [];
  if (value === '' || value === 'infinity') return [];
  const name = context.directive.name;
  let bytes: bigint;
  const percent = parsePermyriad(value);
  if (percent.ok) {
    bytes = percent.value; // physical memory scaled: zero only for 0%
  } else {
    const size = parseSize(value);
    if (!size.ok) {
      return [
        finding(
          'invalid-size',
          `${show(value)} is not a memory limit; ${IGNORED} Write a size such as 512M or 2G, a percentage up to 100%, or infinity.`,
          value,
        ),
      ];
    }
    bytes = size.value;
  }
  if (bytes >= UINT64_MAX || (bytes === 0n && !ZERO_MEMORY_OK.has(name))) {
    const why = bytes === 0n ? `${name}= cannot be 0` : 'the value is too large';
    return [finding('number-out-of-range', `${show(value)} is out of range: ${why}; ${IGNORED}`, value)];
  }
  return [];
};

const checkPercent: ValueChecker = (value, context) => {
  const parser = parserOf(context);
  const name = context.directive.name;
  if (value === '') return [];
  if (parser === 'config_parse_cpu_quota') {
    const result = parsePermyriadUnbounded(value);
    if (result.ok && result.value > 0n) return [];
    return [
      finding(
        'invalid-percent',
        `${show(value)} is not a CPU quota; ${IGNORED} Write a percentage above 0, such as 20% or 150% (more than one CPU).`,
        value,
      ),
    ];
  }
  if (parser === 'config_parse_managed_oom_mem_pressure_limit') {
    if (parsePermyriad(value).ok) return [];
    return [
      finding('invalid-percent', `${show(value)} is not a percentage from 0% to 100%; ${IGNORED} (${name}=)`, value),
    ];
  }
  return [];
};

const checkTasksMax: ValueChecker = (value, context) => {
  if (parserOf(context) !== 'config_parse_tasks_max') return [];
  if (value === '' || value === 'infinity' || parsePermyriad(value).ok) return [];
  const result = parseUnsigned(value, UINT64_MAX);
  if (result.ok && result.value > 0n && result.value < UINT64_MAX) return [];
  const range = 'a number above 0, a percentage up to 100%, or infinity';
  return numberFinding(value, context, result.ok ? { ok: false, error: 'range' } : result, range);
};

// ---------------------------------------------------------------------------------------------------- time spans

/** How each time-span parser treats an empty value: `ok` (reset, no finding) or `invalid`. */
const TIMESPAN_EMPTY: Readonly<Record<string, 'ok' | 'invalid'>> = {
  config_parse_sec: 'invalid',
  config_parse_sec_fix_0: 'invalid',
  config_parse_service_timeout: 'invalid',
  config_parse_job_timeout_sec: 'invalid',
  config_parse_job_running_timeout_sec: 'invalid',
  config_parse_sec_def_infinity: 'ok',
  config_parse_service_timeout_abort: 'ok',
  config_parse_timer: 'ok',
  config_parse_managed_oom_mem_pressure_duration_sec: 'ok',
};

/** Specifiers are expanded by these parsers before the time is read. */
const TIMESPAN_PRINTF = new Set(['config_parse_timer']);

const checkTimespan: ValueChecker = (value, context) => {
  const parser = parserOf(context);
  const empty = parser === undefined ? undefined : TIMESPAN_EMPTY[parser];
  if (empty === undefined) return [];
  if (value === '') {
    if (empty === 'ok') return [];
    return [
      finding(
        'invalid-timespan',
        `An empty value is not a time span; ${IGNORED} Write e.g. 30s, 5min or infinity.`,
        value,
      ),
    ];
  }
  // Specifiers are expanded first: an unknown one makes systemd ignore the line; the others give a time only then.
  if (parser !== undefined && TIMESPAN_PRINTF.has(parser) && value.includes('%')) {
    return checkSpecifiers(value, { severity: 'warning' }).filter((f) => f.code === 'unknown-specifier');
  }
  const result = parseTimespan(value);
  if (result.ok) return [];
  return [
    finding(
      'invalid-timespan',
      `${show(value)} is not a time span (${result.error}); ${IGNORED} Write e.g. 90, 1min 30s, 500ms or infinity.`,
      value,
    ),
  ];
};

// ---------------------------------------------------------------------------------------------------- signals

const SIGNAL_NAMES = [
  'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO',
  'PWR', 'SYS',
]; // prettier-ignore

/** glibc on Linux: real-time signals run from 34 to 64. */
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** signal_from_string(): a number 1..64, a name with or without SIG, RTMIN+n or RTMAX-n. */
export function parseSignal(value: string): number | undefined {
  const n = parseInt32(value);
  if (n.ok) return n.value >= 1n && n.value <= 64n ? Number(n.value) : undefined;
  const name = value.startsWith('SIG') ? value.slice(3) : value;
  const index = SIGNAL_NAMES.indexOf(name);
  if (index >= 0) return index + 1;
  for (const [prefix, base, sign] of [
    ['RTMIN', SIGRTMIN, '+'],
    ['RTMAX', SIGRTMAX, '-'],
  ] as const) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (rest === '') return base;
    if (rest[0] !== sign) return undefined;
    const offset = parseInt32(rest);
    if (!offset.ok) return undefined;
    const k = Number(offset.value);
    if (sign === '+' ? k < 0 || k > SIGRTMAX - SIGRTMIN : k > 0 || k < SIGRTMIN - SIGRTMAX) return undefined;
    return base + k;
  }
  return undefined;
}

const checkSignal: ValueChecker = (value, context) => {
  if (parserOf(context) !== 'config_parse_signal') return [];
  if (parseSignal(value) !== undefined) return [];
  const upper = value.toUpperCase();
  const near =
    parseSignal(upper) !== undefined
      ? upper
      : nearestKeyword(value.replace(/^SIG/i, ''), SIGNAL_NAMES)?.replace(/^/, 'SIG');
  const hint =
    near !== undefined ? ` Did you mean "${near}"?` : ' Use a name such as SIGTERM, SIGINT or SIGKILL, or a number.';
  return [finding('invalid-signal', `${show(value)} is not a signal; ${IGNORED}${hint} Names are upper case.`, value)];
};

// ---------------------------------------------------------------------------------------------------- modes

const checkMode: ValueChecker = (value, context) => {
  if (parserOf(context) !== 'config_parse_mode') return [];
  const result = parseMode(value);
  if (result.ok) return [];
  const why = result.error === 'range' ? 'is larger than 07777' : 'is not an octal number';
  return [
    finding('invalid-mode', `${show(value)} ${why}; ${IGNORED} Write an octal mode such as 0755 or 0022.`, value),
  ];
};

// ---------------------------------------------------------------------------------------------------- resource limits

type LimitReader = (text: string) => NumberResult;

const RLIM_INFINITY = UINT64_MAX;

const readU64: LimitReader = (text) => {
  if (text === 'infinity') return { ok: true, value: RLIM_INFINITY };
  const r = parseUnsigned(text, UINT64_MAX);
  return r.ok && r.value >= RLIM_INFINITY ? { ok: false, error: 'range' } : r;
};

const readSize: LimitReader = (text) => {
  if (text === 'infinity') return { ok: true, value: RLIM_INFINITY };
  const r = parseSize(text);
  return r.ok && r.value >= RLIM_INFINITY ? { ok: false, error: 'range' } : r;
};

function timeReader(defaultUnit: bigint, toLimit: (usec: bigint) => bigint): LimitReader {
  return (text) => {
    if (text === 'infinity') return { ok: true, value: RLIM_INFINITY };
    const r = parseTimespan(text, defaultUnit);
    if (!r.ok) return { ok: false, error: 'invalid' };
    if (r.usec >= USEC_INFINITY) return { ok: true, value: RLIM_INFINITY };
    const v = toLimit(r.usec);
    return v >= RLIM_INFINITY ? { ok: false, error: 'range' } : { ok: true, value: v };
  };
}

const readNice: LimitReader = (text) => {
  if (text.startsWith('+')) {
    const r = parseUnsigned(text.slice(1), UINT64_MAX);
    if (!r.ok) return r;
    return r.value >= 20n ? { ok: false, error: 'range' } : { ok: true, value: 20n - r.value };
  }
  if (text.startsWith('-')) {
    const r = parseUnsigned(text.slice(1), UINT64_MAX);
    if (!r.ok) return r;
    return r.value > 20n ? { ok: false, error: 'range' } : { ok: true, value: 20n + r.value };
  }
  const r = parseUnsigned(text, UINT64_MAX);
  return r.ok && r.value > 40n ? { ok: false, error: 'range' } : r;
};

const LIMIT_READERS: Readonly<Record<string, readonly [LimitReader, string]>> = {
  LimitCPU: [timeReader(1_000_000n, (usec) => (usec + 999_999n) / 1_000_000n), 'seconds (a time span) or infinity'],
  LimitFSIZE: [readSize, 'a size such as 4G, or infinity'],
  LimitDATA: [readSize, 'a size such as 4G, or infinity'],
  LimitSTACK: [readSize, 'a size such as 8M, or infinity'],
  LimitCORE: [readSize, 'a size such as 1G, or infinity'],
  LimitRSS: [readSize, 'a size such as 4G, or infinity'],
  LimitNOFILE: [readU64, 'a number or infinity'],
  LimitAS: [readSize, 'a size such as 4G, or infinity'],
  LimitNPROC: [readU64, 'a number or infinity'],
  LimitMEMLOCK: [readSize, 'a size such as 64M, or infinity'],
  LimitLOCKS: [readU64, 'a number or infinity'],
  LimitSIGPENDING: [readU64, 'a number or infinity'],
  LimitMSGQUEUE: [readSize, 'a size such as 800K, or infinity'],
  LimitNICE: [readNice, 'a nice level from -20 to 19 written with a sign (+5, -10), or a raw limit from 0 to 40'],
  LimitRTPRIO: [readU64, 'a number or infinity'],
  LimitRTTIME: [timeReader(1n, (usec) => usec), 'microseconds (a time span) or infinity'],
};

const checkRlimit: ValueChecker = (value, context) => {
  if (parserOf(context) !== 'config_parse_rlimit') return [];
  const entry = LIMIT_READERS[context.directive.name];
  // Quotes and backslashes go through systemd's word splitter; leave those values alone.
  if (entry === undefined || /["'\\]/.test(value)) return [];
  const [read, what] = entry;
  const name = context.directive.name;
  const parts = value.split(':');
  const bad = (why: string) => [
    finding(
      'invalid-rlimit',
      `${show(value)} ${why}; ${IGNORED} ${name}= takes ${what}, optionally as soft:hard.`,
      value,
    ),
  ];
  if (value === '' || parts.length > 2 || parts[0] === '') return bad('is not a resource limit');
  const soft = read(parts[0]!);
  if (!soft.ok) return bad(soft.error === 'range' ? 'is out of range' : 'is not a resource limit');
  if (parts.length === 2) {
    const hard = read(parts[1]!);
    if (!hard.ok) return bad(hard.error === 'range' ? 'is out of range' : 'is not a resource limit');
    if (soft.value > hard.value) return bad('sets a soft limit above the hard limit');
  }
  return [];
};

// ---------------------------------------------------------------------------------------------------- exit statuses

/** exit_status_mappings[] names of v255 (src/shared/exit-status.c). */
const EXIT_STATUS_NAMES = new Set(
  (
    'SUCCESS FAILURE CHDIR NICE FDS EXEC MEMORY LIMITS OOM_ADJUST SIGNAL_MASK STDIN STDOUT CHROOT IOPRIO TIMERSLACK ' +
    'SECUREBITS SETSCHEDULER CPUAFFINITY GROUP USER CAPABILITIES CGROUP SETSID CONFIRM STDERR PAM NETWORK NAMESPACE ' +
    'NO_NEW_PRIVILEGES SECCOMP SELINUX_CONTEXT PERSONALITY APPARMOR ADDRESS_FAMILIES RUNTIME_DIRECTORY CHOWN ' +
    'SMACK_PROCESS_LABEL KEYRING STATE_DIRECTORY CACHE_DIRECTORY LOGS_DIRECTORY CONFIGURATION_DIRECTORY NUMA_POLICY ' +
    'CREDENTIALS BPF KSM EXCEPTION INVALIDARGUMENT NOTIMPLEMENTED NOPERMISSION NOTINSTALLED NOTCONFIGURED NOTRUNNING ' +
    'USAGE DATAERR NOINPUT NOUSER NOHOST UNAVAILABLE SOFTWARE OSERR OSFILE CANTCREAT IOERR TEMPFAIL PROTOCOL NOPERM CONFIG'
  ).split(' '),
);

const checkExitStatus: ValueChecker = (value, context) => {
  if (parserOf(context) !== 'config_parse_exit_status' || value === '') return [];
  const result = parseUnsigned(value, 255n);
  if (result.ok) return [];
  return [
    finding(
      'invalid-exit-status',
      `${show(value)} is not an exit status; ${IGNORED} Write a number from 0 to 255.`,
      value,
    ),
  ];
};

const checkExitStatusList: ValueChecker = (value, context) => {
  if (parserOf(context) !== 'config_parse_set_status' || value === '' || /["'\\]/.test(value)) return [];
  const findings: ValueFinding[] = [];
  for (const match of value.matchAll(/[^ \t\n\r]+/g)) {
    const word = match[0];
    if (EXIT_STATUS_NAMES.has(word) || parseUnsigned(word, 255n).ok || parseSignal(word) !== undefined) continue;
    // A name newer releases may have added: worth a look, not a warning.
    const unknownName = /^[A-Z][A-Z_]*$/.test(word) && !word.startsWith('SIG');
    findings.push({
      ...finding(
        'invalid-exit-status',
        unknownName
          ? `"${word}" is not an exit status name this checker knows; if systemd does not know it either, it ignores the word.`
          : `"${word}" is not an exit status (0 to 255 or a name such as INVALIDARGUMENT) or a signal (SIGTERM); systemd ignores this word.`,
        value,
        match.index,
        word.length,
      ),
      ...(unknownName ? { severity: 'information' as const } : {}),
    });
  }
  return findings;
};

// ---------------------------------------------------------------------------------------------------- errno

/** Linux errno names (asm-generic/errno-base.h, errno.h), aliases included. */
const ERRNO_NAMES = new Set(
  (
    'EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES EFAULT ENOTBLK EBUSY EEXIST ' +
    'EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ' +
    'ERANGE EDEADLK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP EWOULDBLOCK ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ' +
    'ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT EDEADLOCK EBFONT ENOSTR ENODATA ETIME ' +
    'ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD ' +
    'EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE ' +
    'EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE ' +
    'EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN ENOTCONN ESHUTDOWN ' +
    'ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL ' +
    'EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ' +
    'ENOTRECOVERABLE ERFKILL EHWPOISON ENOTSUP'
  ).split(' '),
);

const checkErrno: ValueChecker = (value, context) => {
  if (parserOf(context) !== 'config_parse_syscall_errno') return [];
  // errno_from_name() ignores case.
  if (value === '' || value === 'kill' || ERRNO_NAMES.has(value.toUpperCase())) return [];
  const n = parseInt32(value);
  if (n.ok && n.value >= 1n && n.value <= 4095n) return [];
  const near = ERRNO_NAMES.has(value.toUpperCase()) ? value.toUpperCase() : undefined;
  const hint =
    near !== undefined
      ? ` Did you mean "${near}"? Names are upper case.`
      : ' Use a name such as EPERM or EACCES, a number from 1 to 4095, or kill.';
  return [finding('invalid-errno', `${show(value)} is not an errno; ${IGNORED}${hint}`, value)];
};

// ---------------------------------------------------------------------------------------------------- tables

/** Keyed by catalog `kind`. A checker returns nothing for a parser it does not know exactly. */
export const SIMPLE_CHECKERS: Readonly<Record<string, ValueChecker>> = {
  boolean: checkBoolean,
  enum: checkEnum,
  'boolean-or-enum': checkEnum,
  'enum-or-integer': checkEnum,
  integer: checkInteger,
  'integer-range': checkRange,
  'integer-range-or-idle': checkRange,
  unsigned: checkUnsigned,
  'unsigned-or-percent': checkTasksMax,
  percent: checkPercent,
  bytes: checkBytes,
  'bytes-or-percent': checkBytesOrPercent,
  timespan: checkTimespan,
  signal: checkSignal,
  'octal-mode': checkMode,
  rlimit: checkRlimit,
  'exit-status': checkExitStatus,
  'exit-status-list': checkExitStatusList,
  errno: checkErrno,
};

/** Directives whose rules differ from their kind's (values/extra-*.ts). */
export const SIMPLE_DIRECTIVE_CHECKERS: Readonly<Record<string, ValueChecker>> = {
  StandardInput: checkStandardInput,
  StandardOutput: checkStandardOutput,
  StandardError: checkStandardOutput,
};
