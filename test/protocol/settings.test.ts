import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { initialize, shutdownAndExit, startServer } from './lsp';

test('settings are pulled with workspace/configuration and a change takes effect without restart', async () => {
  const { child, connection } = startServer();
  let severity: Record<string, string> = { 'missing-equals': 'error' };
  const asked: unknown[] = [];
  connection.onRequest(ConfigurationRequest.type, (params) => {
    asked.push(...params.items);
    return params.items.map(() => ({ diagnostics: { delay: 0, severity } }));
  });
  connection.onRequest(RegistrationRequest.type, () => undefined);
  const published: PublishDiagnosticsParams[] = [];
  let notify: (() => void) | undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    notify?.();
  });
  const nextPublished = async (count: number) => {
    while (published.length < count) await new Promise<void>((resolve) => (notify = resolve));
    return published[count - 1]!;
  };
  connection.listen();

  try {
    await initialize(connection, {
      processId: process.pid,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    const uri = 'file:///units/a.service';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'systemd-unit', version: 1, text: '[Service]\nExecStart=/usr/bin/true\njunk\n' },
    });
    const first = await nextPublished(1);
    assert.deepEqual(
      first.diagnostics.map((d) => [d.code, d.severity]),
      [['missing-equals', 1]],
    );
    // The settings of the file (the window's are asked for too, for the unit directories the index reads).
    assert.deepEqual(
      asked.find((item) => (item as { scopeUri?: string }).scopeUri !== undefined),
      { scopeUri: uri, section: 'systemdUnits' },
    );

    severity = { 'missing-equals': 'off' };
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual((await nextPublished(2)).diagnostics, []);

    // A storm of edits: only the newest version is validated, and it is.
    for (let version = 2; version <= 200; version++) {
      await connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [
          {
            text:
              version === 200
                ? '[Service\nExecStart=/usr/bin/true\n'
                : `[Service]\nX-A=${version}\nExecStart=/usr/bin/true\n`,
          },
        ],
      });
    }
    let last = await nextPublished(3);
    while (last.version !== 200) last = await nextPublished(published.length + 1);
    assert.deepEqual(
      last.diagnostics.map((d) => d.code),
      ['invalid-section-header'],
    );

    // A file far too large: answered at once with a notice.
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 201 },
      contentChanges: [{ text: '[Unit]\n' + 'Description=x\n'.repeat(700_000) }],
    });
    let large = await nextPublished(published.length + 1);
    while (large.version !== 201) large = await nextPublished(published.length + 1);
    assert.deepEqual(
      large.diagnostics.map((d) => d.code),
      ['file-too-large'],
    );

    await shutdownAndExit({ child, connection });
  } finally {
    connection.dispose();
    child.kill();
  }
});
