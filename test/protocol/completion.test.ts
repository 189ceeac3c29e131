import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CompletionRequest,
  CompletionResolveRequest,
  DidOpenTextDocumentNotification,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { withServer } from './lsp';

function itemsOf(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  if (!result) return [];
  return Array.isArray(result) ? result : result.items;
}

test('over LSP, completion offers sections, directives and values, and resolves directive docs', () =>
  withServer(async ({ connection }, init) => {
    const provider = init.capabilities.completionProvider;
    assert.deepEqual(provider?.triggerCharacters, ['=', '%', '[', ' ']);
    assert.equal(provider?.resolveProvider, true);

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
  }));

/** A client that takes the list's item defaults and resolves documentation and detail later. */
const COMPACT_CLIENT = {
  capabilities: {
    textDocument: {
      completion: {
        completionList: { itemDefaults: ['editRange', 'data'] },
        completionItem: { resolveSupport: { properties: ['documentation', 'detail'] } },
      },
    },
  },
};

test('a client that takes item defaults and resolves details gets a compact list that means the same', () =>
  withServer(COMPACT_CLIENT, async ({ connection }) => {
    const uri = 'file:///units/web.service';
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'systemd-unit', version: 1, text: '[Service]\nExecStart=/bin/true\nRes\n' },
    });
    const list = (await connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 2, character: 3 },
    })) as CompletionList;
    assert.deepEqual(list.itemDefaults?.editRange, {
      start: { line: 2, character: 0 },
      end: { line: 2, character: 3 },
    });
    const restart = list.items.find((item) => item.label === 'Restart');
    assert.ok(restart);
    assert.equal(restart.textEdit, undefined);
    assert.equal(restart.textEditText, 'Restart=');
    assert.equal(restart.filterText, undefined);
    assert.equal(restart.detail, undefined, 'the syntax line waits for resolve');
    assert.equal(restart.data, undefined);
    assert.deepEqual(list.itemDefaults?.data, { completes: 'directive', section: 'Service' });
    // As a client does, the list's default data goes back on the item before it is resolved.
    const resolved = await connection.sendRequest(CompletionResolveRequest.type, {
      ...restart,
      data: list.itemDefaults?.data,
    });
    assert.ok(resolved.detail && resolved.detail.length > 0);
    assert.match((resolved.documentation as MarkupContent).value, /Restart=/);
    // The compact list is several times smaller than the full one.
    const full = JSON.stringify(list).length;
    assert.ok(full < 70_000, `${full} characters`);
  }));
