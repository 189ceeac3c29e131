// enable, disable and is-enabled for real: systemctl --root=DIR works on the unit files below DIR, offline, without
// a running systemd, and the argument lists come from the same builders the editor commands use.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { argvFor, unitCommand, type UnitVerb } from '../../client/src/commands/commandLines';
import { parseUnitName } from '../../client/src/commands/unitNames';

const probe = spawnSync('systemctl', ['--version'], { encoding: 'utf8' });
const skip = probe.error || probe.status !== 0 ? 'systemctl is not installed here' : false;
if (skip) console.log(`# skipped the systemctl --root tests: ${skip}`);

// A root whose own name would break a command pasted into a shell.
const base = mkdtempSync(path.join(tmpdir(), 'systemd-units-root-'));
const root = path.join(base, 'a dir;$(touch pwned)');
const units = path.join(root, 'etc', 'systemd', 'system');
mkdirSync(units, { recursive: true });
after(() => rmSync(base, { recursive: true, force: true }));

function write(name: string, text: string): void {
  writeFileSync(path.join(units, name), text);
}

write('web.service', '[Service]\nExecStart=/usr/bin/true\n\n[Install]\nWantedBy=multi-user.target\n');
write('worker@.service', '[Service]\nExecStart=/usr/bin/true %i\n\n[Install]\nWantedBy=multi-user.target\n');
// systemd accepts this name; after `--` systemctl takes it as a unit, not as its --help option.
write('--help.service', '[Service]\nExecStart=/usr/bin/true\n\n[Install]\nWantedBy=multi-user.target\n');

function systemctl(verb: UnitVerb, name: string): { status: number | null; out: string } {
  const unit = parseUnitName(name);
  assert.notEqual(typeof unit, 'string');
  const command = unitCommand(verb, unit as Exclude<typeof unit, string>, { scope: 'system', root });
  assert.notEqual(typeof command, 'string', String(command));
  const argv = argvFor(command as Exclude<typeof command, string>, { uid: 1000 });
  assert.equal(argv[0], 'systemctl', 'an offline command is never elevated');
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { ...process.env, SYSTEMD_COLORS: '0' } });
  return { status: result.status, out: `${result.stdout}${result.stderr}`.trim() };
}

const wants = path.join(units, 'multi-user.target.wants');

test('enable, is-enabled and disable on a plain unit', { skip }, () => {
  assert.deepEqual(systemctl('is-enabled', 'web.service'), { status: 1, out: 'disabled' });
  assert.equal(systemctl('enable', 'web.service').status, 0);
  assert.ok(lstatSync(path.join(wants, 'web.service')).isSymbolicLink());
  assert.equal(readlinkSync(path.join(wants, 'web.service')), '/etc/systemd/system/web.service');
  assert.deepEqual(systemctl('is-enabled', 'web.service'), { status: 0, out: 'enabled' });
  assert.equal(systemctl('disable', 'web.service').status, 0);
  assert.ok(!existsSync(path.join(wants, 'web.service')));
  assert.deepEqual(systemctl('is-enabled', 'web.service'), { status: 1, out: 'disabled' });
  assert.ok(!existsSync(path.join(base, 'pwned')) && !existsSync('pwned'), 'nothing ran the text in the root path');
});

test('enable and disable an instance of a template', { skip }, () => {
  assert.equal(systemctl('enable', 'worker@one.service').status, 0);
  assert.equal(readlinkSync(path.join(wants, 'worker@one.service')), '/etc/systemd/system/worker@.service');
  assert.deepEqual(systemctl('is-enabled', 'worker@one.service'), { status: 0, out: 'enabled' });
  assert.equal(systemctl('disable', 'worker@one.service').status, 0);
  assert.ok(!existsSync(path.join(wants, 'worker@one.service')));
});

test('a unit named like an option is treated as a unit', { skip }, () => {
  assert.deepEqual(systemctl('is-enabled', '--help.service'), { status: 1, out: 'disabled' });
  assert.equal(systemctl('enable', '--help.service').status, 0);
  assert.ok(lstatSync(path.join(wants, '--help.service')).isSymbolicLink());
  assert.deepEqual(systemctl('is-enabled', '--help.service'), { status: 0, out: 'enabled' });
  assert.equal(systemctl('disable', '--help.service').status, 0);
});

test('an unknown unit is reported by systemctl, not mistaken for anything else', { skip }, () => {
  const result = systemctl('is-enabled', 'absent.service');
  assert.notEqual(result.status, 0);
  assert.match(result.out, /absent\.service/);
});
