import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initialize, startServer } from './lsp';

let server: ReturnType<typeof startServer>;
before(async () => {
  server = startServer();
  server.connection.listen();
  const result = await initialize(server.connection, {
    processId: process.pid,
    initializationOptions: { systemdUnits: { format: { blankLineBetweenSections: true } } },
  });
  assert.equal(result.capabilities.documentFormattingProvider, true);
  assert.equal(result.capabilities.documentRangeFormattingProvider, true);
});
after(() => {
  server.connection.dispose();
  server.child.kill();
});

const text = '[Unit]\r\nDescription = Web \r\n[Service]\r\nExecStart = /bin/web \\\r\n   --port 80   \r\nUser = web';

test('formatting over LSP: the settings and the editor options are honoured, CRLF kept', async () => {
  const uri = 'file:///units/format.service';
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'systemd-unit', version: 1, text },
  });
  const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri },
    options: { tabSize: 4, insertSpaces: true, insertFinalNewline: false },
  });
  assert.ok(edits);
  assert.equal(
    TextDocument.applyEdits(TextDocument.create(uri, 'systemd-unit', 1, text), edits),
    '[Unit]\r\nDescription=Web\r\n\r\n[Service]\r\nExecStart=/bin/web \\\r\n   --port 80\r\nUser=web\r\n',
  );
});

test('range formatting over LSP touches only the lines asked for', async () => {
  const uri = 'file:///units/range.service';
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'systemd-unit', version: 1, text },
  });
  const edits = await server.connection.sendRequest(DocumentRangeFormattingRequest.type, {
    textDocument: { uri },
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
    options: { tabSize: 4, insertSpaces: true },
  });
  assert.ok(edits);
  assert.equal(
    TextDocument.applyEdits(TextDocument.create(uri, 'systemd-unit', 1, text), edits),
    text.replace('Description = Web ', 'Description=Web'),
  );
});

test('formatting a document that is not open answers null', async () => {
  const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri: 'file:///units/never-opened.service' },
    options: { tabSize: 4, insertSpaces: true },
  });
  assert.equal(edits, null);
});
