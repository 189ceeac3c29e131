import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CompletionRequest,
  CompletionResolveRequest,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { startServer } from './lsp';

function itemsOf(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  if (!result) return [];
  return Array.isArray(result) ? result : result.items;
}

test('over LSP, completion offers sections, directives and values, and resolves directive docs', async () => {
  const { child, connection } = startServer();
  connection.listen();
  try {
    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      capabilities: {},
    });
    const provider = init.capabilities.completionProvider;
    assert.deepEqual(provider?.triggerCharacters, ['=', '%', '[', ' ']);
    assert.equal(provider?.resolveProvider, true);
    await connection.sendNotification(InitializedNotification.type, {});

    const uri = 'file:///units/web.socket';
    const text = '[Unit]\nDescription=Web\n\n[Socket]\nListenStream=\nAcc\n';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'systemd-unit', version: 1, text },
    });
    const at = (line: number, character: number) =>
      connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });

    const sections = itemsOf(await at(2, 0)).map((item) => item.label);
    assert.ok(sections.includes('[Install]'), sections.join(' '));
    assert.ok(!sections.includes('[Unit]'));

    const forms = itemsOf(await at(4, 13)).map((item) => item.label);
    assert.ok(forms.includes('127.0.0.1:8080'), forms.join(' '));

    const accept = itemsOf(await at(5, 3)).find((item) => item.label === 'Accept');
    assert.ok(accept, 'Accept= is offered in [Socket]');
    const resolved = await connection.sendRequest(CompletionResolveRequest.type, accept);
    assert.match((resolved.documentation as MarkupContent).value, /systemd\.socket\.html#Accept=/);

    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
  } finally {
    connection.dispose();
    child.kill();
  }
});
