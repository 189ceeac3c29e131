import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { machineZoneIsUtc } from '../../server/src/node/machineZone';
import { zoneRules } from '../../server/src/service/values/calendar-time';

test('the machine zone is taken as UTC only when /etc/localtime links to a UTC zone and TZ is unset', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'systemd-units-zone-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  const link = (name: string, target: string) => {
    const at = path.join(directory, name);
    symlinkSync(target, at);
    return at;
  };
  assert.equal(machineZoneIsUtc({}, link('utc', '/usr/share/zoneinfo/Etc/UTC')), true);
  assert.equal(machineZoneIsUtc({}, link('relative', '../usr/share/zoneinfo/UTC')), true);
  assert.equal(machineZoneIsUtc({}, link('berlin', '/usr/share/zoneinfo/Europe/Berlin')), false);
  assert.equal(machineZoneIsUtc({ TZ: 'UTC' }, path.join(directory, 'utc')), false, 'TZ set: Intl decides');
  const copy = path.join(directory, 'copy');
  writeFileSync(copy, 'TZif');
  assert.equal(machineZoneIsUtc({}, copy), false, 'a copy, not a link: Intl decides');
  assert.equal(machineZoneIsUtc({}, path.join(directory, 'missing')), false);
});

test('UTC rules are the same whether asked of Intl or known without it', () => {
  const known = zoneRules('UTC')!;
  const fromIntl = zoneRules('Etc/UTC')!;
  for (const at of [0, 1_700_000_000, 4_102_444_800]) {
    assert.equal(known.offsetAt(at), fromIntl.offsetAt(at));
    assert.equal(known.dstAt(at), fromIntl.dstAt(at));
    assert.equal(known.abbreviationAt(at), 'UTC');
  }
});
