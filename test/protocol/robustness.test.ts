import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  CompletionResolveRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  LSPErrorCodes,
  FoldingRangeRequest,
  HoverRequest,
  PublishDiagnosticsNotification,
  ResponseError,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { exited, initialize, shutdownAndExit, startServer } from './lsp';

/** The server's resident memory in MiB, from /proc; undefined where there is no /proc. */
function rssMiB(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function diagnosticsFor(
  connection: ProtocolConnection,
  uri: string,
  accept: (params: PublishDiagnosticsParams) => boolean = () => true,
): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => {
    const subscription = connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      if (params.uri !== uri || !accept(params)) return;
      subscription.dispose();
      resolve(params);
    });
  });
}

const GOOD = '[Unit]\nDescription=Web\n\n[Service]\nExecStart=/usr/bin/web\n';
const BROKEN = '[Unit\nDescription=Web\n[Service]\nExecStart=/usr/bin/web\n';

/**
 * Settings a confused client might send: wrong types, out-of-range numbers, nonsense codes. The server must fall
 * back to its defaults and keep working.
 */
const INVALID_SETTINGS: unknown[] = [
  null,
  42,
  'loud',
  [],
  { systemdVersion: {}, diagnostics: 'yes', format: 7 },
  {
    systemdVersion: -3,
    diagnostics: { enable: 'no', delay: 'soon', maxNumberOfProblems: -1, severity: [1, 2] },
    format: { blankLineBetweenSections: 'sometimes' },
  },
  { diagnostics: { delay: 1e308, severity: { 'unknown-directive': 'deafening', 'missing-equals': 42 } } },
];

describe('protocol robustness over stdio', () => {
  let server: ReturnType<typeof startServer>;
  let configurationAnswers = 0;
  const request = <P, R>(type: { method: string }, params: P): Promise<R> =>
    server.connection.sendRequest(type.method, params) as Promise<R>;
  const open = (uri: string, text: string, version = 1) =>
    server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'systemd-unit', version, text },
    });
  const change = (uri: string, text: string, version: number) =>
    server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  const hover = (uri: string, position: Position) =>
    server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  /** The server answers a plain request: the check after each kind of abuse. */
  const stillAnswers = async () => {
    const uri = 'file:///units/alive.service';
    const published = diagnosticsFor(server.connection, uri);
    await open(uri, GOOD);
    await published;
    const answer = await hover(uri, { line: 1, character: 2 });
    assert.ok(answer, 'no hover on Description=');
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  };

  before(async () => {
    server = startServer();
    // The client answers workspace/configuration with a different bad value each time.
    server.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map(() => INVALID_SETTINGS[configurationAnswers++ % INVALID_SETTINGS.length]),
    );
    server.connection.listen();
    await initialize(server.connection, {
      processId: process.pid,
      capabilities: { workspace: { configuration: true } },
    });
  });
  after(() => {
    server.connection.dispose();
    server.child.kill();
  });

  test('requests for documents never opened, or closed, get empty answers', async () => {
    const closed = 'file:///units/closed.service';
    const published = diagnosticsFor(server.connection, closed);
    await open(closed, GOOD);
    await published;
    const cleared = diagnosticsFor(server.connection, closed);
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: closed } });
    assert.deepEqual((await cleared).diagnostics, []);

    const range: Range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
    const options = { tabSize: 2, insertSpaces: true };
    for (const uri of [closed, 'file:///units/never-opened.service', 'untitled:Untitled-1', 'not a uri at all']) {
      const textDocument = { uri };
      assert.equal(await hover(uri, { line: 0, character: 1 }), null);
      assert.equal(await request(CompletionRequest.type, { textDocument, position: { line: 0, character: 1 } }), null);
      assert.equal(await request(FoldingRangeRequest.type, { textDocument }), null);
      assert.equal(await request(CodeActionRequest.type, { textDocument, range, context: { diagnostics: [] } }), null);
      assert.equal(await request(DocumentFormattingRequest.type, { textDocument, options }), null);
      assert.equal(await request(DocumentRangeFormattingRequest.type, { textDocument, range, options }), null);
    }
    // Notifications about documents that are not open are ignored.
    await change('file:///units/never-opened.service', GOOD, 2);
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri: 'file:///units/never-opened.service' },
    });
    const item = await request(CompletionResolveRequest.type, {
      label: 'X',
      data: { completes: 'directive', name: 7 },
    });
    assert.ok(item);
    await stillAnswers();
  });

  test('positions and ranges outside the document are answered, not crashed on', async () => {
    const uri = 'file:///units/positions.service';
    const published = diagnosticsFor(server.connection, uri);
    await open(uri, GOOD);
    await published;
    const positions: Position[] = [
      { line: 999, character: 0 },
      { line: 1, character: 999 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      { line: -1, character: -5 },
      { line: 0.5, character: 1.5 },
    ];
    for (const position of positions) {
      for (const send of [
        () => hover(uri, position),
        () => request(CompletionRequest.type, { textDocument: { uri }, position }),
        () =>
          request(CodeActionRequest.type, {
            textDocument: { uri },
            range: { start: position, end: { line: 0, character: 0 } },
            context: { diagnostics: [] },
          }),
        () =>
          request(DocumentRangeFormattingRequest.type, {
            textDocument: { uri },
            range: { start: position, end: position },
            options: { tabSize: 2, insertSpaces: true },
          }),
      ]) {
        try {
          await send();
        } catch (error) {
          // A reply that says the request was bad is fine; a dead server is not.
          assert.ok(error instanceof ResponseError, String(error));
        }
      }
    }
    await stillAnswers();
  });

  test('stale and repeated versions, a second didOpen, and invalid settings', async () => {
    const uri = 'file:///units/versions.service';
    let published = diagnosticsFor(server.connection, uri);
    await open(uri, GOOD, 10);
    await published;
    // An older version than the one the server has, then the same one again: the last text sent wins.
    published = diagnosticsFor(server.connection, uri, (params) => params.diagnostics.length > 0);
    await change(uri, GOOD, 5);
    await change(uri, BROKEN, 5);
    assert.deepEqual(
      (await published).diagnostics.map((d) => d.code),
      ['invalid-section-header'],
    );
    published = diagnosticsFor(server.connection, uri, (params) => params.diagnostics.length === 0);
    await open(uri, GOOD, 1);
    await published;
    // Each bad settings value: pushed, and pulled (the client above answers with another one every time).
    for (const settings of INVALID_SETTINGS) {
      published = diagnosticsFor(server.connection, uri);
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { systemdUnits: settings },
      });
      await published;
    }
    assert.ok(configurationAnswers > 0, 'the server never asked for its settings');
    await stillAnswers();
  });

  test('a storm of 10,000 edits with requests cancelled on the way: the last text is what counts', async () => {
    const uri = 'file:///units/storm.service';
    await open(uri, GOOD);
    const pending: Promise<unknown>[] = [];
    let cancelled = 0;
    const edits = 10_000;
    for (let version = 2; version <= edits + 1; version++) {
      const text = version === edits + 1 ? BROKEN : GOOD.replace('Web', `Web ${version}`);
      void change(uri, text, version);
      if (version % 50 === 0) {
        const source = new CancellationTokenSource();
        const position = { line: 1, character: version % 14 };
        pending.push(
          server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }, source.token),
          server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }, source.token),
        );
        if (version % 100 === 0) {
          source.cancel();
          cancelled += 2;
        }
      }
    }
    const final = diagnosticsFor(server.connection, uri, (params) => params.version === edits + 1);
    const outcomes = await Promise.allSettled(pending);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        assert.ok(
          outcome.reason instanceof ResponseError && outcome.reason.code === LSPErrorCodes.RequestCancelled,
          String(outcome.reason),
        );
      }
    }
    assert.deepEqual(
      (await final).diagnostics.map((d) => d.code),
      ['invalid-section-header'],
    );
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected').length;
    const empty = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value === null).length;
    console.log(
      `# storm: ${edits} edits, ${pending.length} requests (${cancelled} cancelled): ${rejected} answered as cancelled, ${empty} with null`,
    );
    await stillAnswers();
  });

  test('memory stays flat over 100,000 edits', async () => {
    const uri = 'file:///units/memory.service';
    await open(uri, GOOD);
    const send = async (from: number, to: number) => {
      for (let version = from; version < to; version++) {
        void change(uri, GOOD.replace('Web', `Web ${version % 1000}`), version);
        if (version % 1000 === 0) await hover(uri, { line: 1, character: 3 }); // let the server keep up
      }
      await diagnosticsFor(server.connection, uri, (params) => params.version === to - 1);
    };
    await send(2, 5_000); // warm up
    const before = rssMiB(server.child.pid);
    const edits = 100_000;
    await send(5_000, 5_000 + edits);
    const after = rssMiB(server.child.pid);
    if (before === undefined || after === undefined) {
      console.log('# RSS not measured: no /proc on this system');
      return;
    }
    console.log(
      `# server RSS before ${before.toFixed(1)} MiB, after ${edits.toLocaleString('en')} edits ${after.toFixed(1)} MiB (growth ${(after - before).toFixed(1)} MiB)`,
    );
    assert.ok(after - before < 100, `RSS grew by ${(after - before).toFixed(1)} MiB`);
  });

  test('shutdown, then exit: the process ends with status 0', async () => {
    assert.equal(await shutdownAndExit(server), 0);
  });
});

describe('a client that disappears mid-request', () => {
  for (const [name, args] of [
    ['node server bundle', [path.join('dist', 'server', 'node.js'), '--stdio']],
    ['systemd-units lsp --stdio', [path.join('dist', 'cli.js'), 'lsp', '--stdio']],
  ] as const) {
    test(`${name}: the server ends instead of hanging or crashing`, { timeout: 60_000 }, async () => {
      const { child, connection } = startServer([...args], 'pipe');
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      connection.listen();
      await initialize(connection);
      const uri = 'file:///units/gone.service';
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'systemd-unit', version: 1, text: GOOD.repeat(2000) },
      });
      const code = exited(child);
      void connection
        .sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 4, character: 3 } })
        .catch(() => undefined);
      // The pipes go away without shutdown or exit, as when an editor is killed.
      connection.dispose();
      child.stdin!.destroy();
      child.stdout!.destroy();
      const status = await code;
      assert.notEqual(status, null, 'killed by a signal');
      assert.doesNotMatch(stderr, /Error|exception/i);
    });
  }
});
