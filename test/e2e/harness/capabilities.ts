import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Asks an installed extension's own server for its capabilities: starts `<extension>/dist/server/node.js --stdio`,
 * sends `initialize`, and returns the result's capabilities. Used to skip the completion checks while the installed
 * server does not advertise completion yet.
 */
export function serverCapabilities(extensionPath: string): Promise<Record<string, unknown>> {
  const serverPath = join(extensionPath, 'dist', 'server', 'node.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverPath, '--stdio'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${serverPath} did not answer initialize within 15 s`));
    }, 15_000);
    let buffer = Buffer.alloc(0);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.id === 1) {
          clearTimeout(timer);
          child.kill();
          resolve(message.result?.capabilities ?? {});
          return;
        }
      }
    });
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { processId: process.pid, rootUri: null, capabilities: {} },
    });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}
