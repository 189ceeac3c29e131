/**
 * Keyword tables of the enum parsers we check, from systemd's string tables (`*_table[]` in src/core and src/basic,
 * v255) joined with the keywords the catalog lists for systemd 262, kept in alphabetical order. A parser missing here is not checked: the
 * catalog's keyword lists are not always complete (job modes `triggering` and `restart-dependencies` are missing).
 */

export interface EnumRule {
  readonly keywords: readonly string[];
  /** An empty value resets to the default (no finding); otherwise systemd logs and ignores it. */
  readonly emptyResets: boolean;
  /** The boolean words are accepted too (string tables "with boolean"), in any case. */
  readonly booleans?: boolean;
  /** A number from 0 to this is accepted too (string tables "with fallback"). */
  readonly numericMax?: number;
  /** Keywords are compared without regard to case. */
  readonly caseInsensitive?: boolean;
  /** Keywords added after systemd 252, with the first release that has them (or a lower bound where not known). */
  readonly since?: Readonly<Record<string, number>>;
}

/**
 * Each keyword in a `since` table was refused by systemd 252 (`systemd-analyze verify`). The number is 253, a lower
 * bound of the release that added it: a version between 253 and the real one goes unwarned, never wrongly warned.
 */
const NEWER_EMERGENCY_ACTIONS = {
  halt: 253,
  'halt-force': 253,
  'halt-immediate': 253,
  kexec: 253,
  'kexec-force': 253,
  'soft-reboot': 253,
  'soft-reboot-force': 253,
};

const EMERGENCY_ACTIONS = [
  'exit',
  'exit-force',
  'halt',
  'halt-force',
  'halt-immediate',
  'kexec',
  'kexec-force',
  'none',
  'poweroff',
  'poweroff-force',
  'poweroff-immediate',
  'reboot',
  'reboot-force',
  'reboot-immediate',
  'soft-reboot',
  'soft-reboot-force',
];
const JOB_MODES = [
  'fail',
  'flush',
  'ignore-dependencies',
  'ignore-requirements',
  'isolate',
  'replace',
  'replace-irreversibly',
  'restart-dependencies',
  'triggering',
];
const LOG_LEVELS = ['alert', 'crit', 'debug', 'emerg', 'err', 'info', 'notice', 'warning'];

/** Keyed by the parser name in the catalog. */
export const ENUM_RULES: Readonly<Record<string, EnumRule>> = {
  config_parse_collect_mode: { keywords: ['inactive', 'inactive-or-failed'], emptyResets: false },
  config_parse_device_policy: { keywords: ['auto', 'closed', 'strict'], emptyResets: false },
  config_parse_emergency_action: { keywords: EMERGENCY_ACTIONS, emptyResets: false, since: NEWER_EMERGENCY_ACTIONS },
  config_parse_exec_keyring_mode: { keywords: ['inherit', 'private', 'shared'], emptyResets: false },
  config_parse_exec_utmp_mode: { keywords: ['init', 'login', 'user'], emptyResets: false },
  config_parse_job_mode: { keywords: JOB_MODES, emptyResets: false, since: { 'restart-dependencies': 253 } },
  config_parse_kill_mode: { keywords: ['control-group', 'mixed', 'none', 'process'], emptyResets: true },
  config_parse_managed_oom_mode: { keywords: ['auto', 'kill'], emptyResets: true },
  config_parse_managed_oom_preference: { keywords: ['none', 'avoid', 'omit'], emptyResets: false },
  config_parse_notify_access: { keywords: ['all', 'exec', 'main', 'none'], emptyResets: false },
  config_parse_oom_policy: { keywords: ['continue', 'stop', 'kill'], emptyResets: false },
  config_parse_proc_subset: { keywords: ['all', 'pid'], emptyResets: false },
  config_parse_protect_proc: { keywords: ['default', 'invisible', 'noaccess', 'ptraceable'], emptyResets: false },
  config_parse_service_exit_type: { keywords: ['main', 'cgroup'], emptyResets: false },
  config_parse_service_restart: {
    keywords: ['always', 'no', 'on-abnormal', 'on-abort', 'on-failure', 'on-success', 'on-watchdog'],
    emptyResets: false,
  },
  config_parse_service_restart_mode: { keywords: ['normal', 'direct', 'debug'], emptyResets: false },
  config_parse_service_timeout_failure_mode: { keywords: ['terminate', 'abort', 'kill'], emptyResets: false },
  config_parse_service_type: {
    keywords: ['dbus', 'exec', 'forking', 'idle', 'notify', 'notify-reload', 'oneshot', 'simple'],
    emptyResets: false,
    since: { 'notify-reload': 253 },
  },
  config_parse_socket_bind: { keywords: ['default', 'both', 'ipv6-only'], emptyResets: false, booleans: true },
  config_parse_exec_io_class: {
    keywords: ['best-effort', 'idle', 'none', 'realtime'],
    emptyResets: true,
    numericMax: 4,
  },
  config_parse_exec_cpu_sched_policy: {
    keywords: ['batch', 'ext', 'fifo', 'idle', 'other', 'rr'],
    emptyResets: true,
    numericMax: 2147483647,
    since: { ext: 253 },
  },
  config_parse_log_level: { keywords: LOG_LEVELS, emptyResets: false, numericMax: 7 },
  config_parse_ip_tos: {
    keywords: ['low-cost', 'low-delay', 'reliability', 'throughput'],
    emptyResets: true,
    numericMax: 255,
  },
  config_parse_numa_policy: {
    keywords: ['bind', 'default', 'interleave', 'local', 'preferred', 'preferred-many', 'weighted-interleave'],
    emptyResets: true,
    since: { 'preferred-many': 253, 'weighted-interleave': 253 },
  },
  // Tables "with boolean": yes/no words first, then the keywords. Their empty handling in 262 is not confirmed, so
  // an empty value is left alone.
  config_parse_protect_home: { keywords: ['read-only', 'tmpfs'], emptyResets: true, booleans: true },
  config_parse_protect_system: { keywords: ['full', 'strict'], emptyResets: true, booleans: true },
  config_parse_exec_preserve_mode: { keywords: ['restart', 'on-success'], emptyResets: true, booleans: true },
  config_parse_pressure_watch: { keywords: ['auto', 'off', 'on', 'skip'], emptyResets: true, booleans: true },
  config_parse_private_tmp: {
    keywords: ['disconnected'],
    emptyResets: true,
    booleans: true,
    since: { disconnected: 253 },
  },
  config_parse_private_users: {
    keywords: ['full', 'identity', 'managed', 'self'],
    emptyResets: true,
    booleans: true,
    since: { full: 253, identity: 253, managed: 253, self: 253 },
  },
  config_parse_protect_control_groups: {
    keywords: ['private', 'strict'],
    emptyResets: true,
    booleans: true,
    since: { private: 253, strict: 253 },
  },
  config_parse_protect_hostname: {
    keywords: ['private'],
    emptyResets: true,
    booleans: true,
    since: { private: 253 },
  },
};

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The keyword the user most likely meant: same letters in another case, or a few edits away (one per three letters). */
export function nearestKeyword(value: string, keywords: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const sameCase = keywords.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.min(3, Math.floor(value.length / 3)));
  for (const keyword of keywords) {
    // The length difference alone is at least the distance: a long value is ruled out without a table.
    if (Math.abs(keyword.length - lower.length) > limit) continue;
    const d = distance(lower, keyword.toLowerCase());
    if (d < bestDistance) {
      best = keyword;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
