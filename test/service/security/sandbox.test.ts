import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadSandbox, type Sandbox } from '../../../server/src/service/security';
import { capabilityMask, NAMESPACE_FLAGS } from '../../../server/src/service/security/facts';
import { parseUnitFile } from '../../../server/src/service/syntax';

/** The sandbox of a service whose [Service] section holds these lines (and [Unit] the `unit` lines). */
function sandboxOf(service: string, options: { unit?: string; name?: string; dropIns?: string[] } = {}): Sandbox {
  const text = `[Unit]\n${options.unit ?? ''}\n[Service]\nExecStart=/bin/true\n${service}\n`;
  const files = [text, ...(options.dropIns ?? [])].map((source) => parseUnitFile(source));
  return loadSandbox({ unitName: options.name ?? 'test.service', files });
}

const has = (set: bigint, ...names: string[]) => (set & capabilityMask(...names)) === capabilityMask(...names);

describe('the sandbox systemd ends up with', () => {
  test('defaults: root, nothing restricted, umask 0022, private keyring on the system manager', () => {
    const sandbox = sandboxOf('');
    assert.equal(sandbox.user, undefined);
    assert.equal(sandbox.umask, 0o022);
    assert.equal(sandbox.keyringMode, 'private');
    assert.equal(sandbox.protectProc, 'default');
    assert.ok(has(sandbox.capabilityBoundingSet, 'CAP_SYS_ADMIN', 'CAP_BPF'));
    assert.equal(sandbox.syscallFilter, undefined);
    assert.deepEqual(sandbox.loadErrors, []);
    const user = loadSandbox({ unitName: 'x.service', files: [parseUnitFile('[Service]\n')], scope: 'user' });
    assert.equal(user.keyringMode, 'inherit');
  });

  test('booleans: the last valid value wins, an invalid one is ignored', () => {
    assert.equal(sandboxOf('PrivateTmp=yes\nPrivateTmp=bogus').privateTmp, true);
    assert.equal(sandboxOf('PrivateTmp=on\nPrivateTmp=0').privateTmp, false);
    assert.equal(sandboxOf('PrivateTmp=TRUE').privateTmp, true);
  });

  test('ProtectHome= and ProtectSystem= take booleans and their keywords, case-sensitively', () => {
    assert.equal(sandboxOf('ProtectHome=true').protectHome, 'yes');
    assert.equal(sandboxOf('ProtectHome=read-only').protectHome, 'read-only');
    assert.equal(sandboxOf('ProtectHome=tmpfs\nProtectHome=Read-Only').protectHome, 'tmpfs');
    assert.equal(sandboxOf('ProtectSystem=strict\nProtectSystem=').protectSystem, 'strict');
    assert.equal(sandboxOf('ProtectSystem=0').protectSystem, 'no');
  });

  test('CapabilityBoundingSet=: the first list replaces, later ones add; ~ removes; empty clears', () => {
    const dropped = sandboxOf('CapabilityBoundingSet=~CAP_SYS_ADMIN\nCapabilityBoundingSet=~CAP_SETUID');
    assert.ok(!has(dropped.capabilityBoundingSet, 'CAP_SYS_ADMIN'));
    assert.ok(!has(dropped.capabilityBoundingSet, 'CAP_SETUID'));
    assert.ok(has(dropped.capabilityBoundingSet, 'CAP_CHOWN'));
    const kept = sandboxOf('CapabilityBoundingSet=CAP_CHOWN\nCapabilityBoundingSet=cap_kill 21');
    assert.equal(kept.capabilityBoundingSet, capabilityMask('CAP_CHOWN', 'CAP_KILL', 'CAP_SYS_ADMIN'));
    assert.equal(sandboxOf('CapabilityBoundingSet=CAP_CHOWN\nCapabilityBoundingSet=').capabilityBoundingSet, 0n);
    // Unknown names are skipped, not fatal.
    assert.equal(
      sandboxOf('CapabilityBoundingSet=CAP_BOGUS CAP_KILL').capabilityBoundingSet,
      capabilityMask('CAP_KILL'),
    );
  });

  test('what systemd adds on load: capabilities dropped by Protect*/PrivateDevices=, DynamicUser= implications', () => {
    const sandbox = sandboxOf('ProtectClock=yes\nProtectKernelModules=yes\nProtectKernelLogs=yes\nPrivateDevices=yes');
    for (const name of ['CAP_SYS_TIME', 'CAP_WAKE_ALARM', 'CAP_SYS_MODULE', 'CAP_SYSLOG', 'CAP_MKNOD', 'CAP_SYS_RAWIO'])
      assert.ok(!has(sandbox.capabilityBoundingSet, name), name);
    assert.equal(sandbox.devicePolicy, 'closed');
    assert.deepEqual(sandbox.deviceAllow, ['char-rtc:r']);

    const dynamic = sandboxOf('DynamicUser=yes', { name: 'web-app.service' });
    assert.equal(dynamic.user, 'web-app');
    assert.equal(dynamic.protectSystem, 'strict');
    assert.equal(dynamic.protectHome, 'read-only');
    assert.ok(dynamic.privateTmp && dynamic.removeIpc && dynamic.noNewPrivileges && dynamic.restrictSuidSgid);
    assert.equal(sandboxOf('DynamicUser=yes\nProtectHome=tmpfs').protectHome, 'tmpfs');
  });

  test('User= expands specifiers; a template is loaded as the instance "i"', () => {
    assert.equal(sandboxOf('User=%i', { name: 'worker@.service' }).user, 'i');
    assert.equal(sandboxOf('User=%p', { name: 'worker@.service' }).user, 'worker');
    assert.equal(sandboxOf('User=%i', { name: 'worker@alice.service' }).user, 'alice');
    assert.equal(sandboxOf('User=%u').user, 'root');
    assert.equal(sandboxOf('User=svc\nUser=').user, undefined);
  });

  test('settings systemd treats as fatal refuse the unit; in a drop-in they only end that drop-in', () => {
    assert.match(sandboxOf('User=a:b').loadErrors.join(), /User=a:b/);
    assert.match(sandboxOf('RootDirectory=relative').loadErrors.join(), /RootDirectory=/);
    assert.match(sandboxOf('RootDirectory=/srv/../x').loadErrors.join(), /RootDirectory=/);
    assert.match(sandboxOf('DynamicUser=maybe').loadErrors.join(), /dynamicUser/);
    assert.deepEqual(sandboxOf('RootDirectory=//srv/./root').loadErrors, []);
    assert.equal(sandboxOf('RootDirectory=//srv/./root').rootDirectory, '/srv/root');

    const cut = sandboxOf('', { dropIns: ['[Service]\nPrivateTmp=yes\nRootDirectory=bad\nPrivateNetwork=yes\n'] });
    assert.deepEqual(cut.loadErrors, []);
    assert.equal(cut.privateTmp, true);
    assert.equal(cut.privateNetwork, false);
  });

  test('drop-ins apply after the unit file, in the order given', () => {
    const sandbox = sandboxOf('ProtectSystem=full\nUMask=0077', {
      dropIns: ['[Service]\nProtectSystem=strict\n', '[Service]\nUMask=0027\n'],
    });
    assert.equal(sandbox.protectSystem, 'strict');
    assert.equal(sandbox.umask, 0o027);
  });

  test('RestrictAddressFamilies=: allow and deny lists, "none", aliases, reset', () => {
    const allow = sandboxOf('RestrictAddressFamilies=AF_UNIX af_inet\nRestrictAddressFamilies=~AF_INET');
    assert.equal(allow.addressFamilies.allowList, true);
    assert.deepEqual([...allow.addressFamilies.families!], [1]);
    const deny = sandboxOf('RestrictAddressFamilies=~AF_ROUTE AF_LOCAL');
    assert.equal(deny.addressFamilies.allowList, false);
    assert.deepEqual(
      [...deny.addressFamilies.families!].sort((a, b) => a - b),
      [1, 16],
    );
    const none = sandboxOf('RestrictAddressFamilies=none');
    assert.deepEqual(none.addressFamilies, { allowList: true, families: undefined });
    // After "none" there is no list: the next line starts a new one, of its own kind.
    const again = sandboxOf('RestrictAddressFamilies=none\nRestrictAddressFamilies=~AF_PACKET');
    assert.equal(again.addressFamilies.allowList, false);
    assert.deepEqual(sandboxOf('RestrictAddressFamilies=AF_UNIX\nRestrictAddressFamilies=').addressFamilies, {
      allowList: false,
      families: undefined,
    });
  });

  test('RestrictNamespaces=: booleans replace, lists set then merge, an unknown name voids the line', () => {
    const { user, net, mnt } = NAMESPACE_FLAGS as Record<string, number>;
    assert.equal(sandboxOf('RestrictNamespaces=yes').allowedNamespaces, 0);
    assert.equal(sandboxOf('RestrictNamespaces=net').allowedNamespaces, net);
    assert.equal(sandboxOf('RestrictNamespaces=yes\nRestrictNamespaces=net mnt').allowedNamespaces, net! | mnt!);
    assert.equal(sandboxOf('RestrictNamespaces=~user').allowedNamespaces & user!, 0);
    assert.equal(sandboxOf('RestrictNamespaces=yes\nRestrictNamespaces=net bogus').allowedNamespaces, 0);
  });

  test('SystemCallFilter=: an allow list starts from @default; errno entries; removals', () => {
    const allow = sandboxOf('SystemCallFilter=@clock\nSystemCallFilter=~settimeofday');
    assert.equal(allow.syscallFilter?.allowList, true);
    assert.ok(allow.syscallFilter?.calls.has('brk'), '@default is always allowed');
    assert.ok(allow.syscallFilter?.calls.has('adjtimex'));
    assert.ok(!allow.syscallFilter?.calls.has('settimeofday'));
    const errno = sandboxOf('SystemCallFilter=@clock\nSystemCallFilter=~adjtimex:EPERM');
    assert.equal(errno.syscallFilter?.calls.get('adjtimex'), 1);
    const deny = sandboxOf('SystemCallFilter=~@mount:EPERM\nSystemCallFilter=umount2');
    assert.equal(deny.syscallFilter?.allowList, false);
    assert.ok(deny.syscallFilter?.calls.has('mount'));
    assert.ok(!deny.syscallFilter?.calls.has('umount2'));
    // A bad errno voids that entry only; an allow-list entry may not carry one.
    assert.ok(!sandboxOf('SystemCallFilter=~reboot:EBOGUS').syscallFilter?.calls.has('reboot'));
    assert.ok(!sandboxOf('SystemCallFilter=reboot:EPERM').syscallFilter?.calls.has('reboot'));
    assert.equal(sandboxOf('SystemCallFilter=@clock\nSystemCallFilter=').syscallFilter, undefined);
  });

  test('DeviceAllow=: device paths and block-/char- classes with rwm rights; others ignored', () => {
    assert.deepEqual(sandboxOf('DeviceAllow=/dev/null rw\nDeviceAllow=char-pps').deviceAllow, [
      'char-pps:rwm',
      '/dev/null:rw',
    ]);
    assert.deepEqual(
      sandboxOf('DeviceAllow=/tmp/x r\nDeviceAllow=/dev/sda rx\nDeviceAllow=/dev/../x r').deviceAllow,
      [],
    );
  });

  test('Delegate=: empty and controller lists turn it on', () => {
    assert.equal(sandboxOf('Delegate=').delegate, true);
    assert.equal(sandboxOf('Delegate=cpu memory').delegate, true);
    assert.equal(sandboxOf('Delegate=yes\nDelegate=no').delegate, false);
  });

  test('settings outside [Service] do not count; DefaultDependencies= is read from [Unit]', () => {
    const sandbox = loadSandbox({
      unitName: 'x.service',
      files: [parseUnitFile('PrivateTmp=yes\n[Unit]\nPrivateTmp=yes\nDefaultDependencies=no\n[Service]\n')],
    });
    assert.equal(sandbox.privateTmp, false);
    assert.equal(sandbox.defaultDependencies, false);
  });
});
