// The systemctl and systemd-analyze commands of the desktop extension (node only: the web entry never imports this).
// Each runs only when the user invokes it, only in a trusted workspace, only on Linux, and only after the unit name
// has passed systemd's own rules; the programs get argument lists, never a shell.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import {
  acceptsTemplate,
  argvFor,
  displayCommand,
  installPlan,
  managerCommand,
  unitCommand,
  type CommandLine,
  type ManagerVerb,
  type Scope,
  type UnitVerb,
} from './commandLines';
import { CommandTerminal, type RunResult } from './terminal';
import {
  instantiate,
  parseUnitName,
  printable,
  unitOfPath,
  UNIT_TYPES,
  type UnitName,
  type UnitType,
} from './unitNames';
import { registerVerify } from './verify';

/** Set where these commands can run: the node extension host on Linux. Menus and the palette show them only then. */
export const AVAILABLE_CONTEXT = 'systemdUnits.commandsAvailable';

const UNIT_COMMANDS: readonly (readonly [string, UnitVerb])[] = [
  ['systemdUnits.systemctl.status', 'status'],
  ['systemdUnits.systemctl.start', 'start'],
  ['systemdUnits.systemctl.stop', 'stop'],
  ['systemdUnits.systemctl.restart', 'restart'],
  ['systemdUnits.systemctl.reload', 'reload'],
  ['systemdUnits.systemctl.kill', 'kill'],
  ['systemdUnits.systemctl.enable', 'enable'],
  ['systemdUnits.systemctl.disable', 'disable'],
  ['systemdUnits.systemctl.isEnabled', 'is-enabled'],
  ['systemdUnits.systemctl.isActive', 'is-active'],
  ['systemdUnits.systemctl.listDependencies', 'list-dependencies'],
];

const MANAGER_COMMANDS: readonly (readonly [string, ManagerVerb])[] = [
  ['systemdUnits.systemctl.listUnits', 'list-units'],
  ['systemdUnits.systemctl.listUnitFiles', 'list-unit-files'],
  ['systemdUnits.systemctl.listSockets', 'list-sockets'],
  ['systemdUnits.systemctl.daemonReload', 'daemon-reload'],
];

/** What a command acts on: a file (the active editor, or the resource a menu passes) or a unit named by a view. */
interface Target {
  readonly uri: vscode.Uri | undefined;
  readonly unit: UnitName;
  readonly dropIn: boolean;
}

/**
 * Commands may be invoked with a Uri (menus), a tree item with resourceUri, or `{ unitName, scope? }` (a view of
 * units); with nothing, they act on the active editor.
 */
function argumentUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && typeof arg === 'object' && 'resourceUri' in arg && arg.resourceUri instanceof vscode.Uri) {
    return arg.resourceUri;
  }
  return undefined;
}

function argumentUnitName(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object' && 'unitName' in arg && typeof arg.unitName === 'string') return arg.unitName;
  return undefined;
}

function activeUri(): vscode.Uri | undefined {
  return vscode.window.activeTextEditor?.document.uri;
}

/** Tells the user why nothing ran. Not awaited: the message stays until dismissed, the command ends now. */
function fail(message: string): undefined {
  void vscode.window.showErrorMessage(message);
  return undefined;
}

/** The unit to act on, or undefined after telling the user why there is none. */
async function resolveTarget(arg: unknown): Promise<Target | undefined> {
  const named = argumentUnitName(arg);
  if (named !== undefined) {
    const unit = parseUnitName(named);
    if (typeof unit === 'string') return fail(`Not a valid unit name: ${unit}.`);
    return { uri: undefined, unit, dropIn: false };
  }
  const uri = argumentUri(arg) ?? activeUri();
  if (!uri) return fail('Open a unit file first: the command acts on the unit in the active editor.');
  if (uri.scheme === 'untitled') return fail('Save the file under its unit name (such as app.service) first.');
  const target = unitOfPath(uri.path);
  if (typeof target === 'string') return fail(`No unit to act on: ${target}.`);
  return { uri, unit: target.unit, dropIn: target.dropIn };
}

/** Guards every command: trusted workspace, Linux, node. Returns false after telling the user. */
async function mayRun(): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'systemd Units runs systemctl and systemd-analyze only in a trusted workspace.',
    );
    return false;
  }
  if (process.platform !== 'linux') {
    void vscode.window.showWarningMessage('systemctl runs only on Linux.');
    return false;
  }
  return true;
}

const SYSTEM_DIRECTORY = /\/systemd\/system\//;
const USER_DIRECTORY = /\/systemd\/user\//;

/** Remembers, for this session, the manager chosen for each file that is not in one of systemd's directories. */
const chosenScopes = new Map<string, Scope>();

async function resolveScope(uri: vscode.Uri | undefined, arg: unknown): Promise<Scope | undefined> {
  // A view that knows the manager says so: `{ unitName, scope: 'user' }`.
  const given = arg && typeof arg === 'object' && 'scope' in arg ? arg.scope : undefined;
  if (given === 'system' || given === 'user') return given;
  if (uri?.scheme === 'file') {
    if (USER_DIRECTORY.test(uri.path)) return 'user';
    if (SYSTEM_DIRECTORY.test(uri.path)) return 'system';
  }
  const setting = vscode.workspace.getConfiguration('systemdUnits', uri).get<string>('systemctl.scope', 'ask');
  if (setting === 'system' || setting === 'user') return setting;
  const key = uri?.toString() ?? '';
  const remembered = chosenScopes.get(key);
  if (remembered) return remembered;
  const scope = await pickScope('Which service manager?');
  if (scope) chosenScopes.set(key, scope);
  return scope;
}

async function pickScope(title: string): Promise<Scope | undefined> {
  const items: (vscode.QuickPickItem & { scope: Scope })[] = [
    { label: 'System', description: 'systemctl …  (sudo for changes)', scope: 'system' },
    { label: 'User', description: 'systemctl --user …', scope: 'user' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  return picked?.scope;
}

async function askInstance(template: UnitName, optional: boolean): Promise<UnitName | 'none' | undefined> {
  const value = await vscode.window.showInputBox({
    title: `${template.name} is a template`,
    prompt: optional
      ? `Instance to enable and start as ${template.prefix}@INSTANCE.${template.type} (leave empty to copy only)`
      : `Instance to act on, as in ${template.prefix}@INSTANCE.${template.type}`,
    ignoreFocusOut: true,
    validateInput: (text) => {
      if (optional && text === '') return undefined;
      const result = instantiate(template, text);
      return typeof result === 'string' ? result : undefined;
    },
  });
  if (value === undefined) return undefined;
  if (optional && value === '') return 'none';
  const instance = instantiate(template, value);
  return typeof instance === 'string' ? undefined : instance;
}

function uid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : -1;
}

async function runCommandLines(terminal: CommandTerminal, lines: readonly CommandLine[]): Promise<RunResult[]> {
  return terminal.run(lines.map((line) => argvFor(line, { uid: uid() })));
}

async function runUnitVerb(terminal: CommandTerminal, verb: UnitVerb, arg: unknown) {
  if (!(await mayRun())) return undefined;
  const target = await resolveTarget(arg);
  if (!target) return undefined;
  let unit = target.unit;
  if (unit.kind === 'template' && !acceptsTemplate(verb)) {
    const instance = await askInstance(unit, false);
    if (!instance || instance === 'none') return undefined;
    unit = instance;
  }
  const scope = await resolveScope(target.uri, arg);
  if (!scope) return undefined;
  const line = unitCommand(verb, unit, { scope });
  if (typeof line === 'string') return fail(line);
  return runCommandLines(terminal, [line]);
}

async function pickType(uri: vscode.Uri | undefined): Promise<UnitType | 'all' | undefined> {
  const current = uri ? unitOfPath(uri.path) : undefined;
  const first = current && typeof current !== 'string' ? current.unit.type : undefined;
  const types = [...(first ? [first] : []), ...UNIT_TYPES.filter((type) => type !== first)];
  const items = [
    ...types.map((type) => ({ label: type, description: `--type=${type}` })),
    { label: 'all', description: 'every type' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'systemctl list-units: which type?' });
  return picked?.label as UnitType | 'all' | undefined;
}

async function runManagerVerb(terminal: CommandTerminal, verb: ManagerVerb, arg: unknown) {
  if (!(await mayRun())) return undefined;
  const uri = argumentUri(arg) ?? activeUri();
  let type: UnitType | undefined;
  if (verb === 'list-units') {
    // A caller (a view, a test) may name the type: `{ type: 'timer' }`.
    const given = arg && typeof arg === 'object' && 'type' in arg ? arg.type : undefined;
    const picked = typeof given === 'string' ? given : await pickType(uri);
    if (!picked) return undefined;
    if (picked !== 'all') type = picked as UnitType;
  }
  const scope = await resolveScope(uri, arg);
  if (!scope) return undefined;
  const line = managerCommand(verb, { scope, type });
  if (typeof line === 'string') return fail(line);
  return runCommandLines(terminal, [line]);
}

/** Copies the unit file into the manager's directory, reloads, enables and starts it, after a confirmation. */
async function installUnit(terminal: CommandTerminal, arg: unknown) {
  if (!(await mayRun())) return undefined;
  const target = await resolveTarget(arg);
  if (!target) return undefined;
  if (!target.uri || target.uri.scheme !== 'file') return fail('Install works on a unit file saved on this machine.');
  if (target.dropIn) return fail('This is a drop-in: install copies unit files, not drop-ins.');
  if (target.unit.kind === 'instance') {
    return fail(
      `${target.unit.name} is an instance name; a unit file for it is named ${target.unit.prefix}@.${target.unit.type}.`,
    );
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri!.toString());
  if (document?.isDirty && !(await document.save())) return fail('Save the unit file first.');
  const scope = await pickScope(`Install ${target.unit.name} for…`);
  if (!scope) return undefined;
  let instance: UnitName | undefined;
  if (target.unit.kind === 'template') {
    const answer = await askInstance(target.unit, true);
    if (!answer) return undefined;
    instance = answer === 'none' ? undefined : answer;
  }
  const plan = installPlan({
    source: target.uri.fsPath,
    unit: target.unit,
    scope,
    home: homedir(),
    configHome: process.env.XDG_CONFIG_HOME,
    instance,
  });
  if (typeof plan === 'string') return fail(plan);
  const argvs = plan.commands.map((line) => argvFor(line, { uid: uid() }));
  let replaces = false;
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(plan.destination));
    replaces = true;
  } catch {
    // not there yet
  }
  const choice = await vscode.window.showWarningMessage(
    `Install ${target.unit.name} into ${printable(plan.destination)}?`,
    {
      modal: true,
      detail:
        (replaces ? 'This replaces the file already there.\n\n' : '') +
        'These commands run, one after another, in the "systemd Units" terminal:\n\n' +
        argvs.map((argv) => displayCommand(argv)).join('\n'),
    },
    'Install',
  );
  if (choice !== 'Install') return undefined;
  return terminal.run(argvs);
}

/** Registers the systemctl and systemd-analyze commands (desktop extension only). */
export function registerUnitCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const terminal = new CommandTerminal();
  context.subscriptions.push(terminal);
  void vscode.commands.executeCommand('setContext', AVAILABLE_CONTEXT, process.platform === 'linux');
  for (const [id, verb] of UNIT_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (arg) => runUnitVerb(terminal, verb, arg)));
  }
  for (const [id, verb] of MANAGER_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (arg) => runManagerVerb(terminal, verb, arg)));
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('systemdUnits.systemctl.install', (arg) => installUnit(terminal, arg)),
  );
  registerVerify(context, log, mayRun);
}
