// The argument lists of every program the extension may run: systemctl, sudo, install and systemd-analyze. Pure (no
// `vscode`, no node modules) so the tests check each argv exactly as it would be spawned. Nothing here is ever joined
// into a shell command: each list goes to child_process.spawn as it is, with `shell` off.
import { printable, type UnitName, type UnitType, isUnitType } from './unitNames';

/** The system manager (units in /etc/systemd/system, changes need root) or the calling user's manager. */
export type Scope = 'system' | 'user';

/** systemctl verbs that act on one unit. */
export const UNIT_VERBS = [
  'status',
  'start',
  'stop',
  'restart',
  'reload',
  'kill',
  'enable',
  'disable',
  'is-enabled',
  'is-active',
  'list-dependencies',
] as const;
export type UnitVerb = (typeof UNIT_VERBS)[number];

/** systemctl verbs that act on the manager as a whole. */
export const MANAGER_VERBS = ['list-units', 'list-unit-files', 'list-sockets', 'daemon-reload'] as const;
export type ManagerVerb = (typeof MANAGER_VERBS)[number];

/** Verbs that change the state of the machine; for the system manager they need root, so they run through sudo. */
const CHANGES_STATE: ReadonlySet<string> = new Set([
  'start',
  'stop',
  'restart',
  'reload',
  'kill',
  'enable',
  'disable',
  'daemon-reload',
]);

/** Verbs that accept a template name as it is (`enable foo@.service` uses its DefaultInstance=); the rest need an instance. */
const TEMPLATE_OK: ReadonlySet<UnitVerb> = new Set(['enable', 'disable', 'is-enabled']);

export function changesState(verb: UnitVerb | ManagerVerb): boolean {
  return CHANGES_STATE.has(verb);
}

export function acceptsTemplate(verb: UnitVerb): boolean {
  return TEMPLATE_OK.has(verb);
}

/** One program run: its argument list (argv[0] is looked up on PATH) and whether it needs root. */
export interface CommandLine {
  readonly argv: readonly string[];
  readonly needsRoot: boolean;
}

export interface SystemctlOptions {
  readonly scope: Scope;
  /** `--root=DIR`: act on the unit files below DIR instead of the running system (offline; never elevated). */
  readonly root?: string;
}

/** A path that can go into an argument list: absolute, with no NUL byte (which would cut the argument short). */
export function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return `${printable(path)} is not an absolute path`;
  if (path.includes('\0')) return `${printable(path)} holds a NUL byte`;
  return undefined;
}

function systemctlPrefix(options: SystemctlOptions): string[] | string {
  const argv = ['systemctl'];
  if (options.scope === 'user') argv.push('--user');
  if (options.root !== undefined) {
    const problem = pathProblem(options.root);
    if (problem) return problem;
    argv.push(`--root=${options.root}`);
  }
  return argv;
}

/**
 * `systemctl [--user] VERB -- UNIT`. The `--` ends the options: systemd accepts unit names that start with `-`
 * (`-.mount`, `-.slice`, and so `--help.service` too), and after `--` such a name can only be a unit.
 */
export function unitCommand(verb: UnitVerb, unit: UnitName, options: SystemctlOptions): CommandLine | string {
  if (!(UNIT_VERBS as readonly string[]).includes(verb)) return `${printable(verb)} is not a systemctl unit command`;
  if (unit.kind === 'template' && !acceptsTemplate(verb)) {
    return `${unit.name} is a template: systemctl ${verb} needs an instance such as ${unit.prefix}@NAME.${unit.type}`;
  }
  const prefix = systemctlPrefix(options);
  if (typeof prefix === 'string') return prefix;
  return { argv: [...prefix, verb, '--', unit.name], needsRoot: changesState(verb) && options.scope === 'system' };
}

/** `systemctl [--user] list-units --type=TYPE`, `list-unit-files`, `list-sockets`, `daemon-reload`. */
export function managerCommand(
  verb: ManagerVerb,
  options: SystemctlOptions & { readonly type?: UnitType },
): CommandLine | string {
  if (!(MANAGER_VERBS as readonly string[]).includes(verb)) return `${printable(verb)} is not a systemctl command`;
  const prefix = systemctlPrefix(options);
  if (typeof prefix === 'string') return prefix;
  const argv = [...prefix, verb];
  if (verb === 'list-units' && options.type !== undefined) {
    if (!isUnitType(options.type)) return `${printable(String(options.type))} is not a unit type`;
    argv.push(`--type=${options.type}`);
  }
  return { argv, needsRoot: changesState(verb) && options.scope === 'system' };
}

export interface Caller {
  /** The user id the commands would run as (process.getuid()). */
  readonly uid: number;
}

/**
 * The argv to spawn: through `sudo -S` when the command needs root and the caller is not root. `-S` makes sudo read
 * the password from standard input, which the terminal feeds with what the user types (there is no tty to read).
 * An offline `--root=` command is never elevated.
 */
export function argvFor(command: CommandLine, caller: Caller): string[] {
  const offline = command.argv.some((arg) => arg.startsWith('--root='));
  if (command.needsRoot && caller.uid !== 0 && !offline) return ['sudo', '-S', ...command.argv];
  return [...command.argv];
}

/** Where "Install this unit" copies a unit file. */
export function installDirectory(scope: Scope, home: string, configHome?: string): string {
  if (scope === 'system') return '/etc/systemd/system';
  // systemd reads $XDG_CONFIG_HOME/systemd/user when that is set to an absolute path, else ~/.config/systemd/user.
  const config = configHome && configHome.startsWith('/') ? configHome : `${home.replace(/\/+$/, '')}/.config`;
  return `${config.replace(/\/+$/, '')}/systemd/user`;
}

export interface InstallRequest {
  /** The unit file to copy (absolute). */
  readonly source: string;
  readonly unit: UnitName;
  readonly scope: Scope;
  readonly home: string;
  readonly configHome?: string;
  /** For a template: the instance to enable and start; none copies the template and reloads only. */
  readonly instance?: UnitName;
}

export interface InstallPlan {
  readonly destination: string;
  readonly commands: readonly CommandLine[];
}

/** Copy (mode 0644, creating the directory), daemon-reload, enable --now: the commands the confirmation lists. */
export function installPlan(request: InstallRequest): InstallPlan | string {
  const { source, unit, scope, instance } = request;
  const problem = pathProblem(source) ?? pathProblem(request.home);
  if (problem) return problem;
  if (unit.kind === 'instance') return `${unit.name} is an instance; install its template ${unit.prefix}@.${unit.type}`;
  if (instance && (instance.kind !== 'instance' || instance.prefix !== unit.prefix || instance.type !== unit.type)) {
    return `${instance.name} is not an instance of ${unit.name}`;
  }
  const directory = installDirectory(scope, request.home, request.configHome);
  const destination = `${directory}/${unit.name}`;
  const commands: CommandLine[] = [];
  if (destination !== source) {
    commands.push({ argv: ['install', '-D', '-m', '0644', '--', source, destination], needsRoot: scope === 'system' });
  }
  const reload = managerCommand('daemon-reload', { scope });
  if (typeof reload === 'string') return reload;
  commands.push(reload);
  const enabled = instance ?? (unit.kind === 'plain' ? unit : undefined);
  if (enabled) {
    const prefix = systemctlPrefix({ scope }) as string[];
    commands.push({ argv: [...prefix, 'enable', '--now', '--', enabled.name], needsRoot: scope === 'system' });
  }
  return { destination, commands };
}

/**
 * `systemd-analyze verify --man=no -- FILE`. `--man=no`: by default verify runs man(1) on every `man:` page the
 * unit's Documentation= names; text from the file would then choose what a program is asked to open.
 */
export function verifyCommand(file: string): CommandLine | string {
  const problem = pathProblem(file);
  if (problem) return problem;
  return { argv: ['systemd-analyze', 'verify', '--man=no', '--', file], needsRoot: false };
}

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A command line for people to read (the terminal header, the install confirmation), quoted as bash would need it.
 * It is only shown: the program runs from the argument list.
 */
export function displayCommand(argv: readonly string[]): string {
  return argv.map(displayWord).join(' ');
}

function displayWord(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  if (/^[\x20-\x7e]*$/.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  // Control characters and everything beyond ASCII as escapes in $'…', so nothing invisible reaches the screen.
  const escaped = [...word]
    .map((c) => {
      const code = c.codePointAt(0)!;
      if (c === "'" || c === '\\') return '\\' + c;
      if (code >= 0x20 && code <= 0x7e) return c;
      if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
      return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
    })
    .join('');
  return `$'${escaped}'`;
}
