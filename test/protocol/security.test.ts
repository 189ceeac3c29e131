import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CodeActionRequest,
  CodeLensRequest,
  DidOpenTextDocumentNotification,
  type CodeAction,
} from 'vscode-languageserver-protocol/node';
import { withServer } from './lsp';

test('over LSP: the exposure lens, the systemdUnits/securityReport request and the harden action', () =>
  withServer(async ({ connection }, init) => {
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
    const actionKinds = (init.capabilities.codeActionProvider as { codeActionKinds?: string[] }).codeActionKinds;
    assert.ok(actionKinds?.includes('refactor.rewrite'));

    const uri = 'file:///units/web.service';
    const text = '[Unit]\nDescription=web\n\n[Service]\nExecStart=/usr/bin/web\nUser=web\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'systemd-unit', version: 1, text },
    });
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: 'file:///units/web.socket', languageId: 'systemd-unit', version: 1, text: '[Socket]\n' },
    });

    const lenses = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.equal(lenses?.length, 1);
    assert.equal(lenses![0]!.range.start.line, 3);
    assert.match(lenses![0]!.command!.title, /^Exposure \d+\.\d [A-Z]+ — \d+ checks open$/);
    assert.equal(lenses![0]!.command!.command, 'systemdUnits.showSecurityReport');
    assert.deepEqual(lenses![0]!.command!.arguments, [uri]);

    const report = await connection.sendRequest<{ markdown: string } | null>('systemdUnits/securityReport', { uri });
    assert.match(report?.markdown ?? '', /^# Hardening report for web\.service\n/);
    assert.match(report?.markdown ?? '', /`PrivateNetwork=yes`/);
    assert.equal(
      await connection.sendRequest('systemdUnits/securityReport', { uri: 'file:///units/web.socket' }),
      null,
    );
    assert.equal(
      await connection.sendRequest('systemdUnits/securityReport', { uri: 'file:///not/open.service' }),
      null,
    );
    assert.equal(await connection.sendRequest('systemdUnits/securityReport', {}), null);

    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
      context: { diagnostics: [], only: ['refactor'] },
    })) as CodeAction[];
    const harden = actions.find((action) => action.title === 'Harden this service');
    assert.equal(harden?.kind, 'refactor.rewrite');
    assert.match(harden?.edit?.changes?.[uri]?.[0]?.newText ?? '', /\nProtectSystem=full\n/);
  }));
