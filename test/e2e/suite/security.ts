// The hardening lens and report, through the `vscode` API. Web-safe (no node built-ins): extension.test.ts runs it in
// code-server's node extension host and web.ts in the browser's web worker extension host.
import * as vscode from 'vscode';
import * as assert from './assert';
import { report } from './report';
import { open, poll } from './util';

const REPORT_SCHEME = 'systemd-units-report';

export function defineSecurityTests(): void {
  describe('hardening exposure', function () {
    it('shows the exposure lens on [Service], and its command opens the report', async function () {
      const document = await open('security.service');
      const header = document.getText().split('\n').indexOf('[Service]');
      assert.ok(header >= 0);
      const lens = await poll('the exposure lens', async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          document.uri,
          10,
        );
        return lenses?.find((candidate) => candidate.command?.title.startsWith('Exposure '));
      });
      report(`      lens: ${lens.command?.title}`);
      assert.match(lens.command?.title ?? '', /^Exposure 9\.6 UNSAFE — 75 checks open$/);
      assert.equal(lens.range.start.line, header);
      assert.equal(lens.command?.command, 'systemdUnits.showSecurityReport');

      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      const shown = await poll('the report document', () =>
        vscode.workspace.textDocuments.find(
          (candidate) =>
            candidate.uri.scheme === REPORT_SCHEME && candidate.getText().includes('Hardening report for security'),
        ),
      );
      assert.equal(shown.languageId, 'markdown');
      assert.match(shown.getText(), /`PrivateNetwork=yes`/);
      const tab = await poll('a tab with the report', () =>
        vscode.window.tabGroups.all
          .flatMap((group) => group.tabs)
          .find(
            (candidate) =>
              (candidate.input instanceof vscode.TabInputWebview && /markdown/i.test(candidate.input.viewType)) ||
              (candidate.input instanceof vscode.TabInputText && candidate.input.uri.scheme === REPORT_SCHEME),
          ),
      );
      report(`      report tab: ${tab.label}`);
    });

    it('offers "Harden this service" in [Service], and the hardened file scores lower', async function () {
      const document = await open('security.service');
      const line = document.getText().split('\n').indexOf('ExecStart=/usr/bin/true');
      const actions = await poll('the harden action', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          new vscode.Range(line, 0, line, 0),
          vscode.CodeActionKind.RefactorRewrite.value,
        );
        return found?.some((action) => action.title === 'Harden this service') ? found : undefined;
      });
      const harden = actions.find((action) => action.title === 'Harden this service');
      assert.ok(harden?.edit && (await vscode.workspace.applyEdit(harden.edit)), 'the edit applies');
      assert.match(document.getText(), /\nProtectSystem=full\n/);
      await poll('a lower score on the lens', async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          document.uri,
          10,
        );
        const title = lenses?.find((candidate) => candidate.command?.title.startsWith('Exposure '))?.command?.title;
        const score = Number(/^Exposure (\d+\.\d)/.exec(title ?? '')?.[1] ?? '10');
        return score < 9.6 ? title : undefined;
      });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  });
}
