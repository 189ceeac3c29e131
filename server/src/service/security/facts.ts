/**
 * Numbers and names systemd 252 uses when it reads the sandboxing settings of a service: Linux capability numbers,
 * namespace clone flags, address family names, errno names and seccomp architecture names.
 */

/** An int as safe_atoi() reads it: base 0 (decimal, `0x` hex, leading-zero octal), an optional sign. */
export function parseCInteger(text: string): number | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const digits = match[2]!;
  const magnitude = /^0[xX]/.test(digits)
    ? parseInt(digits.slice(2), 16)
    : digits.startsWith('0')
      ? parseInt(digits, 8)
      : Number(digits);
  const value = match[1] === '-' ? -magnitude : magnitude;
  return value >= -0x80000000 && value <= 0x7fffffff ? value : undefined;
}

/** Linux capabilities by number, as `<linux/capability.h>` numbers them (systemd 252 knows 0…40). */
export const CAPABILITY_NAMES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

const CAPABILITY_NUMBERS = new Map(CAPABILITY_NAMES.map((name, index) => [name.toLowerCase(), index]));

/** The bit of a capability, given by name (any case) or by number 0…63; undefined when systemd does not know it. */
export function capabilityBit(word: string): bigint | undefined {
  const number = parseCInteger(word);
  if (number !== undefined) return number >= 0 && number < 64 ? 1n << BigInt(number) : undefined;
  const named = CAPABILITY_NUMBERS.get(word.toLowerCase());
  return named === undefined ? undefined : 1n << BigInt(named);
}

/** The mask of capabilities given by name. */
export function capabilityMask(...names: string[]): bigint {
  return names.reduce((mask, name) => mask | (capabilityBit(name) ?? 0n), 0n);
}

export const ALL_CAPABILITIES = (1n << 64n) - 1n;

/** Namespace types by the name RestrictNamespaces= uses, with their clone flags. */
export const NAMESPACE_FLAGS: Readonly<Record<string, number>> = {
  cgroup: 0x02000000,
  ipc: 0x08000000,
  net: 0x40000000,
  mnt: 0x00020000,
  pid: 0x20000000,
  user: 0x10000000,
  uts: 0x04000000,
};

export const ALL_NAMESPACES = Object.values(NAMESPACE_FLAGS).reduce((all, flag) => all | flag, 0);

/** Address family numbers systemd knows by name (glibc's AF_* that are defined as a PF_* value). */
const ADDRESS_FAMILIES: Readonly<Record<string, number>> = {
  AF_LOCAL: 1,
  AF_UNIX: 1,
  AF_FILE: 1,
  AF_INET: 2,
  AF_AX25: 3,
  AF_IPX: 4,
  AF_APPLETALK: 5,
  AF_NETROM: 6,
  AF_BRIDGE: 7,
  AF_ATMPVC: 8,
  AF_X25: 9,
  AF_INET6: 10,
  AF_ROSE: 11,
  AF_DECNET: 12,
  AF_NETBEUI: 13,
  AF_SECURITY: 14,
  AF_KEY: 15,
  AF_NETLINK: 16,
  AF_ROUTE: 16,
  AF_PACKET: 17,
  AF_ASH: 18,
  AF_ECONET: 19,
  AF_ATMSVC: 20,
  AF_RDS: 21,
  AF_SNA: 22,
  AF_IRDA: 23,
  AF_PPPOX: 24,
  AF_WANPIPE: 25,
  AF_LLC: 26,
  AF_IB: 27,
  AF_MPLS: 28,
  AF_CAN: 29,
  AF_TIPC: 30,
  AF_BLUETOOTH: 31,
  AF_IUCV: 32,
  AF_RXRPC: 33,
  AF_ISDN: 34,
  AF_PHONET: 35,
  AF_IEEE802154: 36,
  AF_CAIF: 37,
  AF_ALG: 38,
  AF_NFC: 39,
  AF_VSOCK: 40,
  AF_KCM: 41,
  AF_QIPCRTR: 42,
  AF_SMC: 43,
  AF_XDP: 44,
  AF_MCTP: 45,
};

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_NETLINK = 16;
export const AF_PACKET = 17;

/** The number of an address family name (any case), or undefined. */
export function addressFamilyNumber(name: string): number | undefined {
  return ADDRESS_FAMILIES[name.toUpperCase()];
}

/** errno names systemd accepts after `:` in SystemCallFilter= (those without an underscore). */
const ERRNO_NAMES = new Set(
  (
    'E2BIG EACCES EADDRINUSE EADDRNOTAVAIL EADV EAFNOSUPPORT EAGAIN EALREADY EBADE EBADF EBADFD EBADMSG EBADR ' +
    'EBADRQC EBADSLT EBFONT EBUSY ECANCELED ECHILD ECHRNG ECOMM ECONNABORTED ECONNREFUSED ECONNRESET EDEADLK ' +
    'EDEADLOCK EDESTADDRREQ EDOM EDOTDOT EDQUOT EEXIST EFAULT EFBIG EHOSTDOWN EHOSTUNREACH EHWPOISON EIDRM EILSEQ ' +
    'EINPROGRESS EINTR EINVAL EIO EISCONN EISDIR EISNAM EKEYEXPIRED EKEYREJECTED EKEYREVOKED EL2HLT EL2NSYNC EL3HLT ' +
    'EL3RST ELIBACC ELIBBAD ELIBEXEC ELIBMAX ELIBSCN ELNRNG ELOOP EMEDIUMTYPE EMFILE EMLINK EMSGSIZE EMULTIHOP ' +
    'ENAMETOOLONG ENAVAIL ENETDOWN ENETRESET ENETUNREACH ENFILE ENOANO ENOBUFS ENOCSI ENODATA ENODEV ENOENT ENOEXEC ' +
    'ENOKEY ENOLCK ENOLINK ENOMEDIUM ENOMEM ENOMSG ENONET ENOPKG ENOPROTOOPT ENOSPC ENOSR ENOSTR ENOSYS ENOTBLK ' +
    'ENOTCONN ENOTDIR ENOTEMPTY ENOTNAM ENOTRECOVERABLE ENOTSOCK ENOTSUP ENOTTY ENOTUNIQ ENXIO EOPNOTSUPP EOVERFLOW ' +
    'EOWNERDEAD EPERM EPFNOSUPPORT EPIPE EPROTO EPROTONOSUPPORT EPROTOTYPE ERANGE EREMCHG EREMOTE EREMOTEIO ERESTART ' +
    'ERFKILL EROFS ESHUTDOWN ESOCKTNOSUPPORT ESPIPE ESRCH ESRMNT ESTALE ESTRPIPE ETIME ETIMEDOUT ETOOMANYREFS ETXTBSY ' +
    'EUCLEAN EUNATCH EUSERS EWOULDBLOCK EXDEV EXFULL'
  ).split(' '),
);

/** What follows `:` in a SystemCallFilter= entry, as systemd reads it: an error number, or undefined when invalid. */
export function parseErrnoOrAction(text: string): number | undefined {
  if (text === 'kill') return 0x7ffffffe;
  if (ERRNO_NAMES.has(text.toUpperCase())) return 1; // the exact number does not matter here, only that it is >= 0
  const number = parseCInteger(text);
  return number !== undefined && number >= 0 && number < 4096 ? number : undefined;
}

/** Architecture names SystemCallArchitectures= accepts. */
export const SECCOMP_ARCHITECTURES: ReadonlySet<string> = new Set([
  'native',
  'x86',
  'x86-64',
  'x32',
  'arm',
  'arm64',
  'mips',
  'mips64',
  'mips64-n32',
  'mips-le',
  'mips64-le',
  'mips64-le-n32',
  'parisc',
  'parisc64',
  'ppc',
  'ppc64',
  'ppc64-le',
  'riscv64',
  's390',
  's390x',
]);
