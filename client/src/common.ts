import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { registerUnitCommands } from './unitCommands';
import type { UnitsTree } from './unitsView';

export const SERVER_ID = 'systemdUnits';
export const SERVER_NAME = 'systemd Units';
export const LANGUAGE_ID = 'systemd-unit';

/** The same documents and settings for the desktop and the web client. */
export async function clientOptions(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
): Promise<LanguageClientOptions> {
  return {
    documentSelector: [{ language: LANGUAGE_ID }],
    outputChannel,
    initializationOptions: { ruleDocs: await ruleDocs(context.extensionUri) },
  };
}

/**
 * The shipped docs/rules.md and the line of each code's heading: the server links every diagnostic's code there.
 * Read through vscode.workspace.fs, so it works in the web extension host too.
 */
async function ruleDocs(extensionUri: vscode.Uri): Promise<{ uri: string; lines: Record<string, number> } | undefined> {
  const uri = vscode.Uri.joinPath(extensionUri, 'docs', 'rules.md');
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const lines: Record<string, number> = {};
    text.split(/\r?\n/).forEach((line, index) => {
      const code = /^### ([a-z0-9-]+)\s*$/.exec(line)?.[1];
      if (code) lines[code] = index + 1;
    });
    return { uri: uri.toString(), lines };
  } catch {
    return undefined; // without the file, diagnostics simply carry no link
  }
}

/** The scheme of the read-only hardening reports; their path ends in `.md`, so they open as Markdown. */
export const REPORT_SCHEME = 'systemd-units-report';

/**
 * Serves read-only text the server wrote (hardening reports, instance previews), by URI; the same in the desktop and
 * the web client (no file system).
 */
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

/** What activate() returns: handles for the end-to-end tests, nothing an extension should build on. */
export interface ExtensionApi {
  readonly unitsTree: UnitsTree;
}

export function registerCommands(
  context: vscode.ExtensionContext,
  currentClient: () => BaseLanguageClient | undefined,
): ExtensionApi {
  const previews = new ReportDocuments();
  const reports = new ReportDocuments();
  context.subscriptions.push(
    previews,
    reports,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.commands.registerCommand('systemdUnits.previewInstance', (instance?: unknown) =>
      previewInstance(currentClient(), previews, typeof instance === 'string' ? instance : undefined),
    ),
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
  return registerUnitCommands(context, currentClient);
}

const PREVIEW_SCHEME = 'systemd-unit-preview';

/**
 * "Preview as Instance…": asks for an instance name when the unit is a template (unless one is passed, as a
 * keybinding or a test may), then shows the expanded unit.
 */
async function previewInstance(
  client: BaseLanguageClient | undefined,
  previews: ReportDocuments,
  given: string | undefined,
): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== LANGUAGE_ID) {
    void vscode.window.showInformationMessage('Open a systemd unit file first.');
    return;
  }
  const document = editor.document;
  const fileName = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
  let instance = given;
  if (instance === undefined && /@\.[a-z]+$/.test(fileName)) {
    const configured = vscode.workspace
      .getConfiguration('systemdUnits', document.uri)
      .get<string>('templates.previewInstance', 'example');
    instance = await vscode.window.showInputBox({
      title: `Preview ${fileName} as an instance`,
      prompt: 'The instance name, as it appears between "@" and the type in the unit name',
      value: configured,
      validateInput: (text) =>
        /^[A-Za-z0-9:_.\\@-]+$/.test(text) ? undefined : 'Use letters, digits and : _ . \\ @ - only.',
    });
    if (instance === undefined) return;
  }
  const answer = await client.sendRequest<{ text: string; name?: string } | { error: string }>(
    'systemdUnits/previewInstance',
    { uri: document.uri.toString(), ...(instance !== undefined ? { instance } : {}) },
  );
  if ('error' in answer) {
    void vscode.window.showErrorMessage(answer.error);
    return;
  }
  const name = answer.name ?? fileName;
  const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}` });
  previews.set(uri, answer.text);
  const preview = await vscode.languages.setTextDocumentLanguage(
    await vscode.workspace.openTextDocument(uri),
    LANGUAGE_ID,
  );
  await vscode.window.showTextDocument(preview, { preview: true });
}
