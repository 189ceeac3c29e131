import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  instantiate,
  parseUnitName,
  printable,
  UNIT_NAME_MAX,
  unitOfPath,
  type UnitName,
} from '../../client/src/commands/unitNames';
import { HOSTILE_NAMES } from './hostileNames';

function valid(name: string): UnitName {
  const parsed = parseUnitName(name);
  assert.notEqual(typeof parsed, 'string', `${name}: ${String(parsed)}`);
  return parsed as UnitName;
}

test('hostile names are refused with a reason', () => {
  for (const name of HOSTILE_NAMES) {
    const result = parseUnitName(name);
    assert.equal(typeof result, 'string', `${JSON.stringify(name)} was accepted`);
  }
});

test('the length limit counts bytes, as systemd does', () => {
  const longest = `${'a'.repeat(UNIT_NAME_MAX - 1 - '.service'.length)}.service`;
  assert.equal(longest.length, 255);
  valid(longest);
  assert.equal(typeof parseUnitName('a' + longest), 'string');
});

test('plain, template and instance names, as systemd classifies them', () => {
  assert.deepEqual(valid('sshd.service'), { name: 'sshd.service', kind: 'plain', type: 'service', prefix: 'sshd' });
  assert.deepEqual(valid('getty@.service'), {
    name: 'getty@.service',
    kind: 'template',
    type: 'service',
    prefix: 'getty',
  });
  assert.equal(valid('getty@tty1.service').kind, 'instance');
  // Further @ belong to the instance.
  assert.equal(valid('a@b@c.service').kind, 'instance');
  assert.equal(valid('a@b@.service').kind, 'instance');
  // Escaped paths and the root mount and slice are valid; so, to systemd, is a name that starts with dashes.
  for (const name of ['mnt-a\\x2db.mount', '-.mount', '-.slice', 'dev-sda1.swap', 'x:y_z.timer', '--help.service']) {
    valid(name);
  }
  for (const type of ['service', 'socket', 'timer', 'path', 'mount', 'automount', 'swap', 'target', 'slice']) {
    assert.equal(valid(`x.${type}`).type, type);
  }
  assert.equal(valid('x.scope').type, 'scope');
  assert.equal(valid('x.device').type, 'device');
});

test('instances: only unit-name characters, and the result is checked as a whole', () => {
  const template = valid('getty@.service');
  assert.equal((instantiate(template, 'tty1') as UnitName).name, 'getty@tty1.service');
  assert.equal((instantiate(template, 'a@b') as UnitName).name, 'getty@a@b.service');
  for (const bad of ['', ' ', 'a b', ';reboot', '$(id)', '`id`', 'a/b', '../x', '\n', 'ü', 'x'.repeat(300)]) {
    assert.equal(typeof instantiate(template, bad), 'string', JSON.stringify(bad));
  }
  assert.equal(typeof instantiate(valid('sshd.service'), 'x'), 'string', 'not a template');
});

test('the unit of a path: the file name, or the directory of a drop-in', () => {
  const unit = (path: string) => {
    const result = unitOfPath(path);
    return typeof result === 'string' ? `! ${result}` : `${result.unit.name}${result.dropIn ? ' (drop-in)' : ''}`;
  };
  assert.equal(unit('/home/me/project/web.service'), 'web.service');
  assert.equal(unit('/etc/systemd/system/web.service.d/override.conf'), 'web.service (drop-in)');
  assert.equal(unit('/etc/systemd/system/getty@.service.d/10-x.conf'), 'getty@.service (drop-in)');
  assert.match(unit('/etc/systemd/system/service.d/10-all.conf'), /^! /);
  assert.match(unit('/etc/systemd/system/foo-.service.d/10-all.conf'), /^! /);
  assert.match(unit('/home/me/notes.txt'), /^! /);
  assert.match(unit('/home/me/Untitled-1'), /^! /);
  assert.match(unit('/home/me/$(reboot).service'), /^! /);
  assert.match(unit('/home/me/;rm -rf ~.service'), /^! /);
  assert.match(unit('/home/me/a\nb.service'), /^! /);
  // Path traversal cannot enter through a name: a unit name never holds `/`.
  assert.equal(unit('/home/me/../../etc/x.service'), 'x.service');
});

test('messages show hostile text escaped, never raw', () => {
  assert.equal(printable('a\x1b[2Jb\nc'), '"a\\u{1b}[2Jb\\u{a}c"');
  assert.equal(printable('bidi\u202e'), '"bidi\\u{202e}"');
  for (const name of HOSTILE_NAMES) {
    const message = parseUnitName(name) as string;
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(message, /[\x00-\x1f\x7f\u202e]/, JSON.stringify(message));
  }
});
