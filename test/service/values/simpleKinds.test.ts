import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDirective } from '../../../server/src/service/catalog';
import type { ValueContext, ValueFinding } from '../../../server/src/service/values/checker';
import {
  SIMPLE_CHECKERS,
  SIMPLE_CODES,
  SIMPLE_DIRECTIVE_CHECKERS,
} from '../../../server/src/service/values/simpleKinds';

type UnitKind = 'service' | 'socket' | 'timer';

/** [section, directive, value, expected code or null]. */
type Case = readonly [string, string, string, string | null];

function check(section: string, name: string, value: string): ValueFinding[] {
  const directive = findDirective(section, name);
  assert.ok(directive, `${section}/${name} is in the catalog`);
  const context: ValueContext = { directive, section, unitType: undefined, dropIn: false };
  const checker = SIMPLE_DIRECTIVE_CHECKERS[name] ?? SIMPLE_CHECKERS[directive.kind];
  return checker ? checker(value, context) : [];
}

/**
 * Every case below was run through `systemd-analyze verify` of systemd 252 (the live test repeats this where
 * systemd-analyze exists); a code means systemd 252 logged the line as ignored, null means it took the value.
 */
const CASES: readonly Case[] = [
  // booleans
  ['Service', 'RemainAfterExit', 'yes', null],
  ['Service', 'RemainAfterExit', 'YES', null],
  ['Service', 'RemainAfterExit', 'On', null],
  ['Service', 'RemainAfterExit', 'T', null],
  ['Service', 'RemainAfterExit', '0', null],
  ['Service', 'RemainAfterExit', 'maybe', 'invalid-boolean'],
  ['Service', 'RemainAfterExit', '', 'invalid-boolean'],
  ['Service', 'RemainAfterExit', '2', 'invalid-boolean'],
  ['Service', 'RemainAfterExit', 'enable', 'invalid-boolean'],
  ['Unit', 'DefaultDependencies', 'nope', 'invalid-boolean'],
  ['Service', 'PrivateMounts', '', null],
  ['Service', 'PrivateMounts', 'sure', 'invalid-boolean'],
  ['Socket', 'Accept', 'true', null],
  ['Socket', 'Accept', 'truee', 'invalid-boolean'],
  // keywords
  ['Service', 'Restart', 'on-failure', null],
  ['Service', 'Restart', 'on-failed', 'invalid-enum'],
  ['Service', 'Restart', 'On-Failure', 'invalid-enum'],
  ['Service', 'Restart', '', 'invalid-enum'],
  ['Service', 'Type', 'daemon', 'invalid-enum'],
  ['Service', 'Type', 'exec', null],
  ['Service', 'Type', 'notify-reload', null],
  ['Service', 'KillMode', '', null],
  ['Service', 'KillMode', 'mixed', null],
  ['Service', 'KillMode', 'all', 'invalid-enum'],
  ['Service', 'NotifyAccess', 'main', null],
  ['Service', 'NotifyAccess', 'yes', 'invalid-enum'],
  ['Unit', 'OnFailureJobMode', 'triggering', null],
  ['Unit', 'OnFailureJobMode', 'replace-irreversible', 'invalid-enum'],
  ['Unit', 'CollectMode', 'inactive-or-failed', null],
  ['Unit', 'SuccessAction', 'reboot-force', null],
  ['Unit', 'SuccessAction', 'restart', 'invalid-enum'],
  ['Service', 'ProtectSystem', 'strict', null],
  ['Service', 'ProtectSystem', 'TRUE', null],
  ['Service', 'ProtectSystem', 'Strict', 'invalid-enum'],
  ['Service', 'ProtectHome', 'read-only', null],
  ['Service', 'ProtectHome', 'readonly', 'invalid-enum'],
  ['Service', 'IOSchedulingClass', 'best-effort', null],
  ['Service', 'IOSchedulingClass', '2', null],
  ['Service', 'IOSchedulingClass', '', null],
  ['Service', 'IOSchedulingClass', 'besteffort', 'invalid-enum'],
  ['Service', 'CPUSchedulingPolicy', 'fifo', null],
  ['Service', 'CPUSchedulingPolicy', 'FIFO', 'invalid-enum'],
  ['Service', 'SyslogLevel', 'warning', null],
  ['Service', 'SyslogLevel', '4', null],
  ['Service', 'SyslogLevel', 'warn', 'invalid-enum'],
  ['Service', 'SyslogLevel', '8', 'invalid-enum'],
  ['Socket', 'IPTOS', 'low-delay', null],
  ['Socket', 'IPTOS', '16', null],
  ['Socket', 'IPTOS', '256', 'invalid-enum'],
  ['Socket', 'BindIPv6Only', 'both', null],
  ['Socket', 'BindIPv6Only', 'yes', null],
  ['Socket', 'BindIPv6Only', 'ipv6', 'invalid-enum'],
  // integers and ranges
  ['Service', 'Nice', '-20', null],
  ['Service', 'Nice', '19', null],
  ['Service', 'Nice', '20', 'number-out-of-range'],
  ['Service', 'Nice', '08', 'invalid-number'],
  ['Service', 'Nice', '0x5', null],
  ['Service', 'Nice', '', null],
  ['Service', 'Nice', 'low', 'invalid-number'],
  ['Service', 'OOMScoreAdjust', '-1000', null],
  ['Service', 'OOMScoreAdjust', '1001', 'number-out-of-range'],
  ['Service', 'CPUSchedulingPriority', '99', null],
  ['Service', 'CPUSchedulingPriority', '100', 'number-out-of-range'],
  ['Service', 'CPUSchedulingPriority', '', 'invalid-number'],
  ['Service', 'IOSchedulingPriority', '7', null],
  ['Service', 'IOSchedulingPriority', '8', 'number-out-of-range'],
  ['Service', 'CPUWeight', 'idle', null],
  ['Service', 'CPUWeight', '10000', null],
  ['Service', 'CPUWeight', '0', 'number-out-of-range'],
  ['Service', 'CPUWeight', '', null],
  ['Service', 'IOWeight', '10001', 'number-out-of-range'],
  ['Service', 'IOWeight', 'idle', 'invalid-number'],
  ['Socket', 'Backlog', '128', null],
  ['Socket', 'Backlog', '-1', 'number-out-of-range'],
  ['Socket', 'Backlog', '4294967296', 'number-out-of-range'],
  ['Socket', 'Backlog', '', 'invalid-number'],
  ['Socket', 'Backlog', '12k', 'invalid-number'],
  ['Socket', 'IPTTL', '64', null],
  ['Socket', 'IPTTL', '', 'invalid-number'],
  ['Socket', 'Priority', '-3', null],
  ['Socket', 'MessageQueueMaxMessages', '10', null],
  ['Service', 'StartLimitBurst', '5', null],
  ['Service', 'StartLimitBurst', 'five', 'invalid-number'],
  ['Service', 'TasksMax', '512', null],
  ['Service', 'TasksMax', '50%', null],
  ['Service', 'TasksMax', 'infinity', null],
  ['Service', 'TasksMax', '0', 'number-out-of-range'],
  ['Service', 'TasksMax', 'unlimited', 'invalid-number'],
  // sizes and percentages
  ['Socket', 'ReceiveBuffer', '8M', null],
  ['Socket', 'ReceiveBuffer', '1.5K', null],
  ['Socket', 'ReceiveBuffer', '8MB', 'invalid-size'],
  ['Socket', 'ReceiveBuffer', '8 M', null],
  ['Socket', 'ReceiveBuffer', '1K 1M', 'invalid-size'],
  ['Socket', 'ReceiveBuffer', '1 2', 'invalid-size'],
  ['Socket', 'ReceiveBuffer', '.5K', 'invalid-size'],
  ['Socket', 'ReceiveBuffer', '10.M', null],
  ['Socket', 'ReceiveBuffer', '', 'invalid-size'],
  ['Socket', 'ReceiveBuffer', '-1', 'invalid-size'],
  ['Service', 'MemoryMax', '1G', null],
  ['Service', 'MemoryMax', '50%', null],
  ['Service', 'MemoryMax', 'infinity', null],
  ['Service', 'MemoryMax', '', null],
  ['Service', 'MemoryMax', '0', 'number-out-of-range'],
  ['Service', 'MemoryMin', '0', null],
  ['Service', 'MemoryMax', '150%', 'invalid-size'],
  ['Service', 'MemoryMax', '1GB', 'invalid-size'],
  ['Service', 'MemoryHigh', '2.5G', null],
  ['Service', 'CPUQuota', '20%', null],
  ['Service', 'CPUQuota', '150%', null],
  ['Service', 'CPUQuota', '0%', 'invalid-percent'],
  ['Service', 'CPUQuota', '20', 'invalid-percent'],
  ['Service', 'CPUQuota', '1.5%', null],
  ['Service', 'CPUQuota', '1.555%', 'invalid-percent'],
  ['Service', 'CPUQuota', '', null],
  // time spans
  ['Service', 'RestartSec', '90', null],
  ['Service', 'RestartSec', '1min 30s', null],
  ['Service', 'RestartSec', '1.5min', null],
  ['Service', 'RestartSec', '500ms', null],
  ['Service', 'RestartSec', 'infinity', null],
  ['Service', 'RestartSec', '5 5', null],
  ['Service', 'RestartSec', '.5', null],
  ['Service', 'RestartSec', '5+5', 'invalid-timespan'],
  ['Service', 'RestartSec', '1.5.5', 'invalid-timespan'],
  ['Service', 'RestartSec', '+.5', 'invalid-timespan'],
  ['Service', 'RestartSec', '5 seconds', null],
  ['Service', 'RestartSec', '5secs', 'invalid-timespan'],
  ['Service', 'RestartSec', '-1', 'invalid-timespan'],
  ['Service', 'RestartSec', '3.', 'invalid-timespan'],
  ['Service', 'RestartSec', '', 'invalid-timespan'],
  ['Service', 'RestartSec', 'never', 'invalid-timespan'],
  ['Service', 'TimeoutStartSec', '0', null],
  ['Service', 'TimeoutStartSec', '', 'invalid-timespan'],
  ['Service', 'TimeoutStopSec', '10m', null],
  ['Service', 'TimeoutAbortSec', '', null],
  ['Unit', 'JobTimeoutSec', '', 'invalid-timespan'],
  ['Unit', 'StartLimitIntervalSec', '10s', null],
  ['Timer', 'OnBootSec', '', null],
  ['Timer', 'OnBootSec', '15min', null],
  ['Timer', 'OnBootSec', '15 minutes', null],
  ['Timer', 'OnBootSec', 'soon', 'invalid-timespan'],
  ['Timer', 'AccuracySec', '1us', null],
  ['Service', 'CPUQuotaPeriodSec', '', null],
  // signals
  ['Service', 'KillSignal', 'SIGTERM', null],
  ['Service', 'KillSignal', 'TERM', null],
  ['Service', 'KillSignal', '15', null],
  ['Service', 'KillSignal', 'SIGRTMIN+3', null],
  ['Service', 'KillSignal', 'RTMAX-2', null],
  ['Service', 'KillSignal', 'SIGRTMIN+31', 'invalid-signal'],
  ['Service', 'KillSignal', 'sigterm', 'invalid-signal'],
  ['Service', 'KillSignal', 'SIGTREM', 'invalid-signal'],
  ['Service', 'KillSignal', '0', 'invalid-signal'],
  ['Service', 'KillSignal', '65', 'invalid-signal'],
  ['Service', 'KillSignal', '', 'invalid-signal'],
  ['Service', 'WatchdogSignal', 'SIGABRT', null],
  // modes
  ['Service', 'UMask', '0022', null],
  ['Service', 'UMask', '027', null],
  ['Service', 'UMask', '0o22', 'invalid-mode'],
  ['Service', 'UMask', '0099', 'invalid-mode'],
  ['Service', 'UMask', '10000', 'invalid-mode'],
  ['Service', 'UMask', '+022', 'invalid-mode'],
  ['Service', 'UMask', '', 'invalid-mode'],
  ['Socket', 'SocketMode', '0660', null],
  ['Socket', 'SocketMode', 'rw', 'invalid-mode'],
  // resource limits
  ['Service', 'LimitNOFILE', '65536', null],
  ['Service', 'LimitNOFILE', '1024:524288', null],
  ['Service', 'LimitNOFILE', 'infinity', null],
  ['Service', 'LimitNOFILE', '4096:1024', 'invalid-rlimit'],
  ['Service', 'LimitNOFILE', '1K', 'invalid-rlimit'],
  ['Service', 'LimitNOFILE', 'unlimited', 'invalid-rlimit'],
  ['Service', 'LimitNOFILE', '', 'invalid-rlimit'],
  ['Service', 'LimitNOFILE', '1:2:3', 'invalid-rlimit'],
  ['Service', 'LimitNOFILE', '1024:', 'invalid-rlimit'],
  ['Service', 'LimitMEMLOCK', '64M', null],
  ['Service', 'LimitMEMLOCK', '64MB', 'invalid-rlimit'],
  ['Service', 'LimitCORE', 'infinity', null],
  ['Service', 'LimitCPU', '1h', null],
  ['Service', 'LimitCPU', '30', null],
  ['Service', 'LimitRTTIME', '500ms', null],
  ['Service', 'LimitNICE', '-10', null],
  ['Service', 'LimitNICE', '+19', null],
  ['Service', 'LimitNICE', '+20', 'invalid-rlimit'],
  ['Service', 'LimitNICE', '40', null],
  ['Service', 'LimitNICE', '41', 'invalid-rlimit'],
  // exit statuses
  ['Service', 'SuccessExitStatus', '143', null],
  ['Service', 'SuccessExitStatus', '0 1 SIGTERM SIGKILL', null],
  ['Service', 'SuccessExitStatus', 'TERM INVALIDARGUMENT', null],
  ['Service', 'SuccessExitStatus', '256', 'invalid-exit-status'],
  ['Service', 'SuccessExitStatus', '1 sigterm', 'invalid-exit-status'],
  ['Service', 'SuccessExitStatus', '', null],
  ['Service', 'RestartPreventExitStatus', '255', null],
  ['Unit', 'SuccessActionExitStatus', '3', null],
  ['Unit', 'SuccessActionExitStatus', '300', 'invalid-exit-status'],
  ['Unit', 'SuccessActionExitStatus', '', null],
  // errno
  ['Service', 'SystemCallErrorNumber', 'EPERM', null],
  ['Service', 'SystemCallErrorNumber', '1', null],
  ['Service', 'SystemCallErrorNumber', 'kill', null],
  ['Service', 'SystemCallErrorNumber', '', null],
  ['Service', 'SystemCallErrorNumber', 'eperm', null],
  ['Service', 'SystemCallErrorNumber', 'EPERMS', 'invalid-errno'],
  ['Service', 'SystemCallErrorNumber', '0', 'invalid-errno'],
  ['Service', 'SystemCallErrorNumber', '5000', 'invalid-errno'],
];

test('simple checkers: each case reports what systemd 252 reported', () => {
  for (const [section, name, value, expected] of CASES) {
    const findings = check(section, name, value);
    const codes = findings.filter((f) => f.severity === 'warning' || f.severity === 'error').map((f) => f.code);
    assert.deepEqual(
      codes,
      expected === null ? [] : [expected],
      `${section}/${name}=${value}: ${JSON.stringify(findings)}`,
    );
  }
});

test('simple checkers: every reported code is listed in SIMPLE_CODES', () => {
  const known = new Set(SIMPLE_CODES.map((c) => c.code));
  for (const [section, name, value] of CASES) {
    for (const f of check(section, name, value)) assert.ok(known.has(f.code), f.code);
  }
});

test('simple checkers: messages name the value and suggest a close keyword', () => {
  const [restart] = check('Service', 'Restart', 'on-failed');
  assert.match(restart!.message, /"on-failed" is not a value of Restart=/);
  assert.match(restart!.message, /Did you mean "on-failure"\?/);
  const [type] = check('Service', 'Type', 'daemon');
  assert.match(type!.message, /Use one of: dbus, exec, forking, idle, notify, notify-reload, oneshot, simple\./);
  const [signal] = check('Service', 'KillSignal', 'sigterm');
  assert.match(signal!.message, /Did you mean "SIGTERM"\?/);
  const [bool] = check('Service', 'RemainAfterExit', 'maybe');
  assert.equal(bool!.offset, 0);
  assert.equal(bool!.length, 5);
});

test('simple checkers: a bad DynamicUser= is an error (the unit fails to load)', () => {
  const [finding] = check('Service', 'DynamicUser', 'maybe');
  assert.equal(finding?.severity, 'error');
});

test('simple checkers: exit status lists locate the bad word', () => {
  const [finding] = check('Service', 'SuccessExitStatus', '1 sigterm 2');
  assert.equal(finding?.offset, 2);
  assert.equal(finding?.length, 7);
  const [unknown] = check('Service', 'SuccessExitStatus', 'SOMENEWNAME');
  assert.equal(unknown?.severity, 'information');
});

test('simple checkers: timer values with specifiers are left alone', () => {
  assert.deepEqual(check('Timer', 'OnBootSec', '%i'), []);
});

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const UNIT_KIND: Readonly<Record<string, UnitKind>> = {
  Service: 'service',
  Unit: 'service',
  Socket: 'socket',
  Timer: 'timer',
};

/** Runs all cases of one unit kind in one file; returns the line numbers systemd complained about. */
function complaints(kind: UnitKind, cases: readonly Case[]): Map<number, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simple-kinds-'));
  try {
    const lines: string[] = [];
    const lineOf: number[] = [];
    const bySection = new Map<string, Case[]>();
    for (const c of cases) bySection.set(c[0], [...(bySection.get(c[0]) ?? []), c]);
    const indexOf = new Map(cases.map((c, i) => [c, i]));
    for (const [section, sectionCases] of bySection) {
      lines.push(`[${section}]`);
      for (const c of sectionCases) {
        lines.push(`${c[1]}=${c[2]}`);
        lineOf[indexOf.get(c)!] = lines.length;
      }
    }
    if (kind === 'service') lines.push('[Service]', 'ExecStart=/usr/bin/true');
    if (kind === 'socket') lines.push('[Socket]', 'ListenStream=/run/simple-kinds-test.sock');
    if (kind !== 'service') fs.writeFileSync(path.join(dir, 'foo.service'), '[Service]\nExecStart=/usr/bin/true\n');
    const file = path.join(dir, `foo.${kind}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const run = spawnSync('systemd-analyze', ['verify', '--man=no', file], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, SYSTEMD_LOG_COLOR: '0' },
    });
    const output = `${run.stdout}${run.stderr}`;
    const byLine = new Map<number, string>();
    for (const m of output.matchAll(new RegExp(`foo\\.${kind}:(\\d+): (.*)`, 'g'))) byLine.set(Number(m[1]), m[2]!);
    const result = new Map<number, string>();
    cases.forEach((_, i) => {
      const message = byLine.get(lineOf[i]!);
      if (message !== undefined) result.set(i, message);
    });
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Values systemd 252 reads differently from 262, the release the catalog describes. */
const NOT_IN_252 = new Set([
  'Unit/OnFailureJobMode=triggering',
  'Service/PrivateMounts=',
  'Service/Type=notify-reload',
]);

test(
  'simple checkers agree with systemd-analyze verify',
  { skip: hasSystemdAnalyze() ? false : 'systemd-analyze is not installed' },
  () => {
    const live = CASES.filter(([section, name, value]) => !NOT_IN_252.has(`${section}/${name}=${value}`));
    const disagreements: string[] = [];
    for (const kind of ['service', 'socket', 'timer'] as const) {
      const cases = live.filter(([section]) => UNIT_KIND[section] === kind);
      const said = complaints(kind, cases);
      cases.forEach(([section, name, value], i) => {
        const ours = check(section, name, value).some((f) => f.severity === 'warning' || f.severity === 'error');
        const theirs = said.get(i);
        if (ours !== (theirs !== undefined))
          disagreements.push(`${section}/${name}=${value}: systemd said ${theirs ?? 'nothing'}`);
      });
    }
    assert.deepEqual(disagreements, []);
  },
);
