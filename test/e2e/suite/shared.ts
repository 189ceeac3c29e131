// End-to-end checks of the INSTALLED extension (the VSIX), through the public `vscode` API, inside a real VS Code
// extension host. The same tests run in code-server's node extension host (extension.test.ts) and in the browser's
// web worker extension host (web.ts), so nothing here may use node built-ins: only `vscode` and the web platform.
// The fixture workspace is a fresh copy of test/e2e/fixtures/workspace for every run.
import * as vscode from 'vscode';
import * as assert from './assert';
import { report } from './report';
import {
  codeOf,
  EXTENSION_ID,
  hasCode,
  hoverText,
  LANGUAGE_ID,
  labelOf,
  open,
  poll,
  waitForDiagnostics,
  workspaceUri,
} from './util';

/** What differs between the two extension hosts. */
export interface Host {
  /** "node" (code-server's remote extension host) or "web" (the browser's web worker extension host). */
  kind: 'node' | 'web';
  /** The clone's root, as a path: the extension under test must be installed elsewhere. */
  repoRoot: string;
  /** Whether the installed server advertises completionProvider (the completion tests skip while it does not). */
  completionProvider: () => Promise<boolean>;
  /** Checks that the tests and the extension really run in this kind of extension host. */
  checkHost: (extension: vscode.Extension<unknown>) => void | Promise<void>;
}

const UNIT_FILES = [
  'example.service',
  'example.socket',
  'example.timer',
  'example.path',
  'mnt-data.mount',
  'mnt-data.automount',
  'dev-sdb2.swap',
  'example.target',
  'example.slice',
  'example.scope',
  'example.device',
];

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('systemdUnits').update(key, value, vscode.ConfigurationTarget.Global);
}

/** An extension's files: through workspace.fs, or fetch for a web extension served over http(s) (no file system). */
async function read(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  if (uri.scheme === 'http' || uri.scheme === 'https') {
    const response = await fetch(uri.toString(true));
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
  }
  return vscode.workspace.fs.readFile(uri).then(
    (bytes) => bytes,
    () => undefined,
  );
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme === 'http' || uri.scheme === 'https') return (await read(uri)) !== undefined;
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

export function defineTests(host: Host): void {
  const hostName = host.kind === 'web' ? 'web worker' : 'node';
  let extension: vscode.Extension<unknown>;

  describe(`systemd Units, installed from the VSIX, in VS Code's ${hostName} extension host`, function () {
    before(async function () {
      // getExtension only sees the extensions of the caller's own extension host: found means "runs next to us".
      const found = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(found, `${EXTENSION_ID} is installed and runs in the ${hostName} extension host`);
      extension = found;
      // Opening a unit file activates the extension (activationEvents: onLanguage:systemd-unit).
      await open('units', 'example.service');
      await poll('the extension to activate', () => (extension.isActive ? true : undefined));
    });

    it(`runs the packaged extension in the ${hostName} extension host`, async function () {
      report(
        `    VS Code ${vscode.version} (${vscode.env.appName}, ui: ${vscode.UIKind[vscode.env.uiKind]}, ` +
          `remote: ${vscode.env.remoteName ?? 'none'}, extensionKind: ${vscode.ExtensionKind[extension.extensionKind]}); ` +
          `extension ${extension.packageJSON.version} at ${extension.extensionUri.toString()}`,
      );
      const root = host.repoRoot.replace(/\/*$/, '/');
      assert.ok(
        !(extension.extensionUri.path + '/').startsWith(root),
        `${extension.extensionUri.path} is outside the clone`,
      );
      const server = host.kind === 'web' ? 'browser.js' : 'node.js';
      assert.ok(
        await exists(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'server', server)),
        `the VSIX holds dist/server/${server}`,
      );
      assert.ok(
        !(await exists(vscode.Uri.joinPath(extension.extensionUri, 'server', 'src', 'server.ts'))),
        'the VSIX holds no sources',
      );
      await host.checkHost(extension);
    });

    describe('language detection', function () {
      for (const name of UNIT_FILES) {
        it(`detects ${name} as ${LANGUAGE_ID}`, async function () {
          const document = await vscode.workspace.openTextDocument(workspaceUri('units', name));
          assert.equal(document.languageId, LANGUAGE_ID);
        });
      }

      it('detects a drop-in foo.service.d/override.conf', async function () {
        const document = await vscode.workspace.openTextDocument(workspaceUri('foo.service.d', 'override.conf'));
        assert.equal(document.languageId, LANGUAGE_ID);
      });
    });

    describe('diagnostics and quick fix', function () {
      it('reports unknown-directive for execstart= and the quick fix removes every problem', async function () {
        const document = await open('quickfix.service');
        const diagnostics = await waitForDiagnostics(document.uri, 'unknown-directive', hasCode('unknown-directive'));
        const problem = diagnostics.find((d) => codeOf(d) === 'unknown-directive');
        assert.ok(problem);
        assert.equal(problem.range.start.line, 1);
        assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
        // The code links to its entry in the docs/rules.md shipped in the VSIX.
        const target = typeof problem.code === 'object' ? problem.code.target : undefined;
        assert.ok(target, 'the code carries a link');
        assert.match(target.path, /\/docs\/rules\.md$/);
        assert.match(target.fragment, /^L\d+$/);

        const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          problem.range,
          undefined,
          10,
        );
        const fix = actions.find(
          (action): action is vscode.CodeAction =>
            'edit' in action && !!action.edit && !!action.kind && vscode.CodeActionKind.QuickFix.contains(action.kind),
        );
        assert.ok(fix?.edit, `a quick fix with an edit among ${JSON.stringify(actions.map((a) => a.title))}`);
        report(`      quick fix: ${fix.title}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
        assert.equal(document.lineAt(1).text, 'ExecStart=/usr/bin/true');
        await waitForDiagnostics(document.uri, 'no diagnostics after the fix', (d) => d.length === 0);
      });
    });

    describe('hover', function () {
      it('explains Restart=', async function () {
        const document = await open('hover.service');
        const line = document.getText().split('\n').indexOf('Restart=on-failure');
        assert.ok(line >= 0);
        const text = await poll('a hover on Restart', async () => {
          const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            document.uri,
            new vscode.Position(line, 2),
          );
          const joined = hoverText(hovers ?? []);
          return joined ? joined : undefined;
        });
        assert.match(text, /Restart=/);
        assert.match(text, /systemd\.service/);
      });

      it('previews when OnCalendar= fires next', async function () {
        const document = await open('calendar.timer');
        const line = document
          .getText()
          .split('\n')
          .findIndex((text) => text.startsWith('OnCalendar='));
        assert.ok(line >= 0);
        const text = await poll('a hover on the OnCalendar= value', async () => {
          const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            document.uri,
            new vscode.Position(line, 15),
          );
          const joined = hoverText(hovers ?? []);
          return joined.includes('Next elapse') ? joined : undefined;
        });
        assert.match(text, /Normalized form: 2099-01-01\.\.03 12:00:00 UTC/);
        assert.match(text, /Thu 2099-01-01 12:00:00 UTC/);
        assert.match(text, /Iter\. #3: /);
        assert.match(text, /Sat 2099-01-03 12:00:00 UTC/);
      });
    });

    describe('templates', function () {
      it('shows what %i becomes and previews the template as an instance', async function () {
        const document = await open('app@.service');
        const line = 4;
        const character = document.lineAt(line).text.indexOf('%i') + 1;
        const text = await poll('a hover on %i', async () => {
          const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            document.uri,
            new vscode.Position(line, character),
          );
          const joined = hoverText(hovers ?? []);
          return joined.includes('app@example.service') ? joined : undefined;
        });
        assert.match(text, /this is `example`/);
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('systemdUnits.previewInstance', 'blue');
        const preview = await poll('the preview editor', () => {
          const editor = vscode.window.activeTextEditor;
          return editor?.document.uri.scheme === 'systemd-unit-preview' ? editor.document : undefined;
        });
        assert.equal(preview.uri.path, '/app@blue.service');
        assert.ok(
          preview.getText().includes('ExecStart=/usr/bin/app --name blue --state /var/lib/app'),
          preview.getText(),
        );
      });
    });

    describe('completion', function () {
      let document: vscode.TextDocument;
      before(async function () {
        if (!(await host.completionProvider())) {
          report("      SKIP: the installed extension's server does not advertise completionProvider yet");
          this.skip();
        }
        document = await open('completion.service');
      });

      async function labelsAt(position: vscode.Position, expected: string): Promise<string[]> {
        return poll(`completion item ${expected}`, async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider',
            document.uri,
            position,
          );
          const labels = list.items.map(labelOf);
          return labels.includes(expected) ? labels : undefined;
        });
      }

      it('offers ExecStart in a [Service] section', async function () {
        assert.equal(document.lineAt(3).text, '');
        const labels = await labelsAt(new vscode.Position(3, 0), 'ExecStart');
        assert.ok(labels.includes('ExecStart'));
      });

      it('offers notify after Type=', async function () {
        assert.equal(document.lineAt(1).text, 'Type=');
        const labels = await labelsAt(new vscode.Position(1, 5), 'notify');
        assert.ok(labels.includes('notify'));
      });
    });

    describe('snippets', function () {
      it('inserts the "Simple service" snippet by name', async function () {
        const file = vscode.Uri.joinPath(extension.extensionUri, 'snippets', 'systemd.code-snippets');
        const snippets = new TextDecoder().decode(await read(file));
        assert.ok(snippets.includes('"Simple service"'), 'the VSIX ships the snippet');
        const document = await open('snippet.service');
        await vscode.commands.executeCommand('editor.action.insertSnippet', { name: 'Simple service' });
        const text = await poll('the snippet text', () =>
          document.getText().includes('[Service]') ? document.getText() : undefined,
        );
        assert.match(text, /^\[Unit\]\nDescription=snippet\n/);
        assert.match(text, /\nType=simple\nExecStart=\/usr\/local\/bin\/snippet\nRestart=on-failure\n/);
        assert.match(text, /\nWantedBy=multi-user\.target\n/);
        await vscode.commands.executeCommand('leaveSnippet');
      });
    });

    describe('settings take effect without a restart', function () {
      afterEach(async function () {
        await setSetting('diagnostics.severity', undefined);
        await setSetting('systemdVersion', undefined);
      });

      it('systemdUnits.diagnostics.severity changes the severity of unknown-directive', async function () {
        const document = await open('severity.service');
        const severityOf = (wanted: vscode.DiagnosticSeverity) => (diagnostics: readonly vscode.Diagnostic[]) =>
          diagnostics.some((d) => codeOf(d) === 'unknown-directive' && d.severity === wanted);
        await waitForDiagnostics(document.uri, 'a warning', severityOf(vscode.DiagnosticSeverity.Warning));
        await setSetting('diagnostics.severity', { 'unknown-directive': 'error' });
        await waitForDiagnostics(document.uri, 'an error', severityOf(vscode.DiagnosticSeverity.Error));
        await setSetting('diagnostics.severity', undefined);
        await waitForDiagnostics(document.uri, 'a warning again', severityOf(vscode.DiagnosticSeverity.Warning));
      });

      it('systemdUnits.systemdVersion 230 reports ProtectHostname= as directive-too-new', async function () {
        const document = await open('version.service');
        await waitForDiagnostics(document.uri, 'no problem with the latest systemd', (d) => d.length === 0);
        await setSetting('systemdVersion', 230);
        const diagnostics = await waitForDiagnostics(document.uri, 'directive-too-new', hasCode('directive-too-new'));
        assert.equal(diagnostics.find((d) => codeOf(d) === 'directive-too-new')?.range.start.line, 2);
        await setSetting('systemdVersion', undefined);
        await waitForDiagnostics(document.uri, 'directive-too-new to go away', (d) => d.length === 0);
      });
    });

    describe('server restart', function () {
      it('systemdUnits.restartServer restarts the server and diagnostics still come', async function () {
        const document = await open('restart.service');
        await waitForDiagnostics(document.uri, 'a clean file', (d) => d.length === 0);
        await vscode.commands.executeCommand('systemdUnits.restartServer');
        const editor = await vscode.window.showTextDocument(document);
        await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'Tpye=simple\n'));
        const diagnostics = await waitForDiagnostics(document.uri, 'unknown-directive', hasCode('unknown-directive'));
        assert.equal(diagnostics.find((d) => codeOf(d) === 'unknown-directive')?.range.start.line, 2);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          new vscode.Position(1, 2),
        );
        assert.match(hoverText(hovers), /ExecStart=/);
      });
    });
  });
}
