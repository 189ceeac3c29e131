import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findDirective } from '../../../server/src/service/catalog';
import type { ValueFinding } from '../../../server/src/service/values/checker';
import {
  checkEscapes,
  checkSpecifiers,
  STRUCTURED_CHECKERS,
  STRUCTURED_CODES,
} from '../../../server/src/service/values/structuredKinds';

type UnitType = 'service' | 'socket' | 'timer';

/** [unit type, section, directive, value, expected `code:severity` list ('' for none)]. */
type Case = readonly [UnitType, string, string, string, string];

/**
 * Every case here was run through `systemd-analyze verify` of systemd 252 (the live test below repeats that), except
 * [Install] ones, which verify does not read (checked against install.c: `systemctl enable` refuses invalid names).
 */
const CASES: readonly Case[] = [
  // Command lines
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true', ''],
  ['service', 'Service', 'ExecStartPre', 'true --flag', ''],
  ['service', 'Service', 'ExecStartPre', '@-:+/usr/bin/true x y', ''],
  ['service', 'Service', 'ExecStartPre', '!!/usr/bin/true', ''],
  ['service', 'Service', 'ExecStartPre', '!!!/usr/bin/true', 'invalid-exec-prefix:error'],
  ['service', 'Service', 'ExecStartPre', '+!/usr/bin/true', 'invalid-exec-prefix:error'],
  ['service', 'Service', 'ExecStartPre', '--/usr/bin/true', 'invalid-exec-prefix:warning'],
  ['service', 'Service', 'ExecStartPre', '-', 'invalid-executable:warning'],
  ['service', 'Service', 'ExecStartPre', '@/usr/bin/true', 'invalid-executable:error'],
  ['service', 'Service', 'ExecStartPre', 'bin/foo', 'relative-executable:error'],
  ['service', 'Service', 'ExecStartPre', '-bin/foo', 'relative-executable:warning'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/', 'invalid-executable:error'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true a ; /usr/bin/true b', ''],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true a \\; b', ''],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true a ; bin/x', 'relative-executable:error'],
  ['service', 'Service', 'ExecStartPre', '"/usr/bin/true', 'unbalanced-quotes:warning'],
  ['service', 'Service', 'ExecStartPre', "/usr/bin/true 'a", 'unbalanced-quotes:error'],
  ['service', 'Service', 'ExecStartPre', "-/usr/bin/true 'a", 'unbalanced-quotes:warning'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true \\$MAINPID', 'invalid-escape:warning'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true "a\\qb" \'c\'', 'invalid-escape:warning'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true "a\\tb" \\x41 \\101 \\s', ''],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/date +%F', 'unknown-specifier:error'],
  ['service', 'Service', 'ExecStartPre', '-/usr/bin/date +%F', 'unknown-specifier:warning'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true %1', 'unknown-specifier:error'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/date +%%F %n %- 100%', 'stray-percent:information'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true 1 | /usr/bin/true 2', 'shell-syntax-in-exec:information'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true 2>/dev/null', 'shell-syntax-in-exec:information'],
  ['service', 'Service', 'ExecStartPre', '/usr/bin/true a && /usr/bin/true', 'shell-syntax-in-exec:information'],
  ['service', 'Service', 'ExecStartPre', "/bin/sh -c 'true | true > /dev/null'", ''],
  // Socket addresses
  ['socket', 'Socket', 'ListenStream', '80', ''],
  ['socket', 'Socket', 'ListenStream', '0x50', ''],
  ['socket', 'Socket', 'ListenStream', '080', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '0', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '70000', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '127.0.0.1:80', ''],
  ['socket', 'Socket', 'ListenStream', '0.0.0.0:80', ''],
  ['socket', 'Socket', 'ListenStream', '127.0.0.1', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '127.1:80', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '[::1]:80', ''],
  ['socket', 'Socket', 'ListenStream', '[::ffff:127.0.0.1]:80', ''],
  ['socket', 'Socket', 'ListenStream', '::1:80', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '[::1]', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', 'localhost:80', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '*:80', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '/run/foo.sock', ''],
  ['socket', 'Socket', 'ListenStream', 'run/foo.sock', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', '@foo', ''],
  ['socket', 'Socket', 'ListenStream', '@', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenStream', 'vsock:2:1234', ''],
  ['socket', 'Socket', 'ListenStream', 'vsock::1234', ''],
  ['socket', 'Socket', 'ListenStream', 'vsock:x:1234', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenSequentialPacket', '127.0.0.1:80', 'invalid-listen-address:warning'],
  ['socket', 'Socket', 'ListenSequentialPacket', '/run/seq.sock', ''],
  ['socket', 'Socket', 'ListenStream', '%Z', 'unknown-specifier:warning'],
  ['socket', 'Socket', 'ListenFIFO', 'foo', 'relative-path:warning'],
  ['socket', 'Socket', 'ListenFIFO', '/run/foo', ''],
  // Unit names
  ['service', 'Unit', 'Wants', 'foo', 'invalid-unit-name:warning'],
  ['service', 'Unit', 'Wants', 'foo.bar', 'invalid-unit-name:warning'],
  ['service', 'Unit', 'Wants', 'foo@.service foo@bar.service foo@a@b.service foo\\x2d.service', ''],
  ['service', 'Unit', 'Wants', '@bar.service', 'invalid-unit-name:warning'],
  ['service', 'Unit', 'After', 'foo$.service', 'invalid-unit-name:warning'],
  ['service', 'Unit', 'After', '"foo.service"', 'invalid-unit-name:warning'],
  ['service', 'Unit', 'After', 'foo.service,bar.service', 'invalid-unit-name:warning'],
  ['service', 'Unit', 'Requires', '%I.service', 'unknown-specifier:warning'],
  ['service', 'Service', 'Sockets', 'foo.service', 'wrong-unit-type:warning'],
  ['timer', 'Timer', 'Unit', 'foo', 'invalid-unit-name:warning'],
  ['timer', 'Timer', 'Unit', 'foo.service', ''],
  ['service', 'Service', 'Slice', 'foo', 'invalid-unit-name:warning'],
  ['service', 'Service', 'Slice', 'foo.service', 'wrong-unit-type:warning'],
  ['service', 'Service', 'Slice', 'system-foo.slice', ''],
  ['service', 'Install', 'WantedBy', 'multi-user.target sockets.target', ''],
  ['service', 'Install', 'WantedBy', 'multi-user', 'invalid-unit-name:warning'],
  // Paths
  ['service', 'Service', 'WorkingDirectory', 'foo', 'relative-path:error'],
  ['service', 'Service', 'WorkingDirectory', '-foo', 'relative-path:warning'],
  ['service', 'Service', 'WorkingDirectory', '~', ''],
  ['service', 'Service', 'WorkingDirectory', '/a/../b', 'unnormalized-path:error'],
  ['service', 'Service', 'WorkingDirectory', '/var//lib/./x/', ''],
  ['service', 'Service', 'RootDirectory', 'foo', 'relative-path:error'],
  ['service', 'Service', 'PIDFile', 'foo.pid', ''],
  ['service', 'Service', 'EnvironmentFile', '-foo', 'relative-path:warning'],
  ['service', 'Service', 'EnvironmentFile', '-/etc/default/foo', ''],
  ['service', 'Service', 'TTYPath', 'dev/tty1', 'relative-path:warning'],
  ['service', 'Service', 'ReadWritePaths', 'foo', 'relative-path:warning'],
  ['service', 'Service', 'ReadWritePaths', '-/foo +/bar -+/baz', ''],
  ['service', 'Service', 'ReadWritePaths', '+-/qux', 'relative-path:warning'],
  ['service', 'Service', 'ReadWritePaths', '/a/../b', 'unnormalized-path:warning'],
  ['service', 'Unit', 'RequiresMountsFor', '/var/lib relative', 'relative-path:warning'],
  // Users and groups
  ['service', 'Service', 'User', 'foo', ''],
  ['service', 'Service', 'User', '0', ''],
  ['service', 'Service', 'User', 'foo.bar', 'unportable-user-name:warning'],
  ['service', 'Service', 'User', 'a@b', 'unportable-user-name:warning'],
  ['service', 'Service', 'User', '-1', 'invalid-user-name:error'],
  ['service', 'Service', 'User', '4294967295', 'invalid-user-name:error'],
  ['service', 'Service', 'User', '65535', 'invalid-user-name:error'],
  ['service', 'Service', 'Group', 'a:b', 'invalid-user-name:error'],
  ['service', 'Service', 'User', '%Z', 'unknown-specifier:error'],
  ['service', 'Service', 'User', '%u', ''],
  // Environment
  ['service', 'Service', 'Environment', 'A=1 "B=2 3" C_D=', ''],
  ['service', 'Service', 'Environment', 'A=1 C', 'invalid-environment:warning'],
  ['service', 'Service', 'Environment', '"A=1', 'unbalanced-quotes:warning'],
  ['service', 'Service', 'Environment', 'A=%Z', 'unknown-specifier:warning'],
  ['service', 'Service', 'Environment', 'A=\\q', 'invalid-escape:warning'],
  ['service', 'Service', 'Environment', '1A=x', 'invalid-environment:warning'],
  ['service', 'Service', 'Environment', 'A-B=x', 'invalid-environment:warning'],
  ['service', 'Service', 'Environment', '=x', 'invalid-environment:warning'],
];

function check([type, section, name, value]: Case): ValueFinding[] {
  const directive = findDirective(section, name);
  assert.ok(directive, `${section}/${name} is in the catalog`);
  const checker = STRUCTURED_CHECKERS[directive.kind];
  assert.ok(checker, `a checker for ${directive.kind}`);
  return checker(value, { directive, section, unitType: type, dropIn: false });
}

const summary = (findings: readonly ValueFinding[]) => findings.map((f) => `${f.code}:${f.severity}`).join(' ');

describe('structured value checkers', () => {
  for (const c of CASES) {
    test(`${c[2]}=${c[3]} → ${c[4] || 'nothing'}`, () => {
      const findings = check(c);
      assert.equal(summary(findings), c[4]);
      for (const f of findings) {
        assert.ok(f.offset >= 0 && f.length >= 0 && f.offset + f.length <= c[3].length, 'range inside the value');
        assert.ok(
          STRUCTURED_CODES.some((code) => code.code === f.code),
          `${f.code} is documented`,
        );
      }
    });
  }

  test('specifiers', () => {
    assert.equal(summary(checkSpecifiers('%i %I %% %n%')), 'stray-percent:information');
    assert.equal(summary(checkSpecifiers('date +%F')), 'unknown-specifier:error');
    assert.deepEqual(
      checkSpecifiers('x%Z').map((f) => [f.offset, f.length]),
      [[1, 2]],
    );
    assert.equal(summary(checkSpecifiers('%i', { letters: 'n' })), 'unknown-specifier:error');
  });

  test('escapes', () => {
    assert.equal(
      summary(checkEscapes('echo \\$MAINPID "\\q" \\n \\x41')),
      'invalid-escape:warning invalid-escape:warning',
    );
    assert.deepEqual(
      checkEscapes('a \\$X').map((f) => [f.offset, f.length]),
      [[2, 2]],
    );
    assert.equal(summary(checkEscapes('echo "open')), 'unbalanced-quotes:warning');
  });

  test('codes are unique and kebab-case', () => {
    const codes = STRUCTURED_CODES.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^[a-z]+(-[a-z]+)*$/);
  });
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const skipLive = analyze.status === 0 ? false : 'systemd-analyze is not installed';

describe('against systemd-analyze verify', { skip: skipLive }, () => {
  test('systemd complains exactly where we report a warning or an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'structured-'));
    try {
      const live = CASES.map((c, i) => ({ c, i })).filter(({ c }) => c[1] !== 'Install');
      const files: string[] = [];
      for (const { c, i } of live) {
        const [type, section, name, value] = c;
        const unit = `case${i}.${type}`;
        let body: string;
        if (type === 'service') {
          body = `[Service]\nExecStart=/usr/bin/true\n${section === 'Service' ? '' : `[${section}]\n`}${name}=${value}\n`;
        } else if (type === 'socket') {
          body = `[Socket]\nListenStream=@case${i}-keep\n${name}=${value}\n`;
          writeFileSync(join(dir, `case${i}.service`), '[Service]\nExecStart=/usr/bin/true\n');
        } else {
          body = `[Timer]\nOnActiveSec=1\n${name}=${value}\n`;
          writeFileSync(join(dir, 'foo.service'), '[Service]\nExecStart=/usr/bin/true\n');
        }
        writeFileSync(join(dir, unit), body);
        files.push(join(dir, unit));
      }
      const result = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8', cwd: dir });
      const output = `${result.stdout}\n${result.stderr}`;
      const mismatches: string[] = [];
      for (const { c, i } of live) {
        const lines = output.split('\n').filter((l) => new RegExp(`case${i}\\.${c[0]}[:]`).test(l));
        // A user name outside the strict rules gets a warning with no file or line: it names the value instead.
        const complaint =
          lines.some((l) => /ignoring|fatal error|bad unit file setting|Invalid|not valid|must be/i.test(l)) ||
          (c[2] === 'User' || c[2] === 'Group'
            ? output.includes(`Accepting user/group name '${c[3]}', which does not match strict`)
            : false);
        const reported = check(c).some(
          (f) => f.code !== 'shell-syntax-in-exec' && f.severity !== 'information' && f.severity !== 'hint',
        );
        if (complaint !== reported)
          mismatches.push(`${c[2]}=${c[3]}: systemd ${complaint ? lines.join(' | ') : 'is silent'}`);
      }
      assert.deepEqual(mismatches, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
