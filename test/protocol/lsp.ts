import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from '../helpers';

export interface ServerUnderTest {
  readonly child: ChildProcess;
  /** Not listening yet: register handlers, then call listen(). */
  readonly connection: ProtocolConnection;
}

/** Starts the real server as a separate process and connects to it over stdio, as an editor would. */
export function startServer(
  args: readonly string[] = [path.join('dist', 'server', 'node.js'), '--stdio'],
  stderr: 'inherit' | 'pipe' = 'inherit',
): ServerUnderTest {
  const child = spawn(process.execPath, [...args], { cwd: ROOT, stdio: ['pipe', 'pipe', stderr] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  return { child, connection };
}
