import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';

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

/** The scheme of the read-only hardening reports; their path ends in `.md`, so they open as Markdown. */
export const REPORT_SCHEME = 'systemd-units-report';

/** Serves the reports the server wrote, by URI; the same in the desktop and the web client (no file system). */
class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, markdown: string): void {
    this.reports.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Asks the server for the hardening report of a service and shows it as a Markdown preview (or as Markdown text). */
async function showSecurityReport(
  client: BaseLanguageClient | undefined,
  reports: ReportDocuments,
  target: unknown,
): Promise<void> {
  const uri =
    typeof target === 'string'
      ? target
      : ((target as vscode.Uri | undefined)?.toString() ?? vscode.window.activeTextEditor?.document.uri.toString());
  if (!uri) {
    void vscode.window.showInformationMessage('Open a .service file to see its hardening report.');
    return;
  }
  if (!client) return;
  const result = await client.sendRequest<{ markdown: string } | null>('systemdUnits/securityReport', { uri });
  if (!result) {
    void vscode.window.showInformationMessage('The hardening report is for .service files that are open.');
    return;
  }
  const name = decodeURIComponent(uri.replace(/[?#].*$/, '').replace(/^.*\//, '')) || 'unit.service';
  const reportUri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}.md`, query: encodeURIComponent(uri) });
  reports.set(reportUri, result.markdown);
  const document = await vscode.workspace.openTextDocument(reportUri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', reportUri);
  } catch {
    // No Markdown preview (the built-in extension disabled): the Markdown text itself, read-only.
    await vscode.window.showTextDocument(document, { preview: true });
  }
}

export function registerCommands(
  context: vscode.ExtensionContext,
  currentClient: () => BaseLanguageClient | undefined,
): void {
  const reports = new ReportDocuments();
  context.subscriptions.push(
    reports,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.commands.registerCommand('systemdUnits.showSecurityReport', (target?: unknown) =>
      showSecurityReport(currentClient(), reports, target),
    ),
    vscode.commands.registerCommand('systemdUnits.restartServer', async () => {
      const client = currentClient();
      if (!client) return;
      client.outputChannel.info('Restarting the language server.');
      // The browser client has no restart(); stopping and starting works for both.
      if (client.isRunning()) await client.stop();
      await client.start();
    }),
  );
}
