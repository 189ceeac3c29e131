import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as vm from 'node:vm';
import { ROOT } from '../helpers';

interface Message {
  id?: number;
  method?: string;
  params?: { uri?: string; diagnostics?: { code: string }[] };
  result?: { serverInfo?: { name: string } };
}

/**
 * The web-worker bundle, run in a bare context that has only what a worker has (no `require`, no `process`), with a
 * fake `self` standing in for the worker's message port.
 */
test('the browser server bundle answers initialize and publishes diagnostics inside a worker-like context', async () => {
  const code = readFileSync(path.join(ROOT, 'dist', 'server', 'browser.js'), 'utf8');
  const received: Message[] = [];
  let waiter: (() => void) | undefined;
  const self = {
    onmessage: undefined as undefined | ((event: { data: unknown }) => void),
    addEventListener: () => undefined,
    postMessage(message: Message) {
      received.push(message);
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
  assert.equal(typeof self.onmessage, 'function', 'the server did not start listening');

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

  send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const initialized = await waitFor((m) => m.id === 1);
  assert.equal(initialized.result?.serverInfo?.name, 'systemd-units');
  send({ method: 'initialized', params: {} });
  send({
    method: 'textDocument/didOpen',
    params: { textDocument: { uri: 'file:///a.timer', languageId: 'systemd-unit', version: 1, text: '[Service]\n' } },
  });
  const published = await waitFor((m) => m.method === 'textDocument/publishDiagnostics');
  // Arrays made inside the context belong to another realm: copy before comparing.
  assert.deepEqual(
    Array.from(published.params?.diagnostics ?? [], (d) => d.code),
    ['unknown-section', 'timer-without-trigger'],
  );
  send({ id: 2, method: 'shutdown' });
  await waitFor((m) => m.id === 2);
});
