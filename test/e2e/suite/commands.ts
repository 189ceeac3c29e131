// The systemctl and systemd-analyze commands, in code-server's NODE extension host only (the web build has none).
// scripts/e2e.sh puts test/e2e/fake-bin first on PATH: its systemctl logs each run's arguments to
// $E2E_SYSTEMCTL_LOG, so the tests see exactly the argv the extension spawned. systemd-analyze is the real one.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as assert from './assert';
import { report } from './report';
import { open, poll, workspaceUri } from './util';

interface RunResult {
  readonly argv: readonly string[];
  readonly exitCode: number | null;
}

const LOG = process.env.E2E_SYSTEMCTL_LOG;

/** Every logged systemctl run, as its argument list (without argv[0]). */
function logged(): string[][] {
  if (!LOG || !existsSync(LOG)) return [];
  return readFileSync(LOG, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.split('\x1f').slice(0, -1));
}

/** Runs a command and returns what it resolved to and the systemctl runs it caused. */
async function run(command: string, arg?: unknown): Promise<{ results: RunResult[] | undefined; runs: string[][] }> {
  const before = logged().length;
  const results = await vscode.commands.executeCommand<RunResult[] | undefined>(command, arg);
  return { results, runs: logged().slice(before) };
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('systemdUnits').update(key, value, vscode.ConfigurationTarget.Global);
}

const UNIT_VERBS: readonly (readonly [string, string])[] = [
  ['status', 'status'],
  ['start', 'start'],
  ['stop', 'stop'],
  ['restart', 'restart'],
  ['reload', 'reload'],
  ['kill', 'kill'],
  ['enable', 'enable'],
  ['disable', 'disable'],
  ['isEnabled', 'is-enabled'],
  ['isActive', 'is-active'],
  ['listDependencies', 'list-dependencies'],
];

/** Names a file may carry that must never reach a program; the payloads are harmless if they ever did. */
const HOSTILE_FILES = [
  '$(touch pwned).service',
  ';touch pwned;.service',
  '`touch pwned`.service',
  'a b.service',
  '--root=pwned.service',
  'ünïcode.service',
];

export function defineCommandTests(): void {
  describe('systemctl and systemd-analyze commands (node extension host)', function () {
    before(async function () {
      if (!LOG) {
        report('      SKIP: no fake systemctl on PATH (E2E_SYSTEMCTL_LOG is not set; scripts/e2e.sh sets it)');
        this.skip();
      }
      await open('commands', 'web.service');
      const extension = vscode.extensions.getExtension('systemd-units.systemd-units');
      await poll('the extension to activate', () => (extension?.isActive ? true : undefined));
    });

    afterEach(async function () {
      await setSetting('systemctl.scope', undefined);
      await setSetting('systemdAnalyze.enable', undefined);
    });

    it('registers every command it contributes, in a trusted workspace on Linux', async function () {
      assert.ok(vscode.workspace.isTrusted, 'the e2e workspace is trusted');
      const extension = vscode.extensions.getExtension('systemd-units.systemd-units');
      const contributed: string[] = extension!.packageJSON.contributes.commands.map(
        (c: { command: string }) => c.command,
      );
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = contributed.filter((command) => !registered.has(command));
      assert.equal(missing.length, 0, `not registered: ${missing.join(', ')}`);
    });

    it('runs each unit command for the user manager as systemctl --user VERB -- UNIT', async function () {
      await setSetting('systemctl.scope', 'user');
      await open('commands', 'web.service');
      for (const [id, verb] of UNIT_VERBS) {
        const { results, runs } = await run(`systemdUnits.systemctl.${id}`);
        assert.equal(JSON.stringify(runs), JSON.stringify([['--user', verb, '--', 'web.service']]), verb);
        assert.equal(results?.length, 1, `${verb}: one program ran`);
        assert.equal(
          JSON.stringify(results![0]!.argv),
          JSON.stringify(['systemctl', '--user', verb, '--', 'web.service']),
        );
        assert.equal(results![0]!.exitCode, verb === 'is-active' ? 3 : 0, `${verb}: exit status`);
      }
    });

    it('runs the system manager commands, with sudo only for changes and only when not root', async function () {
      await setSetting('systemctl.scope', 'system');
      await open('commands', 'web.service');
      const root = process.getuid?.() === 0;
      const verbs = root ? UNIT_VERBS : UNIT_VERBS.filter(([, verb]) => ['status', 'is-enabled'].includes(verb));
      for (const [id, verb] of verbs) {
        const { results, runs } = await run(`systemdUnits.systemctl.${id}`);
        assert.equal(JSON.stringify(runs), JSON.stringify([[verb, '--', 'web.service']]), verb);
        assert.equal(
          results![0]!.argv[0],
          'systemctl',
          `${verb}: no sudo for ${root ? 'root' : 'a read-only command'}`,
        );
      }
    });

    it('runs the manager-wide commands', async function () {
      await setSetting('systemctl.scope', 'user');
      await open('commands', 'web.service');
      const cases: [string, unknown, string[]][] = [
        ['listUnits', { type: 'timer' }, ['--user', 'list-units', '--type=timer']],
        ['listUnits', { type: 'all' }, ['--user', 'list-units']],
        ['listUnitFiles', undefined, ['--user', 'list-unit-files']],
        ['listSockets', undefined, ['--user', 'list-sockets']],
        ['daemonReload', undefined, ['--user', 'daemon-reload']],
      ];
      for (const [id, arg, expected] of cases) {
        const { runs } = await run(`systemdUnits.systemctl.${id}`, arg);
        assert.equal(JSON.stringify(runs), JSON.stringify([expected]), id);
      }
      const { results, runs } = await run('systemdUnits.systemctl.listUnits', { type: 'service;reboot' });
      assert.equal(results, undefined, 'a type that is not a unit type is refused');
      assert.equal(runs.length, 0);
    });

    it('acts on the unit of a drop-in, a template as it is, and a unit named by a view', async function () {
      await setSetting('systemctl.scope', 'user');
      await open('foo.service.d', 'override.conf');
      assert.equal(
        JSON.stringify((await run('systemdUnits.systemctl.status')).runs),
        JSON.stringify([['--user', 'status', '--', 'foo.service']]),
      );
      await open('commands', 'worker@.service');
      assert.equal(
        JSON.stringify((await run('systemdUnits.systemctl.enable')).runs),
        JSON.stringify([['--user', 'enable', '--', 'worker@.service']]),
      );
      assert.equal(
        JSON.stringify((await run('systemdUnits.systemctl.isActive', { unitName: 'network.target' })).runs),
        JSON.stringify([['--user', 'is-active', '--', 'network.target']]),
      );
      assert.equal(
        JSON.stringify(
          (await run('systemdUnits.systemctl.isActive', { unitName: 'network.target', scope: 'system' })).runs,
        ),
        JSON.stringify([['is-active', '--', 'network.target']]),
        'a view may name the manager',
      );
      const uri = workspaceUri('commands', 'web.service');
      assert.equal(
        JSON.stringify((await run('systemdUnits.systemctl.status', uri)).runs),
        JSON.stringify([['--user', 'status', '--', 'web.service']]),
        'a Uri argument, as the editor title menu passes it',
      );
    });

    it('follows the directory: a unit under systemd/user/ goes to the user manager whatever the setting', async function () {
      await setSetting('systemctl.scope', 'system');
      await open('commands', 'systemd', 'user', 'app.service');
      assert.equal(
        JSON.stringify((await run('systemdUnits.systemctl.status')).runs),
        JSON.stringify([['--user', 'status', '--', 'app.service']]),
      );
    });

    it('refuses hostile file and unit names before anything runs', async function () {
      await setSetting('systemctl.scope', 'user');
      const folder = workspaceUri('hostile').fsPath;
      mkdirSync(folder, { recursive: true });
      for (const name of HOSTILE_FILES) {
        writeFileSync(path.join(folder, name), '[Service]\nExecStart=/usr/bin/true\n');
        await vscode.window.showTextDocument(vscode.Uri.file(path.join(folder, name)));
        for (const id of ['status', 'start', 'enable']) {
          const { results, runs } = await run(`systemdUnits.systemctl.${id}`);
          assert.equal(results, undefined, `${id} on ${name}`);
          assert.equal(runs.length, 0, `${id} on ${name} ran ${JSON.stringify(runs)}`);
        }
      }
      for (const unitName of ['$(touch pwned).service', '--help;touch pwned.service', 'a\nb.service', '../x.service']) {
        const { results, runs } = await run('systemdUnits.systemctl.start', { unitName });
        assert.equal(results, undefined, JSON.stringify(unitName));
        assert.equal(runs.length, 0);
      }
      for (const where of [folder, workspaceUri().fsPath, homedir(), process.cwd()]) {
        assert.ok(!existsSync(path.join(where, 'pwned')), `no "pwned" in ${where}`);
      }
    });

    it('Verify with systemd-analyze: off until enabled, then its findings are diagnostics', async function () {
      const document = await open('commands', 'verify.service');
      assert.equal(await vscode.commands.executeCommand('systemdUnits.systemdAnalyze.verify'), undefined, 'opt-in');
      await setSetting('systemdAnalyze.enable', true);
      const result = await vscode.commands.executeCommand<{ exitCode: number; findings: unknown[] } | undefined>(
        'systemdUnits.systemdAnalyze.verify',
      );
      if (result === undefined && !existsSync('/usr/bin/systemd-analyze') && !existsSync('/bin/systemd-analyze')) {
        report('      SKIP: systemd-analyze is not installed');
        this.skip();
      }
      assert.ok(result, 'verify ran');
      report(`      systemd-analyze: exit ${result.exitCode}, ${JSON.stringify(result.findings)}`);
      const diagnostics = await poll('systemd-analyze diagnostics', () => {
        const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'systemd-analyze');
        return found.length > 0 ? found : undefined;
      });
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0]!.range.start.line, 2);
      assert.match(diagnostics[0]!.message, /Foo/);
      assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Warning);
    });
  });
}
