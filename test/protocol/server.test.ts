import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  FoldingRangeRequest,
  PublishDiagnosticsNotification,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { initialize, shutdownAndExit, startServer } from './lsp';

function nextDiagnostics(connection: ProtocolConnection, uri: string): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => {
    const subscription = connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      if (params.uri !== uri) return;
      subscription.dispose();
      resolve(params);
    });
  });
}

for (const [name, args] of [
  ['node server bundle', [path.join('dist', 'server', 'node.js'), '--stdio']],
  ['systemd-units lsp --stdio', [path.join('dist', 'cli.js'), 'lsp', '--stdio']],
] as const) {
  describe(`protocol over stdio: ${name}`, () => {
    let server: ReturnType<typeof startServer>;
    const uri = 'file:///units/web.service';

    before(() => {
      server = startServer([...args]);
      server.connection.listen();
    });
    after(() => {
      server.child.kill();
    });

    test('initialize answers with the server capabilities', async () => {
      const result = await initialize(server.connection, {
        processId: process.pid,
        initializationOptions: {
          systemdUnits: { diagnostics: { delay: 0 } },
          ruleDocs: { uri: 'file:///extension/docs/rules.md', lines: { 'invalid-section-header': 19 } },
        },
      });
      assert.equal(result.serverInfo?.name, 'systemd-units');
      assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 1 });
      assert.equal(result.capabilities.foldingRangeProvider, true);
    });

    test('didOpen publishes diagnostics; an edit updates them; close clears them', async () => {
      let diagnostics = nextDiagnostics(server.connection, uri);
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'systemd-unit', version: 1, text: '[Service\nExecStart=/bin/true\n' },
      });
      const opened = await diagnostics;
      assert.deepEqual(
        opened.diagnostics.map((d) => d.code),
        ['invalid-section-header'],
      );
      // The code links to its heading in the docs the client named.
      assert.deepEqual(opened.diagnostics[0]!.codeDescription, { href: 'file:///extension/docs/rules.md#L19' });
      assert.deepEqual(opened.diagnostics[0]!.range, {
        start: { line: 0, character: 0 },
        end: { line: 0, character: 8 },
      });

      diagnostics = nextDiagnostics(server.connection, uri);
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: '[Service]\nExecStart=/bin/true\n' }],
      });
      assert.deepEqual((await diagnostics).diagnostics, []);

      const folds = await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
      assert.deepEqual(folds, [{ startLine: 0, endLine: 1 }]);

      diagnostics = nextDiagnostics(server.connection, uri);
      await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      assert.deepEqual((await diagnostics).diagnostics, []);
    });

    test('a quick fix comes back as a code action with a workspace edit', async () => {
      const fixUri = 'file:///units/fix.service';
      const published = nextDiagnostics(server.connection, fixUri);
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: {
          uri: fixUri,
          languageId: 'systemd-unit',
          version: 1,
          text: '[Service]\nexecstart=/usr/bin/true\n',
        },
      });
      const [diagnostic] = (await published).diagnostics;
      assert.equal(diagnostic?.code, 'unknown-directive');
      const actions = await server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: fixUri },
        range: diagnostic!.range,
        context: { diagnostics: [diagnostic!] },
      });
      const fix = actions?.find((action) => 'isPreferred' in action && action.isPreferred);
      assert.ok(fix && 'edit' in fix);
      assert.deepEqual(fix.edit?.changes?.[fixUri], [
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } }, newText: 'ExecStart' },
      ]);
    });

    test('a request for a document that is not open gets an empty answer, not an error', async () => {
      const folds = await server.connection.sendRequest(FoldingRangeRequest.type, {
        textDocument: { uri: 'file:///never/opened.service' },
      });
      assert.equal(folds, null);
    });

    test('shutdown and exit end the process cleanly', async () => {
      assert.equal(await shutdownAndExit(server), 0);
      server.connection.dispose();
    });
  });
}
