import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findDirective } from '../../../server/src/service/catalog';
import type { ValueFinding } from '../../../server/src/service/values/checker';
import { commandEnds, commandsKept } from '../../../server/src/service/values/extra-exec';
import { checkDocumentation, documentationUrlValid } from '../../../server/src/service/values/extra-strings';
import {
  SIMPLE_CHECKERS,
  SIMPLE_CODES,
  SIMPLE_DIRECTIVE_CHECKERS,
} from '../../../server/src/service/values/simpleKinds';
import { STRUCTURED_CHECKERS, STRUCTURED_CODES } from '../../../server/src/service/values/structuredKinds';

type UnitType = 'service' | 'socket' | 'timer';

/** [unit type, section, directive, value, expected `code:severity` list ('' for none)], checked as systemd 252. */
type Case = readonly [UnitType, string, string, string, string];

/** Every case was run through `systemd-analyze verify` of systemd 252; the live test below repeats that. */
const CASES: readonly Case[] = [
  // StandardInput=, StandardOutput=, StandardError=
  ['service', 'Service', 'StandardOutput', 'journal+console', ''],
  ['service', 'Service', 'StandardOutput', 'fd:', ''],
  ['service', 'Service', 'StandardOutput', 'fd:a b', ''],
  ['service', 'Service', 'StandardOutput', 'fd:a:b', 'invalid-output:warning'],
  ['service', 'Service', 'StandardOutput', 'fd:%Z', 'unknown-specifier:warning'],
  ['service', 'Service', 'StandardOutput', 'file:/var/log/x', ''],
  ['service', 'Service', 'StandardOutput', 'file:/x%n', ''],
  ['service', 'Service', 'StandardOutput', 'file:x', 'relative-path:warning'],
  ['service', 'Service', 'StandardOutput', 'file:', 'relative-path:warning'],
  ['service', 'Service', 'StandardOutput', 'append:/a/../b', 'unnormalized-path:warning'],
  ['service', 'Service', 'StandardOutput', 'truncate:/x', ''],
  ['service', 'Service', 'StandardOutput', 'file:/x%Z', 'unknown-specifier:warning'],
  ['service', 'Service', 'StandardOutput', 'screen', 'invalid-output:warning'],
  ['service', 'Service', 'StandardOutput', 'Journal', 'invalid-output:warning'],
  ['service', 'Service', 'StandardOutput', '', 'invalid-output:warning'],
  ['service', 'Service', 'StandardOutput', 'tty-force', 'invalid-output:warning'],
  ['service', 'Service', 'StandardOutput', 'syslog', 'obsolete-output:warning'],
  ['service', 'Service', 'StandardError', 'syslog+console', 'obsolete-output:warning'],
  ['service', 'Service', 'StandardError', 'inherit', ''],
  ['service', 'Service', 'StandardInput', 'tty-fail', ''],
  ['service', 'Service', 'StandardInput', 'data', ''],
  ['service', 'Service', 'StandardInput', 'file:/dev/null', ''],
  ['service', 'Service', 'StandardInput', 'file:x', 'relative-path:warning'],
  ['service', 'Service', 'StandardInput', 'journal', 'invalid-output:warning'],
  ['service', 'Service', 'StandardInput', 'syslog', 'invalid-output:warning'],
  ['service', 'Service', 'StandardInput', 'append:/x', 'invalid-output:warning'],
  ['socket', 'Socket', 'StandardOutput', 'kmsg', ''],
  // Documentation=
  ['service', 'Unit', 'Documentation', 'man:true(1) https://example.org info:ls file:/usr/share/doc', ''],
  ['service', 'Unit', 'Documentation', '"http://example.org/a b"', ''],
  ['service', 'Unit', 'Documentation', 'foo', 'invalid-url:warning'],
  ['service', 'Unit', 'Documentation', 'http:// man: info: file:/', 'invalid-url:warning '.repeat(4).trim()],
  ['service', 'Unit', 'Documentation', 'HTTP://x ftp://x man:ü', 'invalid-url:warning '.repeat(3).trim()],
  ['service', 'Unit', 'Documentation', '\\http://x ""', 'invalid-url:warning invalid-url:warning'],
  ['service', 'Unit', 'Documentation', 'man:x "open', 'unbalanced-quotes:warning'],
  ['service', 'Unit', 'Documentation', 'man:x %Z', 'unknown-specifier:warning'],
  // Path conditions
  ['service', 'Unit', 'ConditionPathExists', '/etc/x', ''],
  ['service', 'Unit', 'ConditionPathExists', '|!/etc/x', ''],
  ['service', 'Unit', 'ConditionPathExists', '%h/x', ''],
  ['service', 'Unit', 'ConditionPathExists', '/etc//x/', ''],
  ['service', 'Unit', 'ConditionPathExists', 'etc/x', 'relative-path:warning'],
  ['service', 'Unit', 'ConditionPathExists', '|!etc/x', 'relative-path:warning'],
  ['service', 'Unit', 'ConditionPathExists', '!|/etc/x', 'relative-path:warning'],
  ['service', 'Unit', 'ConditionPathExists', '! /etc/x', 'relative-path:warning'],
  ['service', 'Unit', 'ConditionPathExists', '!', 'relative-path:warning'],
  ['service', 'Unit', 'ConditionPathExists', '/etc/../x', 'unnormalized-path:warning'],
  ['service', 'Unit', 'ConditionPathExists', '/x%Z', 'unknown-specifier:warning'],
  ['service', 'Unit', 'AssertPathIsDirectory', 'var/x', 'relative-path:warning'],
  ['service', 'Unit', 'ConditionPathExistsGlob', 'x*', 'relative-path:warning'],
  ['service', 'Unit', 'ConditionNeedsUpdate', '!/etc', ''],
  // Strings with specifiers
  ['service', 'Unit', 'Description', '100% sure, %n %. %', ''],
  ['service', 'Unit', 'Description', 'a %Z b', 'unknown-specifier:warning'],
  ['service', 'Unit', 'Description', '%5', 'unknown-specifier:warning'],
  ['service', 'Service', 'SyslogIdentifier', 'x%Z', 'unknown-specifier:warning'],
  ['service', 'Service', 'PAMName', '%Z', 'unknown-specifier:warning'],
  ['socket', 'Socket', 'SmackLabel', '%Z', 'unknown-specifier:warning'],
  // Timer spans with specifiers
  ['timer', 'Timer', 'OnBootSec', '%Z', 'unknown-specifier:warning'],
  // User=nobody
  ['service', 'Service', 'User', 'nobody', 'user-nobody:warning'],
  ['service', 'Service', 'User', 'Nobody', ''],
  ['service', 'Service', 'User', '65534', ''],
  ['service', 'Service', 'Group', 'nobody', ''],
  ['socket', 'Socket', 'SocketUser', 'nobody', 'user-nobody:warning'],
  ['socket', 'Socket', 'SocketGroup', 'nobody', ''],
  // Keywords systemd 252 does not know yet
  ['service', 'Service', 'Type', 'notify-reload', 'value-too-new:warning'],
  ['service', 'Service', 'Type', 'notify', ''],
  ['service', 'Service', 'PrivateTmp', 'disconnected', 'value-too-new:warning'],
  ['service', 'Service', 'PrivateTmp', 'yes', ''],
  ['service', 'Service', 'ProtectControlGroups', 'strict', 'value-too-new:warning'],
  ['service', 'Service', 'ProtectHostname', 'private', 'value-too-new:warning'],
  ['service', 'Service', 'PrivateUsers', 'identity', 'value-too-new:warning'],
  ['service', 'Service', 'NUMAPolicy', 'weighted-interleave', 'value-too-new:warning'],
  ['service', 'Service', 'CPUSchedulingPolicy', 'ext', 'value-too-new:warning'],
  ['service', 'Unit', 'SuccessAction', 'soft-reboot', 'value-too-new:warning'],
  ['service', 'Unit', 'FailureAction', 'kexec', 'value-too-new:warning'],
  ['service', 'Unit', 'SuccessAction', 'exit', ''],
  ['service', 'Unit', 'OnFailureJobMode', 'restart-dependencies', 'value-too-new:warning'],
  ['service', 'Unit', 'OnFailureJobMode', 'triggering', ''],
];

function check(
  [type, section, name, value]: readonly [UnitType, string, string, string, ...unknown[]],
  systemdVersion: number | 'latest' = 252,
): ValueFinding[] {
  const directive = findDirective(section, name);
  assert.ok(directive, `${section}/${name} is in the catalog`);
  const checker =
    SIMPLE_DIRECTIVE_CHECKERS[name] ?? STRUCTURED_CHECKERS[directive.kind] ?? SIMPLE_CHECKERS[directive.kind];
  assert.ok(checker, `a checker for ${name}`);
  return checker(value, { directive, section, unitType: type, dropIn: false, systemdVersion });
}

const summary = (findings: readonly ValueFinding[]) => findings.map((f) => `${f.code}:${f.severity}`).join(' ');
const CODES = new Set([...SIMPLE_CODES, ...STRUCTURED_CODES].map((c) => c.code));

describe('value checkers added in values/extra-*.ts', () => {
  for (const c of CASES) {
    test(`${c[2]}=${c[3]} → ${c[4] || 'nothing'}`, () => {
      const findings = check(c);
      assert.equal(summary(findings), c[4]);
      for (const f of findings) {
        assert.ok(f.offset >= 0 && f.offset + f.length <= c[3].length, 'range inside the value');
        assert.ok(CODES.has(f.code), `${f.code} is documented`);
      }
    });
  }

  test('a keyword is too new only when a release older than it is configured', () => {
    const notifyReload = ['service', 'Service', 'Type', 'notify-reload'] as const;
    assert.equal(summary(check(notifyReload, 'latest')), '');
    assert.equal(summary(check(notifyReload, 253)), '');
    assert.equal(summary(check(notifyReload, 240)), 'value-too-new:warning');
  });

  test('the obsolete syslog output comes with a fix to the journal', () => {
    const [finding] = check(['service', 'Service', 'StandardOutput', 'syslog+console']);
    assert.deepEqual(finding?.fix, { title: 'Replace with journal+console', newText: 'journal+console' });
  });

  test('findings point at the word or the path', () => {
    const spans = (c: readonly [UnitType, string, string, string]) => check(c).map((f) => [f.offset, f.length]);
    assert.deepEqual(spans(['service', 'Unit', 'Documentation', 'man:x foo']), [[6, 3]]);
    assert.deepEqual(spans(['service', 'Unit', 'ConditionPathExists', '|!etc/x']), [[2, 5]]);
    assert.deepEqual(spans(['service', 'Service', 'StandardOutput', 'file:x']), [[5, 1]]);
  });

  test('documentation URLs are judged after their specifiers are expanded, when the unit name is known', () => {
    const directive = findDirective('Unit', 'Documentation')!;
    const run = (value: string, unitName?: string) =>
      checkDocumentation(value, { directive, section: 'Unit', unitType: 'service', dropIn: false, unitName }).map(
        (f) => f.code,
      );
    assert.deepEqual(run('man:ok %n', 'web.service'), ['invalid-url']);
    assert.deepEqual(run('https://example.org/%n', 'web.service'), []);
    assert.deepEqual(run('man:%p(8)', 'web.service'), []);
    assert.deepEqual(run('%n'), [], 'without a unit name the value is unknown');
    assert.deepEqual(run('%H', 'web.service'), [], 'only the machine knows the host name');
  });

  test('documentation URLs', () => {
    for (const url of ['http://a', 'https://a', 'file:/a', 'file:///a', 'man:a', 'info:a']) {
      assert.ok(documentationUrlValid(url), url);
    }
    for (const url of ['http://', 'file:/', 'man:', 'a', 'mailto:a', 'https:/a', 'http://é']) {
      assert.ok(!documentationUrlValid(url), url);
    }
  });

  test('commands of a command line, and how many systemd keeps', () => {
    assert.deepEqual(commandEnds('/bin/a ; /bin/b'), [7, 15]);
    assert.deepEqual(commandEnds('; /bin/a ; ; /bin/b ;'), [9, 20]);
    assert.deepEqual(commandEnds('/bin/a \\; /bin/b'), [16]);
    const kept = (value: string) => {
      const directive = findDirective('Service', 'ExecStart')!;
      const findings = STRUCTURED_CHECKERS['command-line']!(value, {
        directive,
        section: 'Service',
        unitType: 'service',
        dropIn: false,
      });
      return commandsKept(value, findings);
    };
    assert.equal(kept('/bin/a ; /bin/b'), 2);
    assert.equal(kept('/bin/a ; -b/c ; /bin/d'), 1);
    assert.equal(kept('-b/c ; /bin/d'), 0);
    assert.equal(kept('"/bin/a'), 0);
    assert.equal(kept('/bin/a ; "/bin/b'), 1);
    assert.equal(kept('/bin/a "x'), 1, 'an open quote in the arguments is fatal: the unit fails anyway');
  });
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const skipLive = analyze.status === 0 && /systemd 252\b/.test(analyze.stdout) ? false : 'needs systemd-analyze 252';

describe('extra checkers against systemd-analyze verify', { skip: skipLive }, () => {
  test('systemd complains about the line exactly where we report a warning or an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'extra-kinds-'));
    try {
      const mismatches: string[] = [];
      CASES.forEach((c, i) => {
        const [type, section, name, value] = c;
        const unit = `case${i}.${type}`;
        // The value is always on line 3.
        const main: Record<UnitType, string> = {
          service: '[Service]\nExecStart=/usr/bin/true\n',
          socket: '[Socket]\nListenStream=/run/extra-kinds.sock\n',
          timer: '[Timer]\nOnActiveSec=1\n',
        };
        const body =
          section === 'Unit'
            ? `[Unit]\nDescription=x\n${name}=${value}\n${main[type]}`
            : `${main[type]}${name}=${value}\n`;
        writeFileSync(join(dir, unit), body);
        const run = spawnSync('systemd-analyze', ['verify', '--man=no', '--generators=no', join(dir, unit)], {
          encoding: 'utf8',
          env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:`, SYSTEMD_LOG_COLOR: '0', SYSTEMD_LOG_LOCATION: '0' },
        });
        const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => l.includes(`${unit}:3:`));
        const complaint = lines.length > 0;
        const reported = check(c).some((f) => f.severity === 'warning' || f.severity === 'error');
        if (complaint !== reported) mismatches.push(`${name}=${value}: systemd ${lines.join(' | ') || 'is silent'}`);
      });
      assert.deepEqual(mismatches, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
