import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { isUnitType } from './commands/unitNames';
import { registerUnitsView, type UnitsTree } from './unitsView';

/** The requests of the server beyond LSP (server/src/server.ts and server/src/browser/clientFileSystem.ts). */
const EFFECTIVE_UNIT_REQUEST = 'systemdUnits/effectiveUnit';
const READ_DIRECTORY_REQUEST = 'systemdUnits/readDirectory';
const READ_FILE_REQUEST = 'systemdUnits/readFile';
const INDEX_CHANGED_NOTIFICATION = 'systemdUnits/indexChanged';

/** Read-only documents showing a unit merged with its drop-ins: `systemd-unit-effective:/NAME?SOURCE-URI`. */
export const EFFECTIVE_SCHEME = 'systemd-unit-effective';

/** The section a unit type's drop-in usually changes. */
const OWN_SECTION: Readonly<Record<string, string>> = {
  service: 'Service',
  socket: 'Socket',
  timer: 'Timer',
  path: 'Path',
  mount: 'Mount',
  automount: 'Automount',
  swap: 'Swap',
  slice: 'Slice',
  scope: 'Scope',
};

/** The unit a file defines or extends: `web.service` for `web.service` and for `web.service.d/10-x.conf`. */
export function unitOfUri(uri: vscode.Uri): { unit: string; dropIn: boolean } | undefined {
  const parts = uri.path.split('/');
  const file = parts[parts.length - 1] ?? '';
  const directory = parts[parts.length - 2] ?? '';
  const typeOf = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  if (file.endsWith('.conf') && directory.endsWith('.d')) {
    const unit = directory.slice(0, -2);
    return isUnitType(typeOf(unit)) && unit.includes('.') ? { unit, dropIn: true } : undefined;
  }
  return isUnitType(typeOf(file)) && file.includes('.') ? { unit: file, dropIn: false } : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Answers the browser server's requests for files: a web worker has no file system, so the client reads the
 * workspace for it through `vscode.workspace.fs`. Symbolic links are reported without a target, so the server never
 * reads through one.
 */
function serveFiles(client: BaseLanguageClient): vscode.Disposable[] {
  return [
    client.onRequest(READ_DIRECTORY_REQUEST, async (params: { uri: string }) => {
      try {
        const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(params.uri));
        return entries.map(([name, type]) => ({
          name,
          type:
            type & vscode.FileType.SymbolicLink
              ? 'symlink'
              : type & vscode.FileType.Directory
                ? 'directory'
                : type & vscode.FileType.File
                  ? 'file'
                  : 'other',
        }));
      } catch {
        return null;
      }
    }),
    client.onRequest(READ_FILE_REQUEST, async (params: { uri: string; maxBytes: number }) => {
      try {
        const uri = vscode.Uri.parse(params.uri);
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > params.maxBytes || (stat.type & vscode.FileType.File) === 0) return null;
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        return null;
      }
    }),
  ];
}

/** The effective unit of a source file, as a read-only document that follows the index. */
class EffectiveUnitProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  readonly open = new Set<string>();

  constructor(private readonly currentClient: () => BaseLanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = uri.query;
    const client = this.currentClient();
    if (!client) return '# The systemd Units language server is not running.\n';
    this.open.add(uri.toString());
    try {
      const answer = await client.sendRequest<{ text: string } | null>(EFFECTIVE_UNIT_REQUEST, { uri: source });
      return (
        answer?.text ??
        `# ${uri.path.slice(1)}: no unit to merge here (a drop-in for many units, or a file the index does not hold).\n`
      );
    } catch (error) {
      return `# The effective unit could not be computed: ${describeError(error)}\n`;
    }
  }

  refresh(): void {
    for (const uri of this.open) this.changed.fire(vscode.Uri.parse(uri));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The URI of the effective-unit document for a source file. */
export function effectiveUnitUri(source: vscode.Uri, unit: string): vscode.Uri {
  return vscode.Uri.from({ scheme: EFFECTIVE_SCHEME, path: `/${unit}`, query: source.toString() });
}

/** The file a command is for: the one it was given (from the Explorer or the units view), else the active editor's. */
function activeUnit(argument: unknown): { uri: vscode.Uri; unit: string; dropIn: boolean } | undefined {
  const given =
    argument instanceof vscode.Uri
      ? argument
      : argument && typeof argument === 'object' && typeof (argument as { uri?: unknown }).uri === 'string'
        ? vscode.Uri.parse((argument as { uri: string }).uri)
        : undefined;
  const uri = given ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme === EFFECTIVE_SCHEME) return undefined;
  const unit = unitOfUri(uri);
  return unit ? { uri, ...unit } : undefined;
}

/** Where `systemctl edit` would put a drop-in: beside the unit, or under /etc for a unit of the distribution. */
function dropInDirectory(uri: vscode.Uri, unit: string, dropIn: boolean): vscode.Uri {
  const directory = vscode.Uri.joinPath(uri, dropIn ? '../..' : '..');
  if (uri.scheme === 'file' && /^\/(usr\/)?lib\/systemd\/(system|user)(\/|$)/.test(directory.path)) {
    const manager = directory.path.includes('/systemd/user') ? 'user' : 'system';
    return vscode.Uri.file(`/etc/systemd/${manager}/${unit}.d`);
  }
  return vscode.Uri.joinPath(directory, `${unit}.d`);
}

/** Creates `<unit>.d/NAME` (asking for NAME unless given, as a keybinding or a test may) and opens it. */
async function createDropIn(argument: unknown, given?: unknown): Promise<void> {
  const target = activeUnit(argument);
  if (!target) {
    void vscode.window.showWarningMessage('Open a unit file (or one of its drop-ins) to create a drop-in for it.');
    return;
  }
  const name =
    typeof given === 'string' && /^[^/\\.][^/\\]*\.conf$/.test(given)
      ? given
      : await vscode.window.showInputBox({
          title: `Create a drop-in for ${target.unit}`,
          value: 'override.conf',
          valueSelection: [0, 'override'.length],
          prompt: 'The file name; drop-ins apply in the lexical order of their names.',
          validateInput: (value) =>
            !value.endsWith('.conf')
              ? 'A drop-in file name ends in .conf; systemd ignores other files there.'
              : /[/\\]/.test(value) || value.startsWith('.')
                ? 'Only a file name, without a directory, and not a hidden file.'
                : undefined,
        });
  if (!name) return;
  const file = vscode.Uri.joinPath(dropInDirectory(target.uri, target.unit, target.dropIn), name);
  const exists = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const type = target.unit.slice(target.unit.lastIndexOf('.') + 1);
    const section = OWN_SECTION[type] ?? 'Unit';
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(file, { ignoreIfExists: true });
    edit.insert(file, new vscode.Position(0, 0), `[${section}]\n`);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Could not create ${file.fsPath || file.toString()}.`);
      return;
    }
  }
  const editor = await vscode.window.showTextDocument(file);
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
}

async function showEffectiveUnit(argument: unknown): Promise<void> {
  const target = activeUnit(argument);
  if (!target) {
    void vscode.window.showWarningMessage('Open a unit file or a drop-in to see the unit merged with its drop-ins.');
    return;
  }
  const document = await vscode.workspace.openTextDocument(effectiveUnitUri(target.uri, target.unit));
  await vscode.languages.setTextDocumentLanguage(document, 'systemd-unit');
  await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
}

/**
 * The commands about units as a project: "Show Effective Unit", "Create Drop-in…", the units view, and the file
 * requests of the browser server. Desktop and web alike: nothing here uses node.
 */
export function registerUnitCommands(
  context: vscode.ExtensionContext,
  currentClient: () => BaseLanguageClient | undefined,
): { unitsTree: UnitsTree } {
  const provider = new EffectiveUnitProvider(currentClient);
  const client = currentClient();
  let pending: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(EFFECTIVE_SCHEME, provider),
    vscode.workspace.onDidCloseTextDocument((document) => provider.open.delete(document.uri.toString())),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (provider.open.size === 0 || event.document.uri.scheme === EFFECTIVE_SCHEME) return;
      if (!unitOfUri(event.document.uri)) return;
      // After the server has the new text, and not on every keystroke.
      clearTimeout(pending);
      pending = setTimeout(() => provider.refresh(), 300);
    }),
    { dispose: () => clearTimeout(pending) },
    vscode.commands.registerCommand('systemdUnits.showEffectiveUnit', showEffectiveUnit),
    vscode.commands.registerCommand('systemdUnits.createDropIn', createDropIn),
  );
  const view = registerUnitsView(context, currentClient);
  if (client) {
    context.subscriptions.push(
      ...serveFiles(client),
      client.onNotification(INDEX_CHANGED_NOTIFICATION, () => {
        provider.refresh();
        view.refresh();
      }),
    );
  }
  return { unitsTree: view.tree };
}
