import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { clientOptions, registerCommands, SERVER_ID, SERVER_NAME, type ExtensionApi } from './common';

let client: LanguageClient | undefined;

/** Web entry: runs the bundled browser server in a web worker. */
export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server', 'browser.js');
  const worker = new Worker(serverMain.toString(true));
  const outputChannel = vscode.window.createOutputChannel(SERVER_NAME, { log: true });
  context.subscriptions.push(outputChannel);
  client = new LanguageClient(SERVER_ID, SERVER_NAME, worker, await clientOptions(context, outputChannel));
  const api = registerCommands(context, () => client);
  await client.start();
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
