import * as l10n from '@vscode/l10n';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver-types';
import { findDirective } from '../catalog';
import type { TextChange } from '../rules';
import { addToSection } from '../rules/edits';
import { runsPrivileged, type Sandbox } from '../security';
import type { Settings } from '../settings';
import type { UnitFileNode } from '../syntax';
import type { UnitFileKind } from '../unitFileKind';
import { assessDocument } from './securityReport';

/**
 * "Harden this service": a commented block of sandboxing settings for [Service], picked so that the service keeps
 * doing what its file shows it needs. A setting already in the file is never touched; a power the file hints at
 * (network, a time service, writable paths, devices, modules, containers, JIT compilers) is left alone.
 */

export const HARDEN_KIND = CodeActionKind.RefactorRewrite;

/** What the unit file shows about the service, read once. */
interface Signs {
  readonly present: ReadonlySet<string>;
  /** Every value of [Service] and [Unit], lower-cased, for looking up hints. */
  readonly text: string;
  /** The command lines (Exec*=), lower-cased. */
  readonly commands: string;
  /** Some command runs with full privileges whatever User= says (`+` or `!` prefix). */
  readonly privilegedCommand: boolean;
  readonly sandbox: Sandbox;
  /** Why the service needs the network, or undefined when nothing says it does. */
  readonly network: string | undefined;
  /** Paths under /var, /run or /srv the service names and so may write to. */
  readonly writablePaths: readonly string[];
}

const NETWORK_TARGETS = ['network.target', 'network-online.target', 'network-pre.target', 'nss-lookup.target'];
const DEPENDENCY_KEYS = ['After', 'Before', 'Wants', 'Requires', 'Requisite', 'BindsTo', 'PartOf', 'Upholds'];

function assignments(file: UnitFileNode, section: string): { key: string; value: string }[] {
  return file.sections
    .filter((node) => node.header.name === section)
    .flatMap((node) => node.entries.flatMap((entry) => (entry.kind === 'assignment' ? [entry] : [])));
}

/** The command line of an Exec*= value without its prefixes (`-`, `@`, `:`, `+`, `!`), and whether it is privileged. */
function commandOf(value: string): { line: string; privileged: boolean } {
  const prefix = /^[-@:+!|]*/.exec(value)![0];
  return { line: value.slice(prefix.length), privileged: prefix.includes('+') || prefix.includes('!') };
}

/** The directory to keep writable for a path the service names: itself, or its parent when it looks like a file. */
function writableDirectory(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const last = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return /\.[a-z0-9]+$/i.test(last) ? trimmed.slice(0, trimmed.lastIndexOf('/')) || '/' : trimmed;
}

/** Keys whose paths are only read, or already arranged; their paths need no write access. */
const READ_ONLY_PATH_KEYS = new Set([
  'ReadOnlyPaths',
  'InaccessiblePaths',
  'ExecPaths',
  'NoExecPaths',
  'BindReadOnlyPaths',
  'EnvironmentFile',
  'ReadWritePaths',
  'TemporaryFileSystem',
  'LoadCredential',
  'LoadCredentialEncrypted',
]);

function readSigns(file: UnitFileNode, sandbox: Sandbox, unitName: string, unitNames: readonly string[]): Signs {
  const service = assignments(file, 'Service');
  const unit = assignments(file, 'Unit');
  const present = new Set(service.map((entry) => entry.key));
  const text = [...service, ...unit].map((entry) => `${entry.key}=${entry.value}`.toLowerCase()).join('\n');
  const execs = service.filter((entry) => entry.key.startsWith('Exec')).map((entry) => commandOf(entry.value));
  const commands = execs.map((exec) => exec.line.toLowerCase()).join('\n');

  const prefix = unitName.replace(/@?\.service$/, '').replace(/@.*$/, '');
  let network: string | undefined;
  const listen = file.sections.flatMap((node) =>
    node.entries.filter((entry) => entry.kind === 'assignment' && entry.key.startsWith('Listen')),
  );
  if (listen.length > 0) network = l10n.t('the file listens on sockets');
  else if (present.has('Sockets')) network = l10n.t('it is started by sockets (Sockets=)');
  else if (unitNames.includes(`${prefix}.socket`)) network = l10n.t('{0} starts it', `${prefix}.socket`);
  else {
    const target = NETWORK_TARGETS.find((name) =>
      unit.some((entry) => DEPENDENCY_KEYS.includes(entry.key) && entry.value.split(/\s+/).includes(name)),
    );
    if (target) network = l10n.t('it is ordered after {0}', target);
  }

  const writable = new Set<string>();
  for (const entry of service) {
    if (READ_ONLY_PATH_KEYS.has(entry.key)) continue;
    for (const match of entry.value.matchAll(/(?:^|[\s='"])-?((?:\/var|\/run|\/srv)(?:\/[^\s'";:]+)+)/g)) {
      const directory = writableDirectory(match[1]!);
      if (!/^\/var\/tmp(\/|$)/.test(directory)) writable.add(directory);
    }
  }
  const pidFile = service.find((entry) => entry.key === 'PIDFile')?.value;
  if (pidFile?.startsWith('/')) writable.add(writableDirectory(pidFile.replace(/^\/var\/run\//, '/run/')));

  return {
    present,
    text,
    commands,
    privilegedCommand: execs.some((exec) => exec.privileged),
    sandbox,
    network,
    writablePaths: [...writable].sort(),
  };
}

const mentions = (haystack: string, pattern: RegExp) => pattern.test(haystack);

/** Programs that need setuid helpers, time, modules, mounts, containers or JIT memory, by command words. */
const SETUID_HELPERS = /\b(sudo|su|pkexec|doas|newgrp|sg|ping|passwd|sendmail|crontab|fusermount3?)\b/;
const TIME_SERVICE = /\b(ntpd?|chronyd?|timesyncd|ptp4l|phc2sys|hwclock|adjtimex|cap_sys_time|time-sync\.target)\b/;
const MODULE_TOOLS = /\b(modprobe|insmod|rmmod|kmod|depmod|cap_sys_module)\b/;
const MOUNT_TOOLS = /\b(mount|umount|fusermount3?|sshfs|nfs|cifs|automount)\b/;
const CONTAINERS =
  /\b(docker|dockerd|containerd|podman|nspawn|lxc|lxd|bwrap|bubblewrap|runc|crun|unshare|firejail|flatpak|chrom(e|ium)|snapd?)\b/;
const JIT_RUNTIMES =
  /\b(java|node|nodejs|deno|bun|mono|dotnet|php(-fpm)?[0-9.]*|ruby|luajit|pypy[0-9.]*|qemu[\w-]*|electron|firefox|chrom(e|ium)|gnome-shell|emacs)\b/;
const REALTIME = /\b(realtime|rtkit|pulseaudio|pipewire|jackd?|cpuschedulingpolicy=(fifo|rr))\b/;
const KERNEL_LOG = /\b(dmesg|klogd?|rsyslogd?|syslog-ng|\/dev\/kmsg|\/proc\/kmsg)\b/;
const DEVICES =
  /(\/dev\/(?!null\b|zero\b|full\b|u?random\b|tty\b|stdin\b|stdout\b|stderr\b|log\b|shm\b)[\w-]|\.device\b|deviceallow=|udev)/;
const HOMES = /(\/home\b|\/root\b|\/run\/user\b|%h)/;
const KERNEL_TUNABLES = /\b(sysctl|\/proc\/sys|\/sys\/|apparmor|selinux|restorecon|load_policy|smack)/;
/** Security modules load their policy with the MAC capabilities. */
const MAC_TOOLS = /\b(apparmor|selinux|restorecon|load_policy|smack|tomoyo)/;
/** Package managers and boot tools write to /usr, /etc and /boot, probe devices and run module tools. */
const SYSTEM_WRITERS =
  /\b(apt|apt-get|aptitude|dpkg|unattended-upgrades?|yum|dnf|rpm|zypper|pacman|packagekitd|snapd?|flatpak|update-initramfs|dracut|mkinitcpio|grub-\w+|bootctl|kernel-install|ldconfig|update-\w+)\b/;

/** One line of the block: a setting, or a comment. */
type Line = string;

/** A comment as `#` lines of at most about 100 characters. */
function commentLines(text: string): Line[] {
  const lines: Line[] = [];
  let current = '#';
  for (const word of text.split(' ')) {
    if (current.length > 1 && current.length + 1 + word.length > 100) {
      lines.push(current);
      current = '#';
    }
    current += ` ${word}`;
  }
  lines.push(current);
  return lines;
}

/** A setting to add, with the few words the group comment says about it; `false` when it is left out. */
type Entry = readonly [line: string, phrase: string] | false | undefined;

function block(signs: Signs, settings: Settings): Line[] {
  const version = settings.systemdVersion;
  const known = (key: string) => {
    const directive = findDirective('Service', key);
    return directive !== undefined && (version === 'latest' || directive.gate <= version);
  };
  const lines: Line[] = [];
  /** Adds the entries not in the file yet, under a comment that names what they take away. */
  const group = (title: string, entries: Entry[], note?: string) => {
    const chosen = entries.filter((entry): entry is readonly [string, string] => {
      if (!entry) return false;
      const key = entry[0].slice(0, entry[0].indexOf('='));
      return !signs.present.has(key) && known(key);
    });
    if (chosen.length === 0) return;
    const phrases = [...new Set(chosen.map(([, phrase]) => phrase).filter((phrase) => phrase !== ''))];
    lines.push(...commentLines(`${title}: ${phrases.join(', ')}.${note ? ` ${note}` : ''}`));
    lines.push(...chosen.map(([line]) => line));
  };
  const { text, commands, sandbox } = signs;
  const root = runsPrivileged(sandbox);
  const defaultDependencies = sandbox.defaultDependencies;

  // Privileges.
  const mentionsCapability = (name: string) => text.includes(name.toLowerCase());
  const rareCapabilities = [
    'CAP_SYS_BOOT',
    'CAP_SYS_MODULE',
    'CAP_SYS_PACCT',
    'CAP_SYS_TTY_CONFIG',
    'CAP_LINUX_IMMUTABLE',
    'CAP_MAC_ADMIN',
    'CAP_MAC_OVERRIDE',
    'CAP_BLOCK_SUSPEND',
    'CAP_WAKE_ALARM',
    'CAP_LEASE',
    'CAP_SYS_PTRACE',
    'CAP_SYS_RAWIO',
    'CAP_MKNOD',
    'CAP_AUDIT_CONTROL',
    'CAP_AUDIT_READ',
    'CAP_AUDIT_WRITE',
    'CAP_BPF',
    'CAP_SYSLOG',
  ].filter(
    (name) =>
      !mentionsCapability(name) &&
      !(name === 'CAP_SYS_MODULE' && mentions(commands, MODULE_TOOLS)) &&
      !(name === 'CAP_WAKE_ALARM' && mentions(text, TIME_SERVICE)) &&
      !(name.startsWith('CAP_MAC_') && mentions(text, MAC_TOOLS)),
  );
  const unprivileged = !root && !signs.privilegedCommand && sandbox.ambientCapabilities === 0n;
  group(l10n.t('Privileges'), [
    !mentions(commands, SETUID_HELPERS) && ['NoNewPrivileges=yes', l10n.t('no gaining more')],
    unprivileged
      ? ['CapabilityBoundingSet=', l10n.t('no capabilities (it runs unprivileged)')]
      : [`CapabilityBoundingSet=~${rareCapabilities.join(' ')}`, l10n.t('no capabilities it shows no use for')],
    ['RestrictSUIDSGID=yes', l10n.t('no setuid files')],
    !root && ['RemoveIPC=yes', l10n.t('no IPC objects left behind')],
    ['LockPersonality=yes', l10n.t('no ABI switching')],
    !mentions(text, REALTIME) && ['RestrictRealtime=yes', l10n.t('no realtime scheduling')],
    !mentions(commands, JIT_RUNTIMES) && ['MemoryDenyWriteExecute=yes', l10n.t('no writable code')],
    !mentions(commands, CONTAINERS) &&
      !signs.present.has('Delegate') && ['RestrictNamespaces=yes', l10n.t('no namespaces')],
  ]);

  // System calls: deny the groups ordinary services never use, and answer them with an error rather than a kill.
  const groups = [
    !mentions(text, TIME_SERVICE) && '@clock',
    '@cpu-emulation',
    !/\b(gdb|strace|ltrace|perf|bpftrace)\b/.test(commands) && '@debug',
    !mentions(commands, MODULE_TOOLS) && '@module',
    !mentions(commands, MOUNT_TOOLS) && !mentions(commands, CONTAINERS) && '@mount',
    '@obsolete',
    !/\b(hwclock|ioperm|iopl|x11|xorg)\b/.test(commands) && '@raw-io',
    !/\b(reboot|shutdown|halt|poweroff|kexec)\b/.test(commands) && '@reboot',
    !/\b(swapon|swapoff|mkswap)\b/.test(commands) && '@swap',
  ].filter((name): name is string => typeof name === 'string');
  group(l10n.t('System calls'), [
    ['SystemCallArchitectures=native', l10n.t('only the native ABI')],
    [`SystemCallFilter=~${groups.join(' ')}`, l10n.t('none of the groups listed')],
    !signs.present.has('SystemCallFilter') && ['SystemCallErrorNumber=EPERM', l10n.t('refused with an error')],
  ]);

  // The file system.
  const declaresWrites =
    sandbox.dynamicUser ||
    ['StateDirectory', 'RuntimeDirectory', 'CacheDirectory', 'LogsDirectory', 'ReadWritePaths'].some((key) =>
      signs.present.has(key),
    );
  const systemWriter = mentions(commands, SYSTEM_WRITERS);
  const privateTmp = defaultDependencies && !/(^|[\s='"])\/(var\/)?tmp\b/.test(text);
  const tmpWritable = privateTmp || sandbox.privateTmp;
  const fileSystem: Entry[] = [];
  let fileNote: string | undefined;
  if (defaultDependencies && !systemWriter && !signs.present.has('ProtectSystem')) {
    if (declaresWrites) {
      fileSystem.push(['ProtectSystem=strict', l10n.t('the OS read-only but where it writes')]);
      const writable = [...signs.writablePaths, ...(tmpWritable ? [] : ['/tmp', '/var/tmp'])];
      if (writable.length > 0) fileSystem.push([`ReadWritePaths=${writable.map((path) => `-${path}`).join(' ')}`, '']);
    } else {
      fileSystem.push(['ProtectSystem=full', l10n.t('/usr, /boot and /etc read-only')]);
      fileNote = l10n.t('Name where it writes (StateDirectory=, ReadWritePaths=) to make it ProtectSystem=strict.');
    }
  }
  fileSystem.push(
    defaultDependencies && !mentions(text, HOMES) && ['ProtectHome=yes', l10n.t('no home directories')],
    privateTmp && ['PrivateTmp=yes', l10n.t('its own /tmp')],
    !systemWriter && !mentions(text, DEVICES) && ['PrivateDevices=yes', l10n.t('no devices')],
    !mentions(commands, MOUNT_TOOLS) &&
      !mentions(commands, CONTAINERS) && ['PrivateMounts=yes', l10n.t('its mounts kept to itself')],
    !root && ['ProtectProc=invisible', l10n.t('only its own processes in /proc')],
  );
  group(l10n.t('Files'), fileSystem, fileNote);

  // The kernel.
  group(l10n.t('Kernel'), [
    !mentions(text, KERNEL_TUNABLES) && ['ProtectKernelTunables=yes', l10n.t('no tunables')],
    !systemWriter && !mentions(commands, MODULE_TOOLS) && ['ProtectKernelModules=yes', l10n.t('no modules')],
    !mentions(text, KERNEL_LOG) && ['ProtectKernelLogs=yes', l10n.t('no kernel log')],
    !mentions(text, TIME_SERVICE) && ['ProtectClock=yes', l10n.t('no clock setting')],
    !/\bhostname(ctl)?\b/.test(commands) && ['ProtectHostname=yes', l10n.t('no host name changes')],
    !signs.present.has('Delegate') &&
      !mentions(commands, CONTAINERS) && ['ProtectControlGroups=yes', l10n.t('no control group changes')],
  ]);

  // The network.
  const networkKeys = ['PrivateNetwork', 'RestrictAddressFamilies', 'IPAddressDeny', 'IPAddressAllow'];
  if (!networkKeys.some((key) => signs.present.has(key))) {
    if (signs.network) {
      group(l10n.t('Network, kept as {0}', signs.network), [
        [
          'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK',
          l10n.t('only local, Internet and netlink sockets'),
        ],
      ]);
    } else {
      group(
        l10n.t('Network, none, as the file names no socket or network target'),
        [
          ['PrivateNetwork=yes', l10n.t('only loopback')],
          ['RestrictAddressFamilies=AF_UNIX', l10n.t('only local sockets')],
          ['IPAddressDeny=any', l10n.t('no IP traffic')],
        ],
        l10n.t('Delete these lines if it talks to other machines.'),
      );
    }
  }

  // Worth trying by hand: these change who the service runs as, so the block only suggests them.
  const suggestions = [
    !sandbox.dynamicUser && sandbox.user === undefined && !signs.present.has('DynamicUser') && 'DynamicUser=yes',
    !signs.present.has('PrivateUsers') && known('PrivateUsers') && 'PrivateUsers=yes',
  ].filter((entry): entry is string => typeof entry === 'string');
  if (suggestions.length > 0) {
    lines.push(
      ...commentLines(l10n.t('Worth trying by hand, as they change which users it runs as and sees:')),
      ...suggestions.map((entry) => `#${entry}`),
    );
  }
  return lines;
}

/**
 * The block added after the last line of the last [Service] section (an empty line first), or a new [Service]
 * section at the end: placed and ended as every fix places its lines (the file's own line endings, none that would
 * pair with a lone one beside it, a continuation at the end of the file closed first).
 */
function insertion(file: UnitFileNode, lines: readonly string[]): TextChange {
  const intro = commentLines(
    l10n.t(
      'Hardening added by "Harden this service". Each line takes away a power the file shows no need for; ' +
        'test the service, and delete a line if it needs what that line forbids.',
    ),
  );
  return addToSection(file, 'Service', [...intro, ...lines], { blankLineFirst: true });
}

/** The text to insert, or undefined when the file is not a service or there is nothing left to add. */
export function hardeningChange(
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  unitNames: readonly string[],
): TextChange | undefined {
  const report = assessDocument(file, kind);
  if (!report) return undefined;
  const signs = readSigns(file, report.sandbox, kind.unitName ?? 'unit.service', unitNames);
  const lines = block(signs, settings);
  if (!lines.some((line) => !line.startsWith('#'))) return undefined;
  return insertion(file, lines);
}

function inServiceSection(file: UnitFileNode, document: TextDocument, range: Range): boolean {
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  return file.sections.some(
    (section) => section.header.name === 'Service' && start <= section.offset + section.length && end >= section.offset,
  );
}

/** The "Harden this service" action, offered where the range touches a [Service] section. */
export function getHardenAction(
  document: TextDocument,
  file: UnitFileNode,
  kind: UnitFileKind,
  settings: Settings,
  range: Range,
  unitNames: readonly string[],
): CodeAction | undefined {
  if (!inServiceSection(file, document, range)) return undefined;
  const change = hardeningChange(file, kind, settings, unitNames);
  if (!change) return undefined;
  const at = document.positionAt(change.offset);
  return {
    title: l10n.t('Harden this service'),
    kind: HARDEN_KIND,
    edit: { changes: { [document.uri]: [{ range: { start: at, end: at }, newText: change.newText }] } },
  };
}
