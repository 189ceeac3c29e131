/**
 * Generated services for the security agreement test: each a random mix of the settings the assessment reads, with
 * values systemd takes, values it ignores and values on the edge (seeded, so every run makes the same units).
 */

const POOLS: Readonly<Record<string, readonly string[]>> = {
  User: ['root', '0', 'nobody', 'daemon', '', '%i', '%u', '%p', 'svc-user', '65534'],
  DynamicUser: ['yes', 'no', 'true', 'off'],
  SupplementaryGroups: ['', 'adm', 'adm systemd-journal'],
  PrivateDevices: ['yes', 'no', 'on', '0', 'maybe', ''],
  PrivateMounts: ['yes', 'no'],
  PrivateNetwork: ['yes', 'no', 'TRUE'],
  PrivateTmp: ['yes', 'no', 'y', ''],
  PrivateUsers: ['yes', 'no'],
  ProtectControlGroups: ['yes', 'no'],
  ProtectKernelModules: ['yes', 'no'],
  ProtectKernelTunables: ['yes', 'no'],
  ProtectKernelLogs: ['yes', 'no'],
  ProtectClock: ['yes', 'no'],
  ProtectHostname: ['yes', 'no'],
  ProtectHome: ['yes', 'no', 'read-only', 'tmpfs', 'true', 'Read-Only', ''],
  ProtectSystem: ['yes', 'no', 'full', 'strict', '1', 'STRICT', ''],
  RootDirectory: ['/', '/srv/root', '//', '', '/./', '/srv/../x'],
  RootImage: ['/var/lib/machines/img.raw', ''],
  MountImages: ['/var/lib/img.raw:/mnt/img', ''],
  LockPersonality: ['yes', 'no'],
  MemoryDenyWriteExecute: ['yes', 'no'],
  NoNewPrivileges: ['yes', 'no', 'f'],
  RemoveIPC: ['yes', 'no'],
  RestrictRealtime: ['yes', 'no'],
  RestrictSUIDSGID: ['yes', 'no'],
  CapabilityBoundingSet: [
    '',
    '~',
    'CAP_NET_BIND_SERVICE',
    '~CAP_SYS_ADMIN CAP_SETUID',
    'cap_chown 21',
    '~CAP_BOGUS',
    'CAP_SYS_TIME CAP_WAKE_ALARM',
    '~CAP_SYS_MODULE CAP_SYSLOG CAP_MKNOD CAP_SYS_RAWIO',
    '0x15',
    '40 39',
    '~CAP_SETUID CAP_SETGID CAP_SETPCAP CAP_SYS_PTRACE CAP_AUDIT_CONTROL CAP_AUDIT_READ CAP_AUDIT_WRITE',
    '"CAP_KILL CAP_LEASE"',
    'CAP_DAC_OVERRIDE',
  ],
  AmbientCapabilities: ['', 'CAP_NET_BIND_SERVICE', '~CAP_CHOWN', '~', 'CAP_BOGUS'],
  UMask: ['0022', '0077', '0027', '0002', '077', '0007', '0', 'bogus', '', '07777', '0020', '0o77', '8'],
  KeyringMode: ['private', 'shared', 'inherit', 'bogus'],
  ProtectProc: ['default', 'noaccess', 'invisible', 'ptraceable', 'bogus'],
  ProcSubset: ['pid', 'all', 'PID'],
  NotifyAccess: ['all', 'main', 'none', 'exec', 'ALL'],
  RestrictAddressFamilies: [
    '',
    'none',
    'AF_UNIX',
    'AF_INET AF_INET6',
    '~AF_INET6',
    '~AF_PACKET AF_NETLINK',
    'af_unix',
    'AF_LOCAL',
    'AF_ROUTE',
    'AF_X25',
    '~AF_X25',
    'AF_BOGUS AF_UNIX',
    '"AF_UNIX AF_NETLINK"',
    'AF_UNIX "AF_INET',
    '~AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET',
  ],
  RestrictNamespaces: [
    'yes',
    'no',
    '',
    'user',
    '~user',
    'mnt net',
    '~cgroup ipc',
    'bogus',
    'net bogus',
    '~',
    'uts pid',
  ],
  SystemCallArchitectures: ['native', 'native x86', 'x86-64', '', 'bogus native', 'native native', 'x86'],
  SystemCallFilter: [
    '@system-service',
    '~@privileged @resources',
    '~@mount',
    '@clock',
    '~@clock:EPERM',
    '@system-service @clock',
    '~@swap @obsolete @clock @cpu-emulation @debug @mount @module @raw-io @reboot @privileged @resources',
    '',
    'write read',
    '~reboot',
    '@bogus',
    '~@privileged:EPERM',
    'settimeofday:EPERM',
    '~settimeofday:ENOTAREALERRNO',
    '~@debug:kill @module:1',
    '@default @basic-io',
    '~ptrace swapon swapoff',
    '@known',
    '~@known',
  ],
  Delegate: ['yes', 'no', '', 'cpu memory', 'bogus'],
  DevicePolicy: ['auto', 'closed', 'strict', 'bogus'],
  DeviceAllow: [
    '/dev/null rw',
    'char-rtc r',
    '',
    '/dev/../etc r',
    'block-loop rwm',
    '/tmp/x r',
    '/dev/sda rx',
    '/dev/null',
  ],
  IPAddressDeny: ['any', '0.0.0.0/0', '::/0', '0.0.0.0/0 ::/0', '', 'localhost', '10.0.0.0/8', '1.2.3.4/0 ::1/0'],
  IPAddressAllow: [
    'localhost',
    '127.0.0.1',
    '::1',
    '10.1.2.3/8',
    'link-local',
    '',
    'multicast',
    '127.0.0.1/4',
    '::1/127',
    'any',
    'foo.localhost',
    '127.9.9.9/32',
    '::ffff:127.0.0.1',
    'bogus',
  ],
  IPIngressFilterPath: ['/sys/fs/bpf/ingress', '', 'relative/path'],
  IPEgressFilterPath: ['/sys/fs/bpf/egress', ''],
  LoadCredentialEncrypted: ['secret:/etc/secret.cred'],
  Type: ['simple', 'notify', 'oneshot'],
};

const UNIT_POOLS: Readonly<Record<string, readonly string[]>> = {
  DefaultDependencies: ['no', 'yes', 'bogus'],
};

const NAMES = ['random.service', 'template@.service', 'nobody.service', 'root.service', 'my-app.service'];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedUnit {
  readonly name: string;
  readonly text: string;
  /** A drop-in (`NAME.d/override.conf`) that systemd applies after the unit file, for some units. */
  readonly dropIn?: string;
}

export function generateUnits(count: number, seed = 252): GeneratedUnit[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const keys = Object.keys(POOLS);
  const units: GeneratedUnit[] = [];
  for (let n = 0; n < count; n++) {
    const unitLines = ['[Unit]', `Description=generated case ${n}`];
    if (next() < 0.15) unitLines.push(`DefaultDependencies=${pick(UNIT_POOLS['DefaultDependencies']!)}`);
    const serviceLines = ['[Service]', 'ExecStart=/bin/true'];
    const settings = 2 + Math.floor(next() * 18);
    for (let i = 0; i < settings; i++) {
      const key = pick(keys);
      const repeats = next() < 0.25 ? 2 : 1;
      for (let r = 0; r < repeats; r++) serviceLines.push(`${key}=${pick(POOLS[key]!)}`);
    }
    const name = n < NAMES.length ? NAMES[n]! : next() < 0.2 ? pick(NAMES) : `generated-${n}.service`;
    if (n % 8 === 7 && serviceLines.length > 4) {
      // The later settings go to a drop-in, which must override the unit file's just as later lines would.
      const moved = serviceLines.splice(2 + Math.floor((serviceLines.length - 2) / 2));
      const dropIn = ['[Service]', ...moved, ''].join('\n');
      units.push({ name, text: [...unitLines, '', ...serviceLines, ''].join('\n'), dropIn });
    } else units.push({ name, text: [...unitLines, '', ...serviceLines, ''].join('\n') });
  }
  return units;
}
