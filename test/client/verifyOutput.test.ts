import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { verifyCommand } from '../../client/src/commands/commandLines';
import { parseVerifyOutput, type VerifyFinding } from '../../client/src/commands/verifyOutput';

test('located lines, unit lines and the rest', () => {
  const output = [
    "/srv/units/demo.service:3: Unknown key name 'Foo' in section 'Unit', ignoring.",
    '/srv/units/demo.service:7: Neither a valid executable name nor an absolute path: relative/bin',
    "/srv/units/demo.service.d/x.conf:2: Unknown key 'Bogus' in section [Service], ignoring.",
    'demo.service: Unit configuration has fatal error, unit will not be started.',
    'Unit demo.service has a bad unit file setting.',
    '',
    '\x1b[0;1;31mColoured\x1b[0m line',
    'Unit demo.service has a bad unit file setting.',
  ].join('\n');
  const findings = parseVerifyOutput(output, { file: '/srv/units/demo.service', unit: 'demo.service', exitCode: 1 });
  assert.deepEqual(findings, [
    {
      file: '/srv/units/demo.service',
      line: 3,
      message: "Unknown key name 'Foo' in section 'Unit', ignoring.",
      severity: 'warning',
    },
    {
      file: '/srv/units/demo.service',
      line: 7,
      message: 'Neither a valid executable name nor an absolute path: relative/bin',
      severity: 'error',
    },
    {
      file: '/srv/units/demo.service.d/x.conf',
      line: 2,
      message: "Unknown key 'Bogus' in section [Service], ignoring.",
      severity: 'warning',
    },
    {
      file: undefined,
      line: undefined,
      message: 'Unit configuration has fatal error, unit will not be started.',
      severity: 'error',
    },
    { file: undefined, line: undefined, message: 'Unit demo.service has a bad unit file setting.', severity: 'error' },
    { file: undefined, line: undefined, message: 'Coloured line', severity: 'error' },
  ]);
});

test('a path that itself holds ":12: " is matched as the verified file first', () => {
  const file = '/tmp/odd:12: dir/x.service';
  const findings = parseVerifyOutput(`${file}:4: Unknown section 'Foo'. Ignoring.`, {
    file,
    unit: 'x.service',
    exitCode: 0,
  });
  assert.deepEqual(findings, [{ file, line: 4, message: "Unknown section 'Foo'. Ignoring.", severity: 'warning' }]);
});

test('on exit status 0 nothing is an error', () => {
  const findings = parseVerifyOutput('Configuration file /x/ok.service is marked executable. Whatever.\n', {
    file: '/x/ok.service',
    unit: 'ok.service',
    exitCode: 0,
  });
  assert.equal(findings[0]!.severity, 'warning');
  assert.deepEqual(parseVerifyOutput('', { file: '/x', unit: 'x', exitCode: 0 }), []);
  assert.deepEqual(parseVerifyOutput('\n\r\n  \n', { file: '/x', unit: 'x', exitCode: 0 }), []);
});

test('hostile output: control characters are dropped, nothing throws', () => {
  const findings = parseVerifyOutput('/a:1: x\x00\x07\x1b]8;;http://evil\x07link\x1b]8;;\x07 y\n\x1b[2J', {
    file: '/a',
    unit: 'a',
    exitCode: 1,
  });
  assert.deepEqual(findings, [{ file: '/a', line: 1, message: 'xlink y', severity: 'error' }]);
  for (const junk of ['::::', ':1: x', '/:', '/a:99999999999999999999: big', 'x'.repeat(100_000)]) {
    parseVerifyOutput(junk, { file: '/a', unit: 'a', exitCode: null });
  }
});

// Against the installed systemd-analyze, with the argument list the command builds.
const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const skip = probe.error || probe.status !== 0 ? 'systemd-analyze is not installed here' : false;
if (skip) console.log(`# skipped the systemd-analyze verify tests: ${skip}`);

const directory = mkdtempSync(path.join(tmpdir(), 'systemd-units-verify-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function verify(name: string, text: string, mode = 0o644): { findings: VerifyFinding[]; status: number | null } {
  const file = path.join(directory, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, mode);
  const command = verifyCommand(file);
  assert.notEqual(typeof command, 'string');
  const { argv } = command as Exclude<typeof command, string>;
  const result = spawnSync(argv[0]!, argv.slice(1), {
    encoding: 'utf8',
    env: { ...process.env, SYSTEMD_LOG_COLOR: '0' },
  });
  const output = `${result.stderr}\n${result.stdout}`;
  return {
    findings: parseVerifyOutput(output, { file, unit: path.basename(file), exitCode: result.status }),
    status: result.status,
  };
}

test('systemd-analyze verify: a clean unit has no findings', { skip }, () => {
  assert.deepEqual(verify('clean.service', '[Service]\nExecStart=/bin/true\n'), { findings: [], status: 0 });
});

test('systemd-analyze verify: lines land on the line systemd names, with their severity', { skip }, () => {
  const { findings, status } = verify(
    'demo.service',
    '[Unit]\nDescription=demo\nFoo=bar\n[Service]\nExecStart=relative/bin\n',
  );
  assert.equal(status, 1);
  const file = path.join(directory, 'demo.service');
  const unknown = findings.find((f) => f.line === 3);
  assert.equal(unknown?.file, file);
  assert.equal(unknown?.severity, 'warning');
  assert.match(unknown!.message, /Foo/);
  const fatal = findings.find((f) => f.line === 5);
  assert.equal(fatal?.severity, 'error');
  assert.ok(
    findings.some((f) => f.file === undefined && f.severity === 'error'),
    JSON.stringify(findings),
  );
});

test('systemd-analyze verify: a drop-in next to the unit is read with it and named', { skip }, () => {
  mkdirSync(path.join(directory, 'withdrop.service.d'), { recursive: true });
  writeFileSync(path.join(directory, 'withdrop.service.d', 'x.conf'), '[Service]\nBogus=1\n');
  const { findings } = verify('withdrop.service', '[Service]\nExecStart=/bin/true\n');
  assert.deepEqual(
    findings.map((f) => [f.file, f.line]),
    [[path.join(directory, 'withdrop.service.d', 'x.conf'), 2]],
  );
});

test('systemd-analyze verify runs no man page lookup for Documentation=', { skip }, () => {
  const { findings, status } = verify(
    'doc.service',
    '[Unit]\nDocumentation=man:surely-no-such-page-here(8)\n[Service]\nExecStart=/bin/true\n',
  );
  assert.equal(status, 0);
  assert.ok(!findings.some((f) => /man /.test(f.message)), JSON.stringify(findings));
  assert.ok(!existsSync(path.join(directory, 'pwned')));
});

test('systemd-analyze verify: an executable unit file gets a warning, not an error', { skip }, () => {
  const { findings, status } = verify('exec.service', '[Service]\nExecStart=/bin/true\n', 0o755);
  assert.equal(status, 0);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.severity, 'warning');
});
