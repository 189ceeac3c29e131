/**
 * What systemd 252 ends up with after loading a service: the sandboxing settings of its [Service] section (and
 * DefaultDependencies= of [Unit]), read the way systemd's config parsers read them (src/core/load-fragment.c),
 * including what systemd adds on its own when the unit is loaded (unit_patch_contexts() in src/core/unit.c).
 */
import type { UnitFileNode } from '../syntax';
import { parseMode } from '../values/simple-numbers';
import { parseBooleanWord } from '../values/simpleKinds';
import { eachBlankSeparatedWord, nextWord, type WordOptions } from '../values/structured-words';
import { parseAddressWord, type AddressPrefix } from './addresses';
import {
  addressFamilyNumber,
  ALL_CAPABILITIES,
  ALL_NAMESPACES,
  capabilityBit,
  capabilityMask,
  NAMESPACE_FLAGS,
  parseErrnoOrAction,
  SECCOMP_ARCHITECTURES,
} from './facts';
import { isKnownSyscall, isSyscallGroup, syscallsOf } from './syscalls';
import { ownValue } from '../util/ownValue';

export type ProtectHome = 'no' | 'yes' | 'read-only' | 'tmpfs';
export type ProtectSystem = 'no' | 'yes' | 'full' | 'strict';

export interface Sandbox {
  /** The unit's name as systemd-analyze loads it (a template gets the instance `i`). */
  readonly unitName: string;
  readonly defaultDependencies: boolean;
  /** User= after specifiers, or the name DynamicUser= picks; undefined when unset. */
  readonly user: string | undefined;
  readonly dynamicUser: boolean;
  readonly supplementaryGroups: readonly string[];
  readonly ambientCapabilities: bigint;
  readonly capabilityBoundingSet: bigint;
  readonly privateDevices: boolean;
  readonly privateMounts: boolean;
  readonly privateNetwork: boolean;
  readonly privateTmp: boolean;
  readonly privateUsers: boolean;
  readonly protectControlGroups: boolean;
  readonly protectKernelModules: boolean;
  readonly protectKernelTunables: boolean;
  readonly protectKernelLogs: boolean;
  readonly protectClock: boolean;
  readonly protectHostname: boolean;
  readonly protectHome: ProtectHome;
  readonly protectSystem: ProtectSystem;
  readonly rootDirectory: string | undefined;
  readonly rootImage: string | undefined;
  readonly lockPersonality: boolean;
  readonly memoryDenyWriteExecute: boolean;
  readonly noNewPrivileges: boolean;
  readonly removeIpc: boolean;
  readonly restrictRealtime: boolean;
  readonly restrictSuidSgid: boolean;
  readonly umask: number;
  readonly keyringMode: string;
  readonly protectProc: string;
  readonly procSubset: string;
  readonly notifyAccess: string;
  /** RestrictAddressFamilies=: the listed families (undefined: never set) and whether they are the allowed ones. */
  readonly addressFamilies: { readonly allowList: boolean; readonly families: ReadonlySet<number> | undefined };
  /** The namespace clone flags the service may still use (all of them when RestrictNamespaces= is unset). */
  readonly allowedNamespaces: number;
  readonly syscallArchitectures: ReadonlySet<string>;
  /**
   * SystemCallFilter=: the system calls listed (with their error number, -1 for none) and whether the list allows
   * them; undefined when there is no filter.
   */
  readonly syscallFilter: { readonly allowList: boolean; readonly calls: ReadonlyMap<string, number> } | undefined;
  readonly delegate: boolean;
  readonly devicePolicy: 'auto' | 'closed' | 'strict';
  /** DeviceAllow= entries, newest first as systemd keeps them. */
  readonly deviceAllow: readonly string[];
  readonly ipAddressAllow: readonly AddressPrefix[];
  readonly ipAddressDeny: readonly AddressPrefix[];
  readonly ipIngressFilters: readonly string[];
  readonly ipEgressFilters: readonly string[];
  /** Why systemd would refuse to load the unit, if it would; the assessment is then what it would be otherwise. */
  readonly loadErrors: readonly string[];
}

export interface SandboxInput {
  /** The unit's file name, such as `foo.service` or `foo@.service`. */
  readonly unitName: string;
  /** The unit file, then its drop-ins in the order systemd applies them. */
  readonly files: readonly UnitFileNode[];
  /** Which service manager runs it; the user manager shares no kernel keyring by default. Default `system`. */
  readonly scope?: 'system' | 'user';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The scalar settings, changed in place while the files are read; the collections are kept apart below. */
type Scalars = Mutable<
  Omit<
    Sandbox,
    | 'supplementaryGroups'
    | 'addressFamilies'
    | 'syscallArchitectures'
    | 'syscallFilter'
    | 'deviceAllow'
    | 'ipAddressAllow'
    | 'ipAddressDeny'
    | 'ipIngressFilters'
    | 'ipEgressFilters'
    | 'loadErrors'
  >
>;

interface State extends Scalars {
  supplementaryGroups: string[];
  families: Set<number> | undefined;
  familiesAllowed: boolean;
  namespacesInitial: boolean;
  archs: Set<string>;
  filter: Map<string, number> | undefined;
  filterAllows: boolean;
  deviceAllow: string[];
  allow: AddressPrefix[];
  deny: AddressPrefix[];
  ingress: string[];
  egress: string[];
  mountImages: boolean;
  encryptedCredentials: boolean;
  loadErrors: string[];
}

// ------------------------------------------------------------------------------------------------ names and words

interface UnitNames {
  readonly full: string;
  readonly prefix: string;
  readonly instance: string;
  readonly suffix: string;
}

function unitNames(name: string): UnitNames {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const suffix = dot > 0 ? name.slice(dot) : '';
  const at = stem.indexOf('@');
  if (at < 0) return { full: name, prefix: stem, instance: '', suffix };
  // systemd-analyze loads a template as the instance `i`.
  const instance = at === stem.length - 1 ? 'i' : stem.slice(at + 1);
  const prefix = stem.slice(0, at);
  return { full: `${prefix}@${instance}${suffix}`, prefix, instance, suffix };
}

/** unit_name_unescape(): `-` becomes `/`, `\xNN` the byte it names. */
function unescapeName(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})|-/g, (_match, hex: string | undefined) =>
    hex ? String.fromCharCode(parseInt(hex, 16)) : '/',
  );
}

/** Specifiers systemd knows in unit files; the ones whose value depends on the machine get a stand-in. */
const KNOWN_SPECIFIERS = 'aAbBCdDEfgGhHiIjJlLmMnNopPqsStTuUvVwWyYcrR';

/** unit_full_printf() for the names that matter here; undefined for an unknown specifier (systemd fails then). */
function expandSpecifiers(value: string, names: UnitNames, scope: 'system' | 'user'): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const next = value[++i];
    if (next === undefined) return out + '%';
    if (next === '%') {
      out += '%';
      continue;
    }
    if (!KNOWN_SPECIFIERS.includes(next)) return undefined;
    const dash = names.prefix.lastIndexOf('-');
    const last = dash < 0 ? names.prefix : names.prefix.slice(dash + 1);
    const system = scope === 'system';
    const values: Record<string, string> = {
      n: names.full,
      N: names.full.slice(0, names.full.length - names.suffix.length),
      p: names.prefix,
      P: unescapeName(names.prefix),
      i: names.instance,
      I: unescapeName(names.instance),
      j: last,
      J: unescapeName(last),
      f: `/${unescapeName(names.instance || names.prefix).replace(/^\/+/, '')}`,
      u: system ? 'root' : 'user',
      U: system ? '0' : '1000',
      g: system ? 'root' : 'user',
      G: system ? '0' : '1000',
      h: system ? '/root' : '/home/user',
      s: '/bin/sh',
    };
    out += values[next] ?? `_${next}`;
  }
  return out;
}

/** The words of a value up to where systemd's word splitter gives up (it keeps what came before). */
function wordsOf(value: string, options: WordOptions): { words: string[]; broken: boolean } {
  // Without quotes or backslashes a word is a run of characters between blanks, as the word reader would find:
  // split at once (a value can hold half a million words).
  if (!/["'\\]/.test(value)) {
    const words: string[] = [];
    eachBlankSeparatedWord(value, (word) => words.push(word));
    return { words, broken: false };
  }
  const words: string[] = [];
  let pos = 0;
  for (;;) {
    const result = nextWord(value, pos, options);
    if (result.kind === 'end') return { words, broken: false };
    if (result.kind === 'unbalanced') return { words, broken: true };
    words.push(result.word.text);
    pos = result.next;
  }
}

const PLAIN: WordOptions = { unquote: false, cunescape: false };
const UNQUOTE: WordOptions = { unquote: true, cunescape: false };

/** A leading `~` turns a list the other way round: what it names is denied rather than allowed. */
function splitTilde(value: string): { invert: boolean; text: string } {
  return value.startsWith('~') ? { invert: true, text: value.slice(1) } : { invert: false, text: value };
}

/** path_simplify(): no empty or `.` components; undefined for a path that is not absolute when one must be. */
function simplifyPath(path: string): string {
  const absolute = path.startsWith('/');
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

function isNormalizedPath(path: string): boolean {
  return !path.split('/').includes('..');
}

// ------------------------------------------------------------------------------------------------ the parsers

/**
 * Reads one assignment into the state. Returns why, when the value is one systemd treats as fatal: it then stops
 * reading the file, and refuses the unit if the file is the unit file itself (a drop-in is just cut short).
 */
type Handler = (
  state: State,
  value: string,
  context: { names: UnitNames; scope: 'system' | 'user' },
) => string | undefined;

function booleanSetting(key: keyof State, fatal = false): Handler {
  return (state, value) => {
    const parsed = parseBooleanWord(value);
    if (parsed === undefined) return fatal ? `${String(key)}: "${value}" is not a boolean` : undefined;
    (state as unknown as Record<string, unknown>)[key] = parsed;
    return undefined;
  };
}

function keywordSetting(key: keyof State, keywords: readonly string[], booleans?: [string, string]): Handler {
  return (state, value) => {
    const asBoolean = booleans ? parseBooleanWord(value) : undefined;
    const chosen =
      asBoolean !== undefined ? booleans![asBoolean ? 1 : 0] : keywords.includes(value) ? value : undefined;
    if (chosen !== undefined) (state as unknown as Record<string, unknown>)[key] = chosen;
  };
}

/** config_parse_capability_set(): names add up; `~` inverts; the first real assignment replaces the default. */
function capabilitySetting(key: 'capabilityBoundingSet' | 'ambientCapabilities'): Handler {
  const initial = key === 'capabilityBoundingSet' ? ALL_CAPABILITIES : 0n;
  return (state, value) => {
    const { invert, text } = splitTilde(value);
    let sum = 0n;
    // Each name once: the order does not matter to a mask, and a long list repeats names.
    for (const word of new Set(wordsOf(text, UNQUOTE).words)) sum |= capabilityBit(word) ?? 0n;
    if (sum === 0n || state[key] === initial) state[key] = invert ? ALL_CAPABILITIES & ~sum : sum;
    else if (invert) state[key] &= ~sum;
    else state[key] |= sum;
  };
}

function pathSetting(key: 'rootDirectory' | 'rootImage'): Handler {
  return (state, value, { names, scope }) => {
    if (value === '') {
      state[key] = undefined;
      return;
    }
    const expanded = expandSpecifiers(value, names, scope);
    const path = expanded === undefined ? undefined : simplifyPath(expanded);
    if (path === undefined || !path.startsWith('/') || !isNormalizedPath(path)) {
      // A bad path here is fatal: systemd refuses to load the unit.
      const name = key === 'rootDirectory' ? 'RootDirectory' : 'RootImage';
      return `${name}= needs an absolute path without "..", not ${value}`;
    }
    state[key] = path;
    return undefined;
  };
}

/** valid_user_group_name() in its relaxed form, numeric IDs allowed. */
function validUserName(name: string): boolean {
  if (/^[0-9]+$/.test(name)) return Number(name) < 4294967295 && Number(name) !== 65535;
  if (name === '' || name.startsWith(' ') || name.endsWith(' ')) return false;
  if ([...name].some((c) => c < ' ' || c === '\x7f' || c === ':' || c === '/')) return false;
  return !/^-[0-9]*$/.test(name);
}

const setUser: Handler = (state, value, { names, scope }) => {
  if (value === '') {
    state.user = undefined;
    return;
  }
  const expanded = expandSpecifiers(value, names, scope);
  if (expanded === undefined || !validUserName(expanded)) return `User=${value} is not a valid user name`;
  state.user = expanded;
  return undefined;
};

const setSupplementaryGroups: Handler = (state, value, { names, scope }) => {
  if (value === '') {
    state.supplementaryGroups = [];
    return;
  }
  const { words, broken } = wordsOf(value, PLAIN);
  if (broken) return 'SupplementaryGroups= has unbalanced quotes';
  for (const word of words) {
    const group = expandSpecifiers(word, names, scope);
    if (group === undefined || !validUserName(group)) return `SupplementaryGroups=: ${word} is not a valid group name`;
    state.supplementaryGroups.push(group);
  }
  return undefined;
};

const setUmask: Handler = (state, value) => {
  const mode = parseMode(value);
  if (mode.ok) state.umask = Number(mode.value);
};

/** How one allow-or-deny list setting keeps its list in the state and reads its words. */
interface ListSetting<L> {
  readonly get: (state: State) => { list: L | undefined; allowList: boolean };
  readonly set: (state: State, list: L | undefined, allowList: boolean) => void;
  readonly create: (allowList: boolean) => L;
  readonly options: WordOptions;
  /** Puts what the word names into the list or takes it out, by the assignment's `~` and the list's kind. */
  readonly apply: (list: L, word: string, invert: boolean, allowList: boolean) => void;
}

/**
 * An allow-or-deny list (RestrictAddressFamilies=, SystemCallFilter=): an empty value clears it; the first assignment
 * decides whether the list allows what it names or, with a `~`, denies it; a later one adds to the list when its `~`
 * agrees and takes from it when it does not.
 */
function allowOrDenyList<L>(setting: ListSetting<L>): Handler {
  return (state, value) => {
    if (value === '') {
      setting.set(state, undefined, false);
      return;
    }
    const { invert, text } = splitTilde(value);
    if (!setting.get(state).list) setting.set(state, setting.create(!invert), !invert);
    const { list, allowList } = setting.get(state);
    for (const word of wordsOf(text, setting.options).words) setting.apply(list!, word, invert, allowList);
  };
}

const restrictAddressFamilies = allowOrDenyList<Set<number>>({
  get: (state) => ({ list: state.families, allowList: state.familiesAllowed }),
  set: (state, families, allowList) => {
    state.families = families;
    state.familiesAllowed = allowList;
  },
  create: () => new Set(),
  options: UNQUOTE,
  apply: (families, word, invert, allowList) => {
    const family = addressFamilyNumber(word);
    if (family === undefined) return;
    if (!invert === allowList) families.add(family);
    else families.delete(family);
  },
});

const setAddressFamilies: Handler = (state, value, context) => {
  if (value !== 'none') return restrictAddressFamilies(state, value, context);
  state.families = undefined;
  state.familiesAllowed = true;
  return undefined;
};

const setNamespaces: Handler = (state, value) => {
  if (value === '') {
    state.namespacesInitial = true;
    state.allowedNamespaces = ALL_NAMESPACES;
    return;
  }
  const asBoolean = parseBooleanWord(value);
  if (asBoolean !== undefined) {
    state.namespacesInitial = false;
    state.allowedNamespaces = asBoolean ? 0 : ALL_NAMESPACES;
    return;
  }
  const { invert, text } = splitTilde(value);
  const { words, broken } = wordsOf(text, PLAIN);
  if (broken) return;
  let flags = 0;
  for (const word of words) {
    const flag = ownValue(NAMESPACE_FLAGS, word);
    if (flag === undefined) return; // one unknown name and systemd ignores the whole line
    flags |= flag;
  }
  if (state.namespacesInitial) state.allowedNamespaces = invert ? ~flags & ALL_NAMESPACES : flags;
  else if (invert) state.allowedNamespaces &= ~flags;
  else state.allowedNamespaces |= flags;
  state.namespacesInitial = false;
};

const setArchitectures: Handler = (state, value) => {
  if (value === '') {
    state.archs = new Set();
    return;
  }
  for (const word of wordsOf(value, UNQUOTE).words) if (SECCOMP_ARCHITECTURES.has(word)) state.archs.add(word);
};

/** seccomp_parse_syscall_filter(): one name or group, added to or removed from the filter. */
function applySyscall(filter: Map<string, number>, name: string, errno: number, invert: boolean, allowList: boolean) {
  const calls = name.startsWith('@') ? (isSyscallGroup(name) ? syscallsOf(name) : []) : [name];
  for (const call of calls) {
    if (!isKnownSyscall(call)) continue;
    if (!invert === allowList || (invert && allowList && errno >= 0)) filter.set(call, errno);
    else filter.delete(call);
  }
}

const setSyscallFilter = allowOrDenyList<Map<string, number>>({
  get: (state) => ({ list: state.filter, allowList: state.filterAllows }),
  set: (state, filter, allowList) => {
    state.filter = filter;
    state.filterAllows = allowList;
  },
  create: (allowList) => {
    const filter = new Map<string, number>();
    // An allow list always lets the calls every program needs through.
    if (allowList) applySyscall(filter, '@default', -1, false, true);
    return filter;
  },
  options: PLAIN,
  apply: (filter, word, invert, allowList) => {
    const colon = word.indexOf(':');
    const name = colon < 0 ? word : word.slice(0, colon);
    let errno = -1;
    if (colon >= 0) {
      const parsed = parseErrnoOrAction(word.slice(colon + 1));
      if (parsed === undefined) return;
      errno = parsed;
    }
    if (name === '' || (!invert && errno >= 0)) return;
    applySyscall(filter, name, errno, invert, allowList);
  },
});

const setDelegate: Handler = (state, value) => {
  if (value === '') {
    state.delegate = true;
    return;
  }
  const asBoolean = parseBooleanWord(value);
  if (asBoolean !== undefined) {
    state.delegate = asBoolean;
    return;
  }
  if (!wordsOf(value, UNQUOTE).broken) state.delegate = true;
};

const setDeviceAllow: Handler = (state, value, { names, scope }) => {
  if (value === '') {
    state.deviceAllow = [];
    return;
  }
  const first = nextWord(value, 0, UNQUOTE);
  if (first.kind !== 'word') return;
  const expanded = expandSpecifiers(first.word.text, names, scope);
  if (expanded === undefined) return;
  let path = expanded;
  if (!/^(block|char)-/.test(path)) {
    path = simplifyPath(path);
    const underDevices = /^\/dev\/./.test(path) || /^\/run\/systemd\/inaccessible\/./.test(path);
    if (!underDevices || !isNormalizedPath(path)) return;
  }
  const rights = value.slice(first.next);
  if (rights !== '' && !/^[rwm]+$/.test(rights)) return;
  state.deviceAllow.unshift(`${path}:${rights === '' ? 'rwm' : rights}`);
};

function addressSetting(key: 'allow' | 'deny'): Handler {
  return (state, value) => {
    if (value === '') {
      state[key] = [];
      return;
    }
    for (const word of wordsOf(value, PLAIN).words) {
      const prefixes = parseAddressWord(word);
      if (prefixes) state[key].push(...prefixes);
    }
  };
}

function filterPathSetting(key: 'ingress' | 'egress'): Handler {
  return (state, value, { names, scope }) => {
    if (value === '') {
      state[key] = [];
      return;
    }
    const expanded = expandSpecifiers(value, names, scope);
    if (expanded === undefined || !expanded.startsWith('/')) return;
    const path = simplifyPath(expanded);
    if (!state[key].includes(path)) state[key].push(path);
  };
}

function presenceSetting(key: 'mountImages' | 'encryptedCredentials'): Handler {
  return (state, value) => {
    // An empty MountImages= clears the list; an empty credential line is ignored.
    if (value === '') {
      if (key === 'mountImages') state.mountImages = false;
      return;
    }
    state[key] = true;
  };
}

const SERVICE_HANDLERS: Readonly<Record<string, Handler>> = {
  User: setUser,
  DynamicUser: booleanSetting('dynamicUser', true),
  SupplementaryGroups: setSupplementaryGroups,
  CapabilityBoundingSet: capabilitySetting('capabilityBoundingSet'),
  AmbientCapabilities: capabilitySetting('ambientCapabilities'),
  PrivateDevices: booleanSetting('privateDevices'),
  PrivateMounts: booleanSetting('privateMounts'),
  PrivateNetwork: booleanSetting('privateNetwork'),
  PrivateTmp: booleanSetting('privateTmp'),
  PrivateUsers: booleanSetting('privateUsers'),
  ProtectControlGroups: booleanSetting('protectControlGroups'),
  ProtectKernelModules: booleanSetting('protectKernelModules'),
  ProtectKernelTunables: booleanSetting('protectKernelTunables'),
  ProtectKernelLogs: booleanSetting('protectKernelLogs'),
  ProtectClock: booleanSetting('protectClock'),
  ProtectHostname: booleanSetting('protectHostname'),
  ProtectHome: keywordSetting('protectHome', ['no', 'yes', 'read-only', 'tmpfs'], ['no', 'yes']),
  ProtectSystem: keywordSetting('protectSystem', ['no', 'yes', 'full', 'strict'], ['no', 'yes']),
  RootDirectory: pathSetting('rootDirectory'),
  RootImage: pathSetting('rootImage'),
  MountImages: presenceSetting('mountImages'),
  LockPersonality: booleanSetting('lockPersonality'),
  MemoryDenyWriteExecute: booleanSetting('memoryDenyWriteExecute'),
  NoNewPrivileges: booleanSetting('noNewPrivileges'),
  RemoveIPC: booleanSetting('removeIpc'),
  RestrictRealtime: booleanSetting('restrictRealtime'),
  RestrictSUIDSGID: booleanSetting('restrictSuidSgid'),
  UMask: setUmask,
  KeyringMode: keywordSetting('keyringMode', ['inherit', 'private', 'shared']),
  ProtectProc: keywordSetting('protectProc', ['default', 'noaccess', 'invisible', 'ptraceable']),
  ProcSubset: keywordSetting('procSubset', ['all', 'pid']),
  NotifyAccess: keywordSetting('notifyAccess', ['none', 'main', 'all', 'exec']),
  RestrictAddressFamilies: setAddressFamilies,
  RestrictNamespaces: setNamespaces,
  SystemCallArchitectures: setArchitectures,
  SystemCallFilter: setSyscallFilter,
  Delegate: setDelegate,
  DevicePolicy: keywordSetting('devicePolicy', ['auto', 'closed', 'strict']),
  DeviceAllow: setDeviceAllow,
  IPAddressAllow: addressSetting('allow'),
  IPAddressDeny: addressSetting('deny'),
  IPIngressFilterPath: filterPathSetting('ingress'),
  IPEgressFilterPath: filterPathSetting('egress'),
  LoadCredentialEncrypted: presenceSetting('encryptedCredentials'),
  SetCredentialEncrypted: presenceSetting('encryptedCredentials'),
};

/** The settings the assessment reads, by section: what a hardening edit may change. */
export const ASSESSED_SERVICE_SETTINGS: readonly string[] = Object.keys(SERVICE_HANDLERS);

function initialState(names: UnitNames, scope: 'system' | 'user'): State {
  return {
    unitName: names.full,
    defaultDependencies: true,
    user: undefined,
    dynamicUser: false,
    supplementaryGroups: [],
    ambientCapabilities: 0n,
    capabilityBoundingSet: ALL_CAPABILITIES,
    privateDevices: false,
    privateMounts: false,
    privateNetwork: false,
    privateTmp: false,
    privateUsers: false,
    protectControlGroups: false,
    protectKernelModules: false,
    protectKernelTunables: false,
    protectKernelLogs: false,
    protectClock: false,
    protectHostname: false,
    protectHome: 'no',
    protectSystem: 'no',
    rootDirectory: undefined,
    rootImage: undefined,
    lockPersonality: false,
    memoryDenyWriteExecute: false,
    noNewPrivileges: false,
    removeIpc: false,
    restrictRealtime: false,
    restrictSuidSgid: false,
    umask: 0o022,
    keyringMode: scope === 'system' ? 'private' : 'inherit',
    protectProc: 'default',
    procSubset: 'all',
    notifyAccess: 'none',
    families: undefined,
    familiesAllowed: false,
    allowedNamespaces: ALL_NAMESPACES,
    namespacesInitial: true,
    archs: new Set(),
    filter: undefined,
    filterAllows: false,
    delegate: false,
    devicePolicy: 'auto',
    deviceAllow: [],
    allow: [],
    deny: [],
    ingress: [],
    egress: [],
    mountImages: false,
    encryptedCredentials: false,
    loadErrors: [],
  };
}

/** The name DynamicUser= gives the service when User= is unset: the unit's prefix, or a hash-like stand-in. */
function dynamicUserName(prefix: string): string {
  const strict = /^[a-zA-Z_][a-zA-Z0-9_-]{0,30}$/.test(prefix);
  return strict ? prefix : '_du0000000000000000';
}

/** Reads one file into the state, up to the first fatal line; returns why it stopped there, if it did. */
function readFile(file: UnitFileNode, state: State, context: Parameters<Handler>[2]): string | undefined {
  for (const section of file.sections) {
    if (section.header.problem) return `the section header [${section.header.name}] is broken`;
    const name = section.header.name;
    if (name !== 'Service' && name !== 'Unit') continue;
    for (const entry of section.entries) {
      if (entry.kind !== 'assignment') continue;
      if (name === 'Unit') {
        if (entry.key === 'DefaultDependencies') {
          const value = parseBooleanWord(entry.value);
          if (value !== undefined) state.defaultDependencies = value;
        }
        continue;
      }
      const fatal = ownValue(SERVICE_HANDLERS, entry.key)?.(state, entry.value, context);
      if (fatal !== undefined) return fatal;
    }
  }
  return undefined;
}

/** Reads the service's files and applies what systemd adds when it loads the unit. */
export function loadSandbox(input: SandboxInput): Sandbox {
  const scope = input.scope ?? 'system';
  const names = unitNames(input.unitName);
  const state = initialState(names, scope);
  const context = { names, scope };
  input.files.forEach((file, index) => {
    const fatal = readFile(file, state, context);
    // A fatal line in the unit file makes systemd refuse the unit; in a drop-in it only ends that drop-in.
    if (fatal !== undefined && index === 0) state.loadErrors.push(fatal);
  });

  // What unit_patch_contexts() adds once the files are read.
  if (state.privateDevices) state.capabilityBoundingSet &= ~capabilityMask('CAP_MKNOD', 'CAP_SYS_RAWIO');
  if (state.protectKernelModules) state.capabilityBoundingSet &= ~capabilityMask('CAP_SYS_MODULE');
  if (state.protectKernelLogs) state.capabilityBoundingSet &= ~capabilityMask('CAP_SYSLOG');
  if (state.protectClock) state.capabilityBoundingSet &= ~capabilityMask('CAP_SYS_TIME', 'CAP_WAKE_ALARM');
  if (state.dynamicUser) {
    state.user ??= dynamicUserName(names.prefix);
    state.privateTmp = true;
    state.removeIpc = true;
    state.protectSystem = 'strict';
    if (state.protectHome === 'no') state.protectHome = 'read-only';
    state.noNewPrivileges = true;
    state.restrictSuidSgid = true;
  }
  if (state.privateDevices && state.devicePolicy === 'auto') state.devicePolicy = 'closed';
  if (state.devicePolicy !== 'auto' || state.deviceAllow.length > 0) {
    if (state.rootImage !== undefined || state.mountImages) {
      for (const device of ['/dev/loop-control', '/dev/mapper/control']) state.deviceAllow.unshift(`${device}:rw`);
      for (const device of ['block-loop', 'block-blkext', 'block-device-mapper'])
        state.deviceAllow.unshift(`${device}:rwm`);
    }
    if (state.protectClock) state.deviceAllow.unshift('char-rtc:r');
    if (state.encryptedCredentials) state.deviceAllow.unshift('/dev/tpmrm0:rw');
  }

  return {
    unitName: state.unitName,
    defaultDependencies: state.defaultDependencies,
    user: state.user,
    dynamicUser: state.dynamicUser,
    supplementaryGroups: state.supplementaryGroups,
    ambientCapabilities: state.ambientCapabilities,
    capabilityBoundingSet: state.capabilityBoundingSet,
    privateDevices: state.privateDevices,
    privateMounts: state.privateMounts,
    privateNetwork: state.privateNetwork,
    privateTmp: state.privateTmp,
    privateUsers: state.privateUsers,
    protectControlGroups: state.protectControlGroups,
    protectKernelModules: state.protectKernelModules,
    protectKernelTunables: state.protectKernelTunables,
    protectKernelLogs: state.protectKernelLogs,
    protectClock: state.protectClock,
    protectHostname: state.protectHostname,
    protectHome: state.protectHome,
    protectSystem: state.protectSystem,
    rootDirectory: state.rootDirectory,
    rootImage: state.rootImage,
    lockPersonality: state.lockPersonality,
    memoryDenyWriteExecute: state.memoryDenyWriteExecute,
    noNewPrivileges: state.noNewPrivileges,
    removeIpc: state.removeIpc,
    restrictRealtime: state.restrictRealtime,
    restrictSuidSgid: state.restrictSuidSgid,
    umask: state.umask,
    keyringMode: state.keyringMode,
    protectProc: state.protectProc,
    procSubset: state.procSubset,
    notifyAccess: state.notifyAccess,
    addressFamilies: { allowList: state.familiesAllowed, families: state.families },
    allowedNamespaces: state.allowedNamespaces,
    syscallArchitectures: state.archs,
    syscallFilter: state.filter ? { allowList: state.filterAllows, calls: state.filter } : undefined,
    delegate: state.delegate,
    devicePolicy: state.devicePolicy,
    deviceAllow: state.deviceAllow,
    ipAddressAllow: state.allow,
    ipAddressDeny: state.deny,
    ipIngressFilters: state.ingress,
    ipEgressFilters: state.egress,
    loadErrors: state.loadErrors,
  };
}
