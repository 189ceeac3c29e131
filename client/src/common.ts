import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';

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

export function registerCommands(
  context: vscode.ExtensionContext,
  currentClient: () => BaseLanguageClient | undefined,
): void {
  const previews = new PreviewDocuments();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand('systemdUnits.previewInstance', (instance?: unknown) =>
      previewInstance(currentClient(), previews, typeof instance === 'string' ? instance : undefined),
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

const PREVIEW_SCHEME = 'systemd-unit-preview';

/** Read-only documents holding the text the server answered, keyed by URI. */
class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  show(uri: vscode.Uri, text: string): Thenable<vscode.TextEditor> {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return vscode.workspace
      .openTextDocument(uri)
      .then((document) => vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID))
      .then((document) => vscode.window.showTextDocument(document, { preview: true }));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

/**
 * "Preview as Instance…": asks for an instance name when the unit is a template (unless one is passed, as a
 * keybinding or a test may), then shows the expanded unit.
 */
async function previewInstance(
  client: BaseLanguageClient | undefined,
  previews: PreviewDocuments,
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
  await previews.show(vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}` }), answer.text);
}
