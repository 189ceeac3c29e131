/**
 * The checks of `systemd-analyze security` in systemd 252 (src/analyze/analyze-security.c): for each, its name, its
 * JSON key, its weight and range, and how bad the service is on it (0 = best … range = worst). The wording is ours.
 */
import { isAnyPrefix, isLocalhostAddress } from './addresses';
import { AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, AF_UNIX, capabilityMask, NAMESPACE_FLAGS } from './facts';
import type { Sandbox } from './sandbox';
import { syscallsOf } from './syscalls';

/** How bad the service is on one check, or undefined when the check does not apply; and why, when it varies. */
export interface Verdict {
  readonly badness: number | undefined;
  readonly note?: string;
}

export interface SecurityCheck {
  /** systemd's name for the check, as its table prints it. */
  readonly id: string;
  /** systemd's JSON key for the check (also the key of a --security-policy file). */
  readonly jsonField: string;
  readonly weight: number;
  readonly range: number;
  /** The check does not apply to a service with DefaultDependencies=no (one that runs early in boot). */
  readonly defaultDependenciesOnly?: boolean;
  /** The directive to look up. */
  readonly directive: string;
  /** What a passing service has, in a few words. */
  readonly good: string;
  /** What a failing service has. */
  readonly bad: string;
  /** The line to add (or the change to make) to pass. */
  readonly fix: string;
  assess(sandbox: Sandbox): Verdict;
}

/** The service runs with full privileges: as root, or with no user named and no dynamic user. */
export function runsPrivileged(sandbox: Sandbox): boolean {
  if (sandbox.user === 'root' || sandbox.user === '0') return true;
  if (sandbox.dynamicUser) return false;
  return sandbox.user === undefined || sandbox.user === '';
}

const yes = (on: boolean): Verdict => ({ badness: on ? 0 : 1 });

function flag(
  directive: string,
  key: keyof Sandbox,
  weight: number,
  good: string,
  bad: string,
  extra: Partial<SecurityCheck> = {},
): SecurityCheck {
  return {
    id: `${directive}=`,
    jsonField: directive,
    weight,
    range: 1,
    directive,
    good,
    bad,
    fix: `${directive}=yes`,
    assess: (sandbox) => yes(sandbox[key] === true),
    ...extra,
  };
}

function capability(
  id: string,
  jsonField: string,
  names: string[],
  weight: number,
  good: string,
  bad: string,
): SecurityCheck {
  const mask = capabilityMask(...names);
  return {
    id: `CapabilityBoundingSet=~${id}`,
    jsonField: `CapabilityBoundingSet_${jsonField}`,
    weight,
    range: 1,
    directive: 'CapabilityBoundingSet',
    good,
    bad,
    fix: `CapabilityBoundingSet=~${names.join(' ')}`,
    assess: (sandbox) => ({ badness: (sandbox.capabilityBoundingSet & mask) !== 0n ? 1 : 0 }),
  };
}

function namespace(name: string, weight: number, what: string): SecurityCheck {
  const bit = NAMESPACE_FLAGS[name]!;
  return {
    id: `RestrictNamespaces=~${name}`,
    jsonField: `RestrictNamespaces_${name}`,
    weight,
    range: 1,
    directive: 'RestrictNamespaces',
    good: `Cannot create ${what} namespaces`,
    bad: `Can create ${what} namespaces`,
    fix: 'RestrictNamespaces=yes',
    assess: (sandbox) => ({ badness: (sandbox.allowedNamespaces & bit) !== 0 ? 1 : 0 }),
  };
}

type FamilyClass = 'inet' | 'unix' | 'netlink' | 'packet' | 'other';

function familyClass(family: number): FamilyClass {
  if (family === AF_INET || family === AF_INET6) return 'inet';
  if (family === AF_UNIX) return 'unix';
  if (family === AF_NETLINK) return 'netlink';
  if (family === AF_PACKET) return 'packet';
  return 'other';
}

/** Whether sockets of this class are shut off, by systemd's rule: listed in a deny list, or absent from an allow list. */
export function familyRestricted(sandbox: Sandbox, wanted: FamilyClass): boolean {
  const { allowList, families } = sandbox.addressFamilies;
  let restricted = allowList;
  for (const family of families ?? []) if (familyClass(family) === wanted) restricted = !allowList;
  return restricted;
}

function family(
  id: string,
  jsonField: string,
  which: FamilyClass,
  weight: number,
  good: string,
  bad: string,
  fix: string,
): SecurityCheck {
  return {
    id: `RestrictAddressFamilies=~${id}`,
    jsonField: `RestrictAddressFamilies_${jsonField}`,
    weight,
    range: 1,
    directive: 'RestrictAddressFamilies',
    good,
    bad,
    fix,
    assess: (sandbox) => yes(familyRestricted(sandbox, which)),
  };
}

function syscallGroup(group: string, weight: number): SecurityCheck {
  return {
    id: `SystemCallFilter=~${group}`,
    jsonField: `SystemCallFilter_${group.slice(1).replace(/-/g, '_')}`,
    weight,
    range: 10,
    directive: 'SystemCallFilter',
    good: `The system calls of ${group} are blocked`,
    bad: `The system calls of ${group} are allowed`,
    fix: `SystemCallFilter=~${group}`,
    assess(sandbox) {
      const filter = sandbox.syscallFilter;
      if (!filter || (!filter.allowList && filter.calls.size === 0))
        return { badness: 10, note: 'No system call filter' };
      const offender = syscallsOf(group).find((call) => {
        const errno = filter.calls.get(call);
        // In an allow list, a call listed with an error number is refused, so only the plain entries let calls through.
        const listed = filter.allowList ? errno !== undefined && errno < 0 : errno !== undefined;
        return listed === filter.allowList;
      });
      if (filter.allowList) {
        return offender
          ? { badness: 9, note: `The allow list lets ${group} through (${offender}, for one)` }
          : { badness: 0, note: `The allow list keeps ${group} out` };
      }
      return offender
        ? { badness: 10, note: `The deny list misses ${group} (${offender}, for one)` }
        : { badness: 0, note: `The deny list covers ${group}` };
    },
  };
}

/** systemd 252's checks, in its order. */
export const SECURITY_CHECKS: readonly SecurityCheck[] = [
  {
    id: 'User=/DynamicUser=',
    jsonField: 'UserOrDynamicUser',
    weight: 2000,
    range: 10,
    directive: 'DynamicUser',
    good: 'Runs as an unprivileged user',
    bad: 'Runs with root’s full powers',
    fix: 'DynamicUser=yes (or User= naming an account of its own)',
    assess(sandbox) {
      const root = sandbox.user === 'root' || sandbox.user === '0';
      if (sandbox.user === 'nobody')
        return { badness: 9, note: 'Runs as nobody, an account that other programs share' };
      if (sandbox.dynamicUser && !root) return { badness: 0, note: 'Runs as a user allocated when it starts' };
      if (sandbox.user !== undefined && sandbox.user !== '' && !root)
        return { badness: 0, note: 'Runs as a fixed unprivileged user' };
      return { badness: 10 };
    },
  },
  {
    id: 'SupplementaryGroups=',
    jsonField: 'SupplementaryGroups',
    weight: 200,
    range: 1,
    directive: 'SupplementaryGroups',
    good: 'Belongs to no extra groups',
    bad: 'Belongs to extra groups',
    fix: 'no SupplementaryGroups= (remove the line)',
    assess: (sandbox) =>
      runsPrivileged(sandbox)
        ? { badness: undefined, note: 'Runs as root, so extra groups change nothing' }
        : { badness: sandbox.supplementaryGroups.length > 0 ? 1 : 0 },
  },
  flag(
    'PrivateDevices',
    'privateDevices',
    1000,
    'Sees only pseudo devices such as /dev/null',
    'Can see the machine’s device nodes',
  ),
  flag('PrivateMounts', 'privateMounts', 1000, 'Its mounts stay in its own namespace', 'Its mounts can reach the host'),
  flag(
    'PrivateNetwork',
    'privateNetwork',
    2500,
    'Has a network of its own with only loopback',
    'Uses the host’s network',
  ),
  flag(
    'PrivateTmp',
    'privateTmp',
    1000,
    'Has its own /tmp and /var/tmp',
    'Shares /tmp and /var/tmp with other programs',
    { defaultDependenciesOnly: true },
  ),
  flag('PrivateUsers', 'privateUsers', 1000, 'Sees only root and its own user', 'Sees every user of the machine'),
  flag(
    'ProtectControlGroups',
    'protectControlGroups',
    1000,
    'The control group tree is read-only to it',
    'Can write to the control group tree',
  ),
  flag(
    'ProtectKernelModules',
    'protectKernelModules',
    1000,
    'Kernel modules are out of its reach',
    'Can insert and read kernel modules',
  ),
  flag(
    'ProtectKernelTunables',
    'protectKernelTunables',
    1000,
    'Kernel variables in /proc/sys and /sys are read-only to it',
    'Can change kernel variables',
  ),
  flag(
    'ProtectKernelLogs',
    'protectKernelLogs',
    1000,
    'Cannot touch the kernel log buffer',
    'Can read and write the kernel log buffer',
  ),
  flag('ProtectClock', 'protectClock', 1000, 'Cannot set the clocks', 'Can set the system and hardware clocks'),
  {
    id: 'ProtectHome=',
    jsonField: 'ProtectHome',
    weight: 1000,
    range: 10,
    defaultDependenciesOnly: true,
    directive: 'ProtectHome',
    good: 'Cannot see home directories',
    bad: 'Can read and write home directories',
    fix: 'ProtectHome=yes',
    assess(sandbox) {
      switch (sandbox.protectHome) {
        case 'yes':
          return { badness: 0 };
        case 'read-only':
          return { badness: 5, note: 'Can read home directories' };
        case 'tmpfs':
          return { badness: 1, note: 'Sees empty stand-ins for home directories' };
        default:
          return { badness: 10 };
      }
    },
  },
  flag('ProtectHostname', 'protectHostname', 50, 'Cannot change the host name', 'Can change the host and domain name'),
  {
    id: 'ProtectSystem=',
    jsonField: 'ProtectSystem',
    weight: 1000,
    range: 10,
    defaultDependenciesOnly: true,
    directive: 'ProtectSystem',
    good: 'The whole OS tree is read-only to it',
    bad: 'Can write anywhere in the OS tree',
    fix: 'ProtectSystem=strict',
    assess(sandbox) {
      switch (sandbox.protectSystem) {
        case 'strict':
          return { badness: 0 };
        case 'full':
          return { badness: 3, note: '/usr, /boot and /etc are read-only to it; the rest is writable' };
        case 'yes':
          return { badness: 5, note: '/usr and /boot are read-only to it; /etc and the rest are writable' };
        default:
          return { badness: 10 };
      }
    },
  },
  {
    id: 'RootDirectory=/RootImage=',
    jsonField: 'RootDirectoryOrRootImage',
    weight: 200,
    range: 1,
    defaultDependenciesOnly: true,
    directive: 'RootDirectory',
    good: 'Runs in a root file system of its own',
    bad: 'Runs in the host’s root file system',
    fix: 'RootDirectory= or RootImage= (a file system tree of its own)',
    assess(sandbox) {
      const isRoot = (path: string | undefined) => path === undefined || path === '' || path === '/';
      return { badness: isRoot(sandbox.rootDirectory) && isRoot(sandbox.rootImage) ? 1 : 0 };
    },
  },
  flag(
    'LockPersonality',
    'lockPersonality',
    100,
    'Cannot switch its execution domain',
    'Can switch its execution domain (personality)',
  ),
  flag(
    'MemoryDenyWriteExecute',
    'memoryDenyWriteExecute',
    100,
    'Cannot make memory both writable and executable',
    'Can make memory both writable and executable',
  ),
  flag(
    'NoNewPrivileges',
    'noNewPrivileges',
    1000,
    'Cannot gain privileges, not even through setuid programs',
    'Can gain privileges through setuid programs or file capabilities',
  ),
  capability(
    'CAP_SYS_ADMIN',
    'CAP_SYS_ADMIN',
    ['CAP_SYS_ADMIN'],
    1500,
    'Holds no administrator capability',
    'Holds the administrator capability',
  ),
  capability(
    'CAP_SET(UID|GID|PCAP)',
    'CAP_SET_UID_GID_PCAP',
    ['CAP_SETUID', 'CAP_SETGID', 'CAP_SETPCAP'],
    1500,
    'Cannot switch user, group or capabilities',
    'Can switch user, group or capabilities',
  ),
  capability(
    'CAP_SYS_PTRACE',
    'CAP_SYS_PTRACE',
    ['CAP_SYS_PTRACE'],
    1500,
    'Cannot trace other processes',
    'Can trace and inspect other processes',
  ),
  capability(
    'CAP_SYS_TIME',
    'CAP_SYS_TIME',
    ['CAP_SYS_TIME'],
    1000,
    'Cannot set the system clock',
    'Can set the system clock',
  ),
  capability(
    'CAP_NET_ADMIN',
    'CAP_NET_ADMIN',
    ['CAP_NET_ADMIN'],
    1000,
    'Cannot configure the network',
    'Can configure the network',
  ),
  capability(
    'CAP_SYS_RAWIO',
    'CAP_SYS_RAWIO',
    ['CAP_SYS_RAWIO'],
    1000,
    'No direct port or block I/O',
    'Can do direct I/O on ports and block devices',
  ),
  capability(
    'CAP_SYS_MODULE',
    'CAP_SYS_MODULE',
    ['CAP_SYS_MODULE'],
    1000,
    'Holds no capability to load kernel modules',
    'Holds the capability to load kernel modules',
  ),
  capability(
    'CAP_AUDIT_*',
    'CAP_AUDIT',
    ['CAP_AUDIT_CONTROL', 'CAP_AUDIT_READ', 'CAP_AUDIT_WRITE'],
    500,
    'Cannot use the audit subsystem',
    'Can use the audit subsystem',
  ),
  capability(
    'CAP_SYSLOG',
    'CAP_SYSLOG',
    ['CAP_SYSLOG'],
    500,
    'Holds no capability over the kernel log',
    'Holds the capability to read the kernel log',
  ),
  capability(
    'CAP_SYS_(NICE|RESOURCE)',
    'CAP_SYS_NICE_RESOURCE',
    ['CAP_SYS_NICE', 'CAP_SYS_RESOURCE'],
    500,
    'Cannot raise its priority or resource limits',
    'Can raise its priority and resource limits',
  ),
  capability(
    'CAP_MKNOD',
    'CAP_MKNOD',
    ['CAP_MKNOD'],
    500,
    'No mknod() of device files',
    'Can make device files with mknod()',
  ),
  capability(
    'CAP_(CHOWN|FSETID|SETFCAP)',
    'CAP_CHOWN_FSETID_SETFCAP',
    ['CAP_CHOWN', 'CAP_FSETID', 'CAP_SETFCAP'],
    1000,
    'Cannot change owners, modes or file capabilities freely',
    'Can change any file’s owner, mode or capabilities',
  ),
  capability(
    'CAP_(DAC_*|FOWNER|IPC_OWNER)',
    'CAP_DAC_FOWNER_IPC_OWNER',
    ['CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_IPC_OWNER'],
    1000,
    'Is bound by file and IPC permissions',
    'Can bypass file and IPC permissions',
  ),
  capability(
    'CAP_KILL',
    'CAP_KILL',
    ['CAP_KILL'],
    500,
    'Can signal only its own processes',
    'Can send signals to any process',
  ),
  capability(
    'CAP_NET_(BIND_SERVICE|BROADCAST|RAW)',
    'CAP_NET_BIND_SERVICE_BROADCAST_RAW)',
    ['CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_RAW'],
    500,
    'Has no special network rights',
    'Can bind low ports, broadcast or use raw sockets',
  ),
  capability(
    'CAP_SYS_BOOT',
    'CAP_SYS_BOOT',
    ['CAP_SYS_BOOT'],
    100,
    'Cannot reboot the machine',
    'Can reboot the machine',
  ),
  capability(
    'CAP_MAC_*',
    'CAP_MAC',
    ['CAP_MAC_ADMIN', 'CAP_MAC_OVERRIDE'],
    100,
    'Cannot change or bypass mandatory access control',
    'Can change or bypass mandatory access control',
  ),
  capability(
    'CAP_LINUX_IMMUTABLE',
    'CAP_LINUX_IMMUTABLE',
    ['CAP_LINUX_IMMUTABLE'],
    75,
    'Cannot set the immutable file flag',
    'Can make files immutable',
  ),
  capability('CAP_IPC_LOCK', 'CAP_IPC_LOCK', ['CAP_IPC_LOCK'], 50, 'Cannot pin memory in RAM', 'Can pin memory in RAM'),
  capability(
    'CAP_SYS_CHROOT',
    'CAP_SYS_CHROOT',
    ['CAP_SYS_CHROOT'],
    50,
    'Cannot change its root directory',
    'Can call chroot()',
  ),
  capability(
    'CAP_BLOCK_SUSPEND',
    'CAP_BLOCK_SUSPEND',
    ['CAP_BLOCK_SUSPEND'],
    25,
    'Cannot keep the machine from suspending',
    'Can keep the machine from suspending',
  ),
  capability(
    'CAP_WAKE_ALARM',
    'CAP_WAKE_ALARM',
    ['CAP_WAKE_ALARM'],
    25,
    'Cannot set timers that wake the machine',
    'Can set timers that wake the machine',
  ),
  capability('CAP_LEASE', 'CAP_LEASE', ['CAP_LEASE'], 25, 'Cannot take file leases', 'Can take file leases'),
  capability(
    'CAP_SYS_TTY_CONFIG',
    'CAP_SYS_TTY_CONFIG',
    ['CAP_SYS_TTY_CONFIG'],
    25,
    'Cannot hang up terminals',
    'Can hang up terminals (vhangup)',
  ),
  capability(
    'CAP_SYS_PACCT',
    'CAP_SYS_PACCT',
    ['CAP_SYS_PACCT'],
    25,
    'Cannot switch process accounting',
    'Can switch process accounting on and off',
  ),
  capability('CAP_BPF', 'CAP_BPF', ['CAP_BPF'], 25, 'Cannot load BPF programs', 'Can load BPF programs'),
  {
    id: 'UMask=',
    jsonField: 'UMask',
    weight: 100,
    range: 10,
    directive: 'UMask',
    good: 'New files are private to its user',
    bad: 'New files are writable by everyone',
    fix: 'UMask=0077',
    assess(sandbox) {
      const mask = sandbox.umask;
      if ((mask & 0o002) === 0) return { badness: 10 };
      if ((mask & 0o004) === 0) return { badness: 5, note: 'New files are readable by everyone' };
      if ((mask & 0o020) === 0) return { badness: 2, note: 'New files are writable by its group' };
      if ((mask & 0o040) === 0) return { badness: 1, note: 'New files are readable by its group' };
      return { badness: 0 };
    },
  },
  {
    id: 'KeyringMode=',
    jsonField: 'KeyringMode',
    weight: 1000,
    range: 1,
    directive: 'KeyringMode',
    good: 'Has a kernel keyring of its own',
    bad: 'Shares kernel keys with other services',
    fix: 'KeyringMode=private',
    assess: (sandbox) => yes(sandbox.keyringMode === 'private'),
  },
  {
    id: 'ProtectProc=',
    jsonField: 'ProtectProc',
    weight: 1000,
    range: 3,
    directive: 'ProtectProc',
    good: 'Sees only its own processes in /proc',
    bad: 'Sees every process in /proc',
    fix: 'ProtectProc=invisible',
    assess(sandbox) {
      if (sandbox.protectProc === 'invisible' || sandbox.protectProc === 'ptraceable') return { badness: 0 };
      if (sandbox.protectProc === 'noaccess')
        return { badness: 1, note: 'Other processes show in /proc, but their details are closed' };
      return { badness: 3 };
    },
  },
  {
    id: 'ProcSubset=',
    jsonField: 'ProcSubset',
    weight: 10,
    range: 1,
    directive: 'ProcSubset',
    good: 'Sees only the process part of /proc',
    bad: 'Sees all of /proc',
    fix: 'ProcSubset=pid',
    assess: (sandbox) => yes(sandbox.procSubset === 'pid'),
  },
  {
    id: 'NotifyAccess=',
    jsonField: 'NotifyAccess',
    weight: 1000,
    range: 1,
    directive: 'NotifyAccess',
    good: 'Its child processes cannot report its state',
    bad: 'Any of its processes can report its state',
    fix: 'NotifyAccess=main (instead of all)',
    assess: (sandbox) => ({ badness: sandbox.notifyAccess === 'all' ? 1 : 0 }),
  },
  {
    id: 'RemoveIPC=',
    jsonField: 'RemoveIPC',
    weight: 100,
    range: 1,
    directive: 'RemoveIPC',
    good: 'Its System V IPC objects go away when it stops',
    bad: 'Can leave System V IPC objects behind',
    fix: 'RemoveIPC=yes',
    assess: (sandbox) =>
      runsPrivileged(sandbox)
        ? { badness: undefined, note: 'Runs as root, where the setting does nothing' }
        : yes(sandbox.removeIpc),
  },
  {
    id: 'Delegate=',
    jsonField: 'Delegate',
    weight: 100,
    range: 1,
    directive: 'Delegate',
    good: 'Does not manage a control group subtree',
    bad: 'Manages a control group subtree of its own',
    fix: 'no Delegate= (or Delegate=no)',
    assess: (sandbox) => ({ badness: sandbox.delegate ? 1 : 0 }),
  },
  flag('RestrictRealtime', 'restrictRealtime', 500, 'Cannot use realtime scheduling', 'Can take realtime scheduling'),
  flag(
    'RestrictSUIDSGID',
    'restrictSuidSgid',
    1000,
    'Cannot create setuid or setgid files',
    'Can create setuid or setgid files',
  ),
  namespace('user', 1500, 'user'),
  namespace('mnt', 500, 'mount'),
  namespace('ipc', 500, 'IPC'),
  namespace('pid', 500, 'process ID'),
  namespace('cgroup', 500, 'control group'),
  namespace('net', 500, 'network'),
  namespace('uts', 100, 'host name'),
  family(
    'AF_(INET|INET6)',
    'AF_INET_INET6',
    'inet',
    1500,
    'Cannot open Internet sockets',
    'Can open Internet sockets',
    'RestrictAddressFamilies= without AF_INET and AF_INET6 (for example RestrictAddressFamilies=AF_UNIX)',
  ),
  family(
    'AF_UNIX',
    'AF_UNIX',
    'unix',
    25,
    'Cannot open local sockets',
    'Can open local sockets',
    'RestrictAddressFamilies= without AF_UNIX',
  ),
  family(
    'AF_NETLINK',
    'AF_NETLINK',
    'netlink',
    200,
    'Cannot open netlink sockets',
    'Can open netlink sockets',
    'RestrictAddressFamilies= without AF_NETLINK',
  ),
  family(
    'AF_PACKET',
    'AF_PACKET',
    'packet',
    1000,
    'Cannot open packet sockets',
    'Can open packet sockets',
    'RestrictAddressFamilies= without AF_PACKET',
  ),
  family(
    '…',
    'OTHER',
    'other',
    1250,
    'Cannot open sockets of unusual families',
    'Can open sockets of unusual families',
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 (only the families it uses)',
  ),
  {
    id: 'SystemCallArchitectures=',
    jsonField: 'SystemCallArchitectures',
    weight: 1000,
    range: 10,
    directive: 'SystemCallArchitectures',
    good: 'Can make system calls only in the native ABI',
    bad: 'Can make system calls in any ABI',
    fix: 'SystemCallArchitectures=native',
    assess(sandbox) {
      const archs = sandbox.syscallArchitectures;
      if (archs.size === 0) return { badness: 10 };
      if (archs.size === 1 && archs.has('native')) return { badness: 0 };
      return { badness: 8, note: 'Can make system calls in more than one ABI' };
    },
  },
  syscallGroup('@swap', 1000),
  syscallGroup('@obsolete', 250),
  syscallGroup('@clock', 1000),
  syscallGroup('@cpu-emulation', 250),
  syscallGroup('@debug', 1000),
  syscallGroup('@mount', 1000),
  syscallGroup('@module', 1000),
  syscallGroup('@raw-io', 1000),
  syscallGroup('@reboot', 1000),
  syscallGroup('@privileged', 700),
  syscallGroup('@resources', 700),
  {
    id: 'IPAddressDeny=',
    jsonField: 'IPAddressDeny',
    weight: 1000,
    range: 10,
    directive: 'IPAddressDeny',
    good: 'Can reach no IP address',
    bad: 'Can reach any IP address',
    fix: 'IPAddressDeny=any (with IPAddressAllow= for what it must reach)',
    assess(sandbox) {
      if (sandbox.ipIngressFilters.length > 0 || sandbox.ipEgressFilters.length > 0)
        return { badness: 0, note: 'Filters its traffic with BPF programs of its own' };
      const denied = sandbox.ipAddressDeny.filter(isAnyPrefix);
      const denyAll = denied.some((p) => p.family === 4) && denied.some((p) => p.family === 6);
      if (!denyAll) return { badness: 10 };
      if (sandbox.ipAddressAllow.some((prefix) => !isLocalhostAddress(prefix)))
        return { badness: 5, note: 'Can reach only the addresses it allows, some beyond this machine' };
      if (sandbox.ipAddressAllow.length > 0) return { badness: 2, note: 'Can reach only this machine’s addresses' };
      return { badness: 0 };
    },
  },
  {
    id: 'DeviceAllow=',
    jsonField: 'DeviceAllow',
    weight: 1000,
    range: 10,
    directive: 'DeviceAllow',
    good: 'Can open no device beyond the basic pseudo devices',
    bad: 'Can open any device node it can see',
    fix: 'DevicePolicy=closed (with DeviceAllow= for the devices it needs)',
    assess(sandbox) {
      if (sandbox.devicePolicy !== 'strict' && sandbox.devicePolicy !== 'closed') return { badness: 10 };
      if (sandbox.deviceAllow.length > 0)
        return { badness: 5, note: `Can open only the devices it lists: ${sandbox.deviceAllow.join(' ')}` };
      return { badness: 0 };
    },
  },
  {
    id: 'AmbientCapabilities=',
    jsonField: 'AmbientCapabilities',
    weight: 500,
    range: 1,
    directive: 'AmbientCapabilities',
    good: 'Starts with no ambient capabilities',
    bad: 'Starts with ambient capabilities',
    fix: 'no AmbientCapabilities= (remove the line)',
    assess: (sandbox) => ({ badness: sandbox.ambientCapabilities !== 0n ? 1 : 0 }),
  },
];
