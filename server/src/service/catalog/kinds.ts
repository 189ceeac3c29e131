/** How a value of each kind is written, in one short line for the hover. Kinds come from the fact tables. */
const KIND_SYNTAX: Readonly<Record<string, string>> = {
  'address-family-list':
    'Address families such as `AF_INET AF_INET6 AF_UNIX`; a leading `~` denies the listed ones instead.',
  'architecture-list': 'Architecture names such as `native`, `x86-64` or `arm64`, separated by spaces.',
  base64: 'Base64-encoded data.',
  'base64-or-path': 'Base64-encoded data, or an absolute path to a file holding it.',
  'bind-path-list': 'Space-separated `SOURCE[:DEST[:OPTIONS]]` entries; a leading `-` ignores a missing source.',
  boolean: 'A boolean: `yes`/`no` (also `true`/`false`, `on`/`off`, `1`/`0`).',
  'boolean-or-controller-list': 'A boolean, or a space-separated list of cgroup controller names.',
  'boolean-or-enum': 'A boolean (`yes`/`no`) or one of the keywords listed below.',
  'boolean-or-enum-list': 'A boolean, or a space-separated list of the keywords listed below.',
  'bpf-program': 'The path of a pinned BPF program (for some directives preceded by its type, `TYPE:PATH`).',
  bytes: 'A size in bytes; `K`, `M`, `G`, `T` suffixes count in powers of 1024.',
  'bytes-or-percent':
    'A size in bytes (`K`, `M`, `G`, `T` suffixes count in powers of 1024), a percentage, or `infinity`.',
  calendar: 'A calendar event such as `daily`, `Mon *-*-* 04:00:00` or `*-*-01 12:00`.',
  'capability-list': 'Capability names such as `CAP_NET_BIND_SERVICE`; a leading `~` removes the listed ones instead.',
  'command-line':
    'A command: an absolute path or a plain program name, then its arguments; optional prefixes `@ - : + ! !!`. No shell syntax.',
  condition:
    'The value to test; a leading `!` negates the test and a leading `|` makes it one of several alternatives.',
  'condition-path':
    'An absolute path to test; a leading `!` negates the test and a leading `|` makes it one of several alternatives.',
  'controller-list': 'Space-separated cgroup controller names such as `cpu memory io`.',
  'cpu-set': 'CPU indexes and ranges, such as `0-3 6` or `0,2`.',
  credential: 'A credential name, then `:` and its source or value, depending on the directive.',
  'dbus-name': 'A D-Bus bus name such as `org.example.Daemon`.',
  'device-access': 'A device node path or class (`char-*`, `block-*`), then access flags `r`, `w` and/or `m`.',
  'device-bytes': 'A device path followed by a size in bytes per second (`K`, `M`, `G` suffixes), or `infinity`.',
  'device-timespan': 'A device path followed by a time span such as `25ms`.',
  'device-weight': 'A device path followed by a weight from 1 to 10000.',
  enum: 'One of the keywords listed below.',
  'enum-list': 'One or more of the keywords listed below, separated by spaces.',
  'enum-or-integer': 'A number, or one of the keywords listed below.',
  'env-name-list': 'Names of environment variables, separated by spaces.',
  environment: 'Variable assignments `NAME=value`, separated by spaces; quote an assignment whose value holds spaces.',
  errno: 'An error name such as `EPERM` or `EACCES`, or its number.',
  'exit-status': 'An exit status number from 0 to 255.',
  'exit-status-list':
    'Exit status numbers (0–255) or their names, and signal names such as `SIGHUP`, separated by spaces.',
  'filesystem-list': 'File system type names such as `ext4 tmpfs`; a leading `~` denies the listed ones instead.',
  'flag-list': 'Space-separated flag names.',
  'glob-list': 'Space-separated shell-style patterns such as `*.conf`.',
  'group-list': 'Group names or GIDs, separated by spaces.',
  'hex-or-path': 'Hexadecimal data, or an absolute path to a file holding it.',
  'image-list': 'Space-separated absolute paths of disk images, each optionally followed by options.',
  'image-mount-list': 'Space-separated `IMAGE:MOUNTPOINT[:OPTIONS]` entries.',
  'image-policy': 'An image policy string, such as `root=verity:usr=verity+signed`.',
  integer: 'A whole number.',
  'integer-range': 'A whole number within the range the directive allows.',
  'integer-range-or-idle': 'A whole number within the allowed range, or `idle`.',
  'interface-list': 'Network interface names, separated by spaces; a leading `~` denies the listed ones instead.',
  'interface-name': 'A network interface name such as `eth0`.',
  'ip-prefix-list': 'IP addresses or prefixes such as `10.0.0.0/8`, or `any`, `localhost`, `link-local`, `multicast`.',
  'journal-field-list': 'Journal fields `FIELD=value`, separated by spaces.',
  label: 'A security label or profile name.',
  'mount-options': 'Comma-separated mount options, as in the fourth field of `/etc/fstab`.',
  'mount-spec-list': 'Space-separated mount entries, each `SOURCE:DEST[:OPTIONS]`.',
  'name-list': 'Names separated by spaces.',
  'namespace-list': 'Namespace types such as `ipc net mnt pid user uts cgroup`; a leading `~` inverts the list.',
  'nft-set-list': 'Space-separated `SOURCE:FAMILY:TABLE:SET` entries.',
  obsolete: 'No longer has any effect.',
  'octal-mode': 'An octal access mode such as `0755`.',
  'open-file-spec': 'A path, optionally followed by `:NAME` and `:OPTIONS`.',
  other: 'A value in the format the directive describes.',
  path: 'An absolute path.',
  'path-list': 'Absolute paths separated by spaces; a leading `-` ignores a path that does not exist.',
  percent: 'A percentage such as `50%`.',
  regex: 'A regular expression (PCRE2).',
  'relative-path-list': 'Paths relative to the directory the directive names, separated by spaces.',
  rlimit: 'A limit: a number (with units where the resource has them), `infinity`, or `SOFT:HARD`.',
  signal: 'A signal name such as `SIGTERM` or `SIGINT` (also without the `SIG` prefix), or its number.',
  'socket-address':
    'A port (`80`), `IP:PORT`, `[IPv6]:PORT`, an absolute path of a UNIX socket, `@name` for an abstract socket, or `vsock:CID:PORT`.',
  'socket-bind-rule': '`allow` or `deny`, then `[FAMILY:][PROTOCOL:]PORT` or `any`.',
  string: 'Free text.',
  'syscall-list':
    'System call names and `@groups` such as `@system-service`; a leading `~` denies the listed ones instead.',
  timespan: 'A time span such as `30s`, `5min`, `1h 30min` (a bare number is seconds), or `infinity`.',
  'timespan-nsec': 'A time span such as `50ms` or `1us` (a bare number is nanoseconds), or `infinity`.',
  'unit-list': 'Unit names separated by spaces, such as `network-online.target foo.service`.',
  'unit-name': 'A unit name such as `foo.service`.',
  unsigned: 'A whole number, zero or more.',
  'unsigned-or-infinity': 'A whole number, zero or more, or `infinity`.',
  'unsigned-or-percent': 'A whole number, or a percentage such as `50%`.',
  'url-list': 'Space-separated URIs: `https:`, `http:`, `file:`, `info:` or `man:`.',
  'user-or-group': 'A user or group name, or a numeric ID.',
  'xattr-list': 'Extended attributes `NAME=VALUE`, separated by spaces.',
};

export function kindSyntax(kind: string): string | undefined {
  return KIND_SYNTAX[kind];
}

export function knownKinds(): readonly string[] {
  return Object.keys(KIND_SYNTAX);
}

/** Kinds whose values are unit names, for hover and completion of units. */
export const UNIT_NAME_KINDS: ReadonlySet<string> = new Set(['unit-list', 'unit-name']);
