import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as vm from 'node:vm';
import {
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  RegistrationRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  WorkspaceSymbolRequest,
  type Location,
  type LocationLink,
  type PublishDiagnosticsParams,
  type SymbolInformation,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from '../helpers';
import { fileUri } from '../../server/src/service/workspace/uris';
import { initialize, shutdownAndExit, startServer } from './lsp';

const root = mkdtempSync(path.join(tmpdir(), 'systemd-units-lsp-index-'));
const workspace = path.join(root, 'project');
const system = path.join(root, 'system');
const files: Record<string, string> = {
  'project/app.target': '[Unit]\nWants=web.service\n',
  'project/web.service': '[Unit]\nAfter=db.service\nWants=missing-agent.service\n[Service]\nExecStart=/bin/web\n',
  'project/web.service.d/10-env.conf': '[Service]\nEnvironment=MODE=fast\n',
  'system/db.service': '[Service]\nExecStart=/bin/db\n',
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), text);
}
mkdirSync(path.join(system, 'app.target.wants'), { recursive: true });
symlinkSync(path.join(system, 'db.service'), path.join(system, 'app.target.wants', 'db.service'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('the workspace index over stdio', () => {
  let server: ReturnType<typeof startServer>;
  const progress: string[] = [];
  const registrations: string[] = [];
  let indexed: Promise<void>;
  const diagnostics = new Map<string, PublishDiagnosticsParams>();

  before(() => {
    server = startServer();
    const connection = server.connection;
    indexed = new Promise((resolve) => connection.onNotification('systemdUnits/indexChanged', () => resolve()));
    connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      connection.onProgress(WorkDoneProgress.type, token, (value) => {
        progress.push(value.kind);
      });
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      for (const registration of params.registrations) registrations.push(registration.method);
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      diagnostics.set(params.uri, params);
    });
    connection.listen();
  });
  after(() => server.child.kill());

  test('indexing runs in the background with progress, then the open files are checked against the index', async () => {
    const result = await initialize(server.connection, {
      processId: process.pid,
      workspaceFolders: [{ uri: fileUri(workspace), name: 'project' }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
        textDocument: { definition: { linkSupport: true } },
      },
      initializationOptions: { systemdUnits: { diagnostics: { delay: 0 }, unitSearchPaths: [system, '/nonexistent'] } },
    });
    assert.equal(result.capabilities.definitionProvider, true);
    assert.deepEqual(result.capabilities.renameProvider, { prepareProvider: true });
    await indexed;
    assert.deepEqual([progress[0], progress[progress.length - 1]], ['begin', 'end']);
    assert.ok(registrations.includes('workspace/didChangeWatchedFiles'));

    const uri = fileUri(path.join(workspace, 'web.service'));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => {
      const subscription = server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        if (params.uri !== uri) return;
        subscription.dispose();
        resolve(params);
      });
    });
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'systemd-unit', version: 1, text: files['project/web.service']! },
    });
    assert.deepEqual(
      (await published).diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`),
      ['3:7 unit-not-found', '3:7 dependency-without-order'],
    );

    const links = (await server.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 8 },
    })) as LocationLink[];
    assert.deepEqual(
      links.map((link) => link.targetUri),
      [fileUri(path.join(system, 'db.service'))],
    );
    const references = (await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 8 },
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(
      references.map((location) => location.uri),
      [uri],
    );

    const effective = await server.connection.sendRequest<{ text: string; sources: { uri: string }[] } | null>(
      'systemdUnits/effectiveUnit',
      { uri },
    );
    assert.equal(effective?.sources.length, 2);
    assert.match(effective?.text ?? '', /Environment=MODE=fast/);

    const level = await server.connection.sendRequest<{ children: { name: string; relations: string[] }[] }>(
      'systemdUnits/dependencies',
      { unit: 'app.target' },
    );
    assert.deepEqual(
      level.children.map((child) => `${child.name} ${child.relations.join(',')}`),
      ['db.service Wants', 'web.service Wants'],
    );
    const units = await server.connection.sendRequest<{ ready: boolean; units: { name: string }[] }>(
      'systemdUnits/units',
    );
    assert.equal(units.ready, true);
    assert.deepEqual(
      units.units.map((unit) => unit.name),
      ['app.target', 'web.service'],
    );
  });

  test('file changes reported by the editor update the index', async () => {
    writeFileSync(path.join(workspace, 'worker.service'), '[Service]\nExecStart=/bin/worker\n');
    const again = new Promise<void>((resolve) => {
      const subscription = server.connection.onNotification('systemdUnits/indexChanged', () => {
        subscription.dispose();
        resolve();
      });
    });
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: fileUri(path.join(workspace, 'worker.service')), type: FileChangeType.Created }],
    });
    await again;
    const symbols = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: 'worker',
    })) as SymbolInformation[];
    assert.deepEqual(
      symbols.map((symbol) => symbol.name),
      ['worker.service'],
    );
  });

  test('shutdown', async () => {
    await shutdownAndExit(server);
    server.connection.dispose();
  });
});

interface Message {
  id?: number;
  method?: string;
  params?: { uri?: string; maxBytes?: number; diagnostics?: { code: string }[]; query?: string };
  result?: unknown;
}

test('the browser server indexes the workspace through the client, which reads it for the worker', async () => {
  const code = readFileSync(path.join(ROOT, 'dist', 'server', 'browser.js'), 'utf8');
  const tree: Record<string, string> = {
    'vscode-vfs://github/o/r/units/web.service': '[Unit]\nWants=db.service\n[Service]\nExecStart=/bin/web\n',
    'vscode-vfs://github/o/r/units/db.service': '[Service]\nExecStart=/bin/db\n',
  };
  const received: Message[] = [];
  let waiter: (() => void) | undefined;
  const self = {
    onmessage: undefined as undefined | ((event: { data: unknown }) => void),
    addEventListener: () => undefined,
    postMessage(message: Message) {
      received.push(message);
      // Act as the client: answer the file requests from the tree above.
      if (message.method === 'systemdUnits/readDirectory') {
        const directory = `${message.params!.uri}/`;
        const names = new Map<string, string>();
        for (const uri of Object.keys(tree)) {
          if (!uri.startsWith(directory)) continue;
          const rest = uri.slice(directory.length);
          names.set(rest.split('/')[0]!, rest.includes('/') ? 'directory' : 'file');
        }
        setTimeout(() => send({ id: message.id, result: [...names].map(([name, type]) => ({ name, type })) }));
      } else if (message.method === 'systemdUnits/readFile') {
        setTimeout(() => send({ id: message.id, result: tree[message.params!.uri!] ?? null }));
      } else if (message.id !== undefined && message.method) {
        setTimeout(() => send({ id: message.id, result: null }));
      }
      waiter?.();
    },
  };
  const context = vm.createContext({
    self,
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    TextEncoder,
    TextDecoder,
    crypto: globalThis.crypto,
  });
  vm.runInContext(code, context);
  const send = (message: object) => self.onmessage!({ data: { jsonrpc: '2.0', ...message } });
  const waitFor = async (predicate: (m: Message) => boolean): Promise<Message> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = received.find(predicate);
      if (found) return found;
      assert.ok(Date.now() < deadline, 'no answer from the browser server');
      await new Promise<void>((resolve) => {
        waiter = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  // Ids far from the server's own requests to the client.
  send({
    id: 1001,
    method: 'initialize',
    params: {
      processId: null,
      rootUri: null,
      workspaceFolders: [{ uri: 'vscode-vfs://github/o/r', name: 'r' }],
      capabilities: {},
    },
  });
  await waitFor((m) => m.id === 1001 && !m.method);
  send({ method: 'initialized', params: {} });
  await waitFor((m) => m.method === 'systemdUnits/indexChanged');
  send({ id: 1002, method: 'workspace/symbol', params: { query: 'db' } });
  const answer = await waitFor((m) => m.id === 1002 && !m.method);
  assert.ok(Array.isArray(answer.result), JSON.stringify(answer));
  assert.deepEqual(
    Array.from(answer.result as { location: { uri: string } }[], (symbol) => symbol.location.uri),
    ['vscode-vfs://github/o/r/units/db.service'],
  );
  send({ id: 1003, method: 'shutdown' });
  await waitFor((m) => m.id === 1003 && !m.method);
});
