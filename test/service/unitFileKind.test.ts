import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNIT_TYPES } from '../../server/src/service/catalog/unitTypes';
import { unitFileKindOf } from '../../server/src/service/unitFileKind';

const cases: [string, string | undefined, boolean][] = [
  ['file:///etc/systemd/system/nginx.service', 'service', false],
  ['file:///etc/systemd/system/getty@.service', 'service', false],
  ['/usr/lib/systemd/system/dbus.socket', 'socket', false],
  ['file:///etc/systemd/system/foo.service.d/override.conf', 'service', true],
  ['file:///etc/systemd/system/service.d/10-all.conf', 'service', true],
  ['file:///etc/systemd/system/foo-.service.d/10-x.conf', 'service', true],
  ['file:///etc/systemd/system/foo.service.d/.%23override.conf0123456789abcdef', 'service', true],
  ['file:///etc/systemd/system/.%23foo.timer0123456789abcdef', 'timer', false],
  ['file:///home/me/my%20unit.mount', 'mount', false],
  ['C:\\units\\backup.timer', 'timer', false],
  ['file:///etc/systemd/system/mnt-a%5Cx2db.mount', 'mount', false],
  ['/etc/systemd/system/mnt-a\\x2db.mount', 'mount', false],
  ['untitled:Untitled-1', undefined, false],
  ['file:///etc/foo.conf', undefined, false],
  ['file:///etc/foo.d/bar.conf', undefined, true],
  ['file:///etc/systemd/system/service', undefined, false],
];

for (const [uri, unitType, dropIn] of cases) {
  test(`unit file kind of ${uri}`, () => {
    const kind = unitFileKindOf(uri);
    assert.equal(kind.unitType, unitType);
    assert.equal(kind.dropIn, dropIn);
  });
}

test('every unit type is recognised by its suffix', () => {
  for (const type of UNIT_TYPES) assert.equal(unitFileKindOf(`file:///x/name.${type}`).unitType, type);
});
