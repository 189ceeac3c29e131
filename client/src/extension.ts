import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerUnitCommands } from './commands';
import { clientOptions, registerCommands, SERVER_ID, SERVER_NAME, type ExtensionApi } from './common';

let client: LanguageClient | undefined;

/** Desktop entry: runs the bundled node server over IPC. */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server', 'node.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = vscode.window.createOutputChannel(SERVER_NAME, { log: true });
  context.subscriptions.push(outputChannel);
  const options: LanguageClientOptions = await clientOptions(context, outputChannel);
  client = new LanguageClient(SERVER_ID, SERVER_NAME, serverOptions, options);
  const api = registerCommands(context, () => client);
  registerUnitCommands(context, outputChannel);
  await client.start();
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
