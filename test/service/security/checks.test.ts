import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assessService,
  formatExposure,
  labelOf,
  SECURITY_CHECKS,
  type SecurityReport,
} from '../../../server/src/service/security';
import { parseAddressWord } from '../../../server/src/service/security/addresses';
import { parseUnitFile } from '../../../server/src/service/syntax';

function assess(service: string, options: { unit?: string; name?: string } = {}): SecurityReport {
  const text = `[Unit]\n${options.unit ?? ''}\n[Service]\nExecStart=/bin/true\n${service}\n`;
  return assessService({ unitName: options.name ?? 'test.service', files: [parseUnitFile(text)] });
}

function badness(report: SecurityReport, id: string): number | undefined {
  const result = report.checks.find((r) => r.check.id === id);
  assert.ok(result, `no check ${id}`);
  return result.badness;
}

describe('the checks of systemd-analyze security', () => {
  test('81 checks, with systemd 252 weights and ranges, unique names', () => {
    assert.equal(SECURITY_CHECKS.length, 81);
    assert.equal(new Set(SECURITY_CHECKS.map((c) => c.id)).size, 81);
    const total = SECURITY_CHECKS.reduce((sum, c) => sum + c.weight, 0);
    assert.equal(total, 56460);
    const byId = new Map(SECURITY_CHECKS.map((c) => [c.id, c]));
    assert.deepEqual([byId.get('PrivateNetwork=')?.weight, byId.get('PrivateNetwork=')?.range], [2500, 1]);
    assert.deepEqual([byId.get('User=/DynamicUser=')?.weight, byId.get('User=/DynamicUser=')?.range], [2000, 10]);
    assert.deepEqual([byId.get('ProtectProc=')?.weight, byId.get('ProtectProc=')?.range], [1000, 3]);
    for (const check of SECURITY_CHECKS) {
      assert.ok(check.good.length > 0 && check.bad.length > 0 && check.fix.length > 0, check.id);
    }
  });

  test('a bare service: 9.6 UNSAFE, with the two root-only checks not applicable', () => {
    const report = assess('');
    assert.equal(formatExposure(report.exposure), '9.6');
    assert.equal(report.label, 'UNSAFE');
    assert.deepEqual(
      report.checks.filter((r) => r.state === 'not-applicable').map((r) => r.check.id),
      ['SupplementaryGroups=', 'RemoveIPC='],
    );
    assert.equal(report.openChecks, 75);
  });

  test('User=/DynamicUser=: root 10, nobody 9, a dedicated or dynamic user 0', () => {
    assert.equal(badness(assess('User=root'), 'User=/DynamicUser='), 10);
    assert.equal(badness(assess('User=0'), 'User=/DynamicUser='), 10);
    assert.equal(badness(assess('User=nobody'), 'User=/DynamicUser='), 9);
    assert.equal(badness(assess('User=www-data'), 'User=/DynamicUser='), 0);
    assert.equal(badness(assess('DynamicUser=yes'), 'User=/DynamicUser='), 0);
    assert.equal(badness(assess('DynamicUser=yes', { name: 'nobody.service' }), 'User=/DynamicUser='), 9);
    const partial = assess('User=nobody').checks.find((r) => r.check.id === 'User=/DynamicUser=');
    assert.equal(partial?.state, 'partial');
  });

  test('SupplementaryGroups= and RemoveIPC= apply only to unprivileged services', () => {
    assert.equal(badness(assess('SupplementaryGroups=adm'), 'SupplementaryGroups='), undefined);
    assert.equal(badness(assess('User=svc\nSupplementaryGroups=adm'), 'SupplementaryGroups='), 1);
    assert.equal(badness(assess('User=svc'), 'RemoveIPC='), 1);
    assert.equal(badness(assess('DynamicUser=yes'), 'RemoveIPC='), 0);
  });

  test('ProtectHome=, ProtectSystem=, ProtectProc= and UMask= have graded verdicts', () => {
    assert.deepEqual(
      ['no', 'read-only', 'tmpfs', 'yes'].map((v) => badness(assess(`ProtectHome=${v}`), 'ProtectHome=')),
      [10, 5, 1, 0],
    );
    assert.deepEqual(
      ['no', 'yes', 'full', 'strict'].map((v) => badness(assess(`ProtectSystem=${v}`), 'ProtectSystem=')),
      [10, 5, 3, 0],
    );
    assert.deepEqual(
      ['default', 'noaccess', 'invisible', 'ptraceable'].map((v) =>
        badness(assess(`ProtectProc=${v}`), 'ProtectProc='),
      ),
      [3, 1, 0, 0],
    );
    assert.deepEqual(
      ['0000', '0002', '0022', '0027', '0007', '0077'].map((v) => badness(assess(`UMask=${v}`), 'UMask=')),
      [10, 5, 5, 1, 2, 0],
    );
  });

  test('DefaultDependencies=no makes the four boot-phase checks not applicable', () => {
    const report = assess('', { unit: 'DefaultDependencies=no' });
    for (const id of ['PrivateTmp=', 'ProtectHome=', 'ProtectSystem=', 'RootDirectory=/RootImage='])
      assert.equal(badness(report, id), undefined, id);
  });

  test('capability checks look at the bounding set after systemd added its own drops', () => {
    const report = assess('CapabilityBoundingSet=~CAP_SYS_ADMIN\nProtectClock=yes');
    assert.equal(badness(report, 'CapabilityBoundingSet=~CAP_SYS_ADMIN'), 0);
    assert.equal(badness(report, 'CapabilityBoundingSet=~CAP_SYS_TIME'), 0);
    assert.equal(badness(report, 'CapabilityBoundingSet=~CAP_WAKE_ALARM'), 0);
    assert.equal(badness(report, 'CapabilityBoundingSet=~CAP_SET(UID|GID|PCAP)'), 1);
    assert.equal(badness(assess('AmbientCapabilities=CAP_NET_BIND_SERVICE'), 'AmbientCapabilities='), 1);
  });

  test('address family checks: listed in an allow list is bad, in a deny list good; the rest by list kind', () => {
    const allow = assess('RestrictAddressFamilies=AF_UNIX');
    assert.equal(badness(allow, 'RestrictAddressFamilies=~AF_UNIX'), 1);
    assert.equal(badness(allow, 'RestrictAddressFamilies=~AF_(INET|INET6)'), 0);
    assert.equal(badness(allow, 'RestrictAddressFamilies=~…'), 0);
    const deny = assess('RestrictAddressFamilies=~AF_PACKET AF_X25');
    assert.equal(badness(deny, 'RestrictAddressFamilies=~AF_PACKET'), 0);
    assert.equal(badness(deny, 'RestrictAddressFamilies=~…'), 0);
    assert.equal(badness(deny, 'RestrictAddressFamilies=~AF_NETLINK'), 1);
    assert.equal(badness(assess('RestrictAddressFamilies=none'), 'RestrictAddressFamilies=~AF_UNIX'), 0);
  });

  test('system call filter checks: no filter 10, allow list with the group 9, deny list missing it 10', () => {
    assert.equal(badness(assess(''), 'SystemCallFilter=~@swap'), 10);
    const allow = assess('SystemCallFilter=@system-service');
    assert.equal(badness(allow, 'SystemCallFilter=~@swap'), 0);
    assert.equal(badness(allow, 'SystemCallFilter=~@resources'), 9, '@system-service holds @resources');
    const deny = assess('SystemCallFilter=~@swap @clock');
    assert.equal(badness(deny, 'SystemCallFilter=~@swap'), 0);
    assert.equal(badness(deny, 'SystemCallFilter=~@mount'), 10);
    const description = deny.checks.find((r) => r.check.id === 'SystemCallFilter=~@mount')?.description;
    assert.match(description ?? '', /misses @mount \(\w+, for one\)/);
    assert.equal(badness(assess('SystemCallArchitectures=native'), 'SystemCallArchitectures='), 0);
    assert.equal(badness(assess('SystemCallArchitectures=native x86'), 'SystemCallArchitectures='), 8);
  });

  test('IPAddressDeny=: both families denied, then graded by what is allowed back', () => {
    assert.equal(badness(assess('IPAddressDeny=0.0.0.0/0'), 'IPAddressDeny='), 10);
    assert.equal(badness(assess('IPAddressDeny=any'), 'IPAddressDeny='), 0);
    assert.equal(badness(assess('IPAddressDeny=any\nIPAddressAllow=localhost'), 'IPAddressDeny='), 2);
    assert.equal(badness(assess('IPAddressDeny=any\nIPAddressAllow=127.1.2.3/32'), 'IPAddressDeny='), 2);
    assert.equal(badness(assess('IPAddressDeny=any\nIPAddressAllow=10.0.0.0/8'), 'IPAddressDeny='), 5);
    assert.equal(badness(assess('IPAddressDeny=any\nIPAddressAllow=127.0.0.1/4'), 'IPAddressDeny='), 5);
    assert.equal(badness(assess('IPIngressFilterPath=/sys/fs/bpf/in'), 'IPAddressDeny='), 0);
  });

  test('DeviceAllow=: no policy 10, a closed policy with devices 5, without 0', () => {
    assert.equal(badness(assess(''), 'DeviceAllow='), 10);
    assert.equal(badness(assess('DevicePolicy=closed'), 'DeviceAllow='), 0);
    assert.equal(badness(assess('DevicePolicy=strict\nDeviceAllow=/dev/null rw'), 'DeviceAllow='), 5);
    assert.equal(badness(assess('PrivateDevices=yes\nProtectClock=yes'), 'DeviceAllow='), 5);
  });

  test('the per-check exposure is what systemd prints in its EXPOSURE column', () => {
    const report = assess('');
    const network = report.checks.find((r) => r.check.id === 'PrivateNetwork=');
    assert.equal(formatExposure(network!.exposure), '0.5');
    const hostname = report.checks.find((r) => r.check.id === 'ProtectHostname=');
    assert.equal(formatExposure(hostname!.exposure), '0.1');
  });
});

describe('labels and formatting', () => {
  test('systemd’s thresholds, in tenths', () => {
    assert.deepEqual([0, 1, 9, 10, 49, 50, 74, 75, 89, 90, 99, 100].map(labelOf), [
      'PERFECT',
      'SAFE',
      'SAFE',
      'OK',
      'OK',
      'MEDIUM',
      'MEDIUM',
      'EXPOSED',
      'EXPOSED',
      'UNSAFE',
      'UNSAFE',
      'DANGEROUS',
    ]);
    assert.equal(formatExposure(92), '9.2');
    assert.equal(formatExposure(100), '10.0');
    assert.equal(formatExposure(7), '0.7');
  });
});

describe('IP address words', () => {
  test('names, prefixes masked to their length, and words systemd ignores', () => {
    assert.deepEqual(parseAddressWord('10.1.2.3/8'), [{ family: 4, bytes: [10, 0, 0, 0], length: 8 }]);
    assert.equal(parseAddressWord('any')?.length, 2);
    assert.equal(parseAddressWord('foo.localhost')?.length, 2);
    assert.deepEqual(parseAddressWord('::1')?.[0]?.bytes, [...new Array(15).fill(0), 1]);
    assert.deepEqual(parseAddressWord('::ffff:1.2.3.4')?.[0]?.bytes.slice(10), [0xff, 0xff, 1, 2, 3, 4]);
    for (const bad of ['bogus', '1.2.3', '01.2.3.4', '1.2.3.4/33', '::1::', '1:2:3:4:5:6:7:8:9', '1.2.3.4/x'])
      assert.equal(parseAddressWord(bad), undefined, bad);
  });
});
