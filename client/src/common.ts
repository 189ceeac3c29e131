import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { registerUnitCommands } from './unitCommands';

export const SERVER_ID = 'systemdUnits';
export const SERVER_NAME = 'systemd Units';
export const LANGUAGE_ID = 'systemd-unit';

/** The same documents and settings for the desktop and the web client. */
export function clientOptions(outputChannel: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    documentSelector: [{ language: LANGUAGE_ID }],
    outputChannel,
  };
}

export function registerCommands(
  context: vscode.ExtensionContext,
  currentClient: () => BaseLanguageClient | undefined,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('systemdUnits.restartServer', async () => {
      const client = currentClient();
      if (!client) return;
      client.outputChannel.info('Restarting the language server.');
      // The browser client has no restart(); stopping and starting works for both.
      if (client.isRunning()) await client.stop();
      await client.start();
    }),
  );
  registerUnitCommands(context, currentClient);
}
