import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeParams,
  type InitializeResult,
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

/** Sends initialize (minimal parameters, with `params` over them) and then initialized; returns the server's answer. */
export async function initialize(
  connection: ProtocolConnection,
  params: Partial<InitializeParams> = {},
): Promise<InitializeResult> {
  const result = await connection.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities: {},
    ...params,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return result;
}

/** The process's exit code once it has ended (null when a signal ended it). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Ends the session as an editor does, shutdown then exit; resolves with the server's exit code. */
export async function shutdownAndExit({ child, connection }: ServerUnderTest): Promise<number | null> {
  await connection.sendRequest(ShutdownRequest.type);
  const code = exited(child);
  await connection.sendNotification(ExitNotification.type);
  return code;
}

type Session = (server: ServerUnderTest, initialized: InitializeResult) => Promise<void>;

/**
 * Runs `session` against a fresh server, initialized (with `params` as for initialize()), ends it with shutdown and
 * exit, and always closes the connection and the process, whatever the session threw.
 */
export function withServer(session: Session): Promise<void>;
export function withServer(params: Partial<InitializeParams>, session: Session): Promise<void>;
export async function withServer(...args: [Session] | [Partial<InitializeParams>, Session]): Promise<void> {
  const [params, session] = args.length === 1 ? [{}, args[0]] : args;
  const server = startServer();
  server.connection.listen();
  try {
    await session(server, await initialize(server.connection, params));
    await shutdownAndExit(server);
  } finally {
    server.connection.dispose();
    server.child.kill();
  }
}
