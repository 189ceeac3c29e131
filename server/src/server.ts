import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type Connection,
  type FileSystemWatcher,
  type CancellationToken,
  type Diagnostic,
  type FormattingOptions,
  type Range,
  type TextEdit,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND } from './service/features/codeActions';
import { HARDEN_KIND } from './service/features/harden';
import type { FormatOptions } from './service/features/formatting';
import { getLanguageService, type LanguageServiceHost } from './service/languageService';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from './service/settings';
import { SERVER_VERSION } from './version';

/** The custom request behind the client's "Preview as Instance" command. */
export const PREVIEW_INSTANCE_REQUEST = 'systemdUnits/previewInstance';
import { compactCompletionList, completionCompaction } from './completionList';
import { linkRuleDocs, readRuleDocs, type RuleDocs } from './ruleDocs';
import { UNIT_TYPES } from './service/catalog/unitTypes';
import type { IndexRoot } from './service/workspace/fileSystem';
import { uriKey } from './service/workspace/uris';

export const SERVER_NAME = 'systemd-units';
/** Set by the bundler from package.json; tests run the unbundled code. */
const SETTINGS_SECTION = 'systemdUnits';

/** Custom request: the hardening report of an open service as Markdown, or null for any other document. */
export const SECURITY_REPORT_REQUEST = 'systemdUnits/securityReport';
export interface SecurityReportParams {
  readonly uri: string;
}
export interface SecurityReportResult {
  readonly markdown: string;
}

/**
 * Wires the language service to an LSP connection: documents, settings, debounced validation. Shared by the node
 * (IPC or stdio) and browser (web worker) entries, which only create the connection.
 */
export interface ServerOptions {
  /** Gives the service access to its surroundings, once the workspace folders are known. */
  readonly host?: (workspaceFolders: readonly string[]) => LanguageServiceHost;
  /**
   * The unit directories of `systemdUnits.unitSearchPaths` that exist, as index roots; absent where the machine
   * cannot be read (the browser), so the index holds the workspace folders alone.
   */
  readonly unitSearchRoots?: (directories: readonly string[]) => Promise<IndexRoot[]>;
}

/** The requests and notifications of systemd Units beyond LSP, shared with the client. */
export const EFFECTIVE_UNIT_REQUEST = 'systemdUnits/effectiveUnit';
export const DEPENDENCIES_REQUEST = 'systemdUnits/dependencies';
export const UNITS_REQUEST = 'systemdUnits/units';
export const INDEX_CHANGED_NOTIFICATION = 'systemdUnits/indexChanged';

const UNIT_GLOB = `**/*.{${UNIT_TYPES.join(',')}}`;

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  let service = getLanguageService();
  const documents = new TextDocuments(TextDocument);
  const settingsByUri = new Map<string, Thenable<Settings>>();
  const pendingValidation = new Map<string, ReturnType<typeof setTimeout>>();
  const validatedOnce = new Set<string>();
  let canPullSettings = false;
  let compaction = completionCompaction({});
  let ruleDocs: RuleDocs | undefined;
  let globalSettings: Settings = DEFAULT_SETTINGS;
  let workspaceFolders: string[] = [];
  let canWatchFiles = false;
  let canWatchOutsideWorkspace = false;
  let canReportProgress = false;
  let canAnnotateEdits = false;
  let linkSupport = false;
  let folderEvents = false;
  let indexGeneration = 0;
  let searchPathsIndexed: string | undefined;
  let watcherRegistration: { dispose(): void } | undefined;

  const settingsFor = (uri: string): Thenable<Settings> => {
    if (!canPullSettings) return Promise.resolve(globalSettings);
    let settings = settingsByUri.get(uri);
    if (!settings) {
      settings = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw) => sanitizeSettings(raw),
        () => globalSettings,
      );
      settingsByUri.set(uri, settings);
    }
    return settings;
  };

  const validateNow = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const settings = await settingsFor(uri);
    // A newer edit (or a close) arrived while the settings were fetched: that one will be validated instead.
    const current = documents.get(uri);
    if (!current || current.version !== version) return;
    validatedOnce.add(uri);
    let diagnostics: Diagnostic[];
    try {
      diagnostics = linkRuleDocs(service.doValidation(current, settings), ruleDocs);
    } catch (error) {
      tellClient(
        `Validation of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return;
    }
    await sendQuietly(() => connection.sendDiagnostics({ uri, version, diagnostics }));
  };

  /**
   * Sends a notification to a client that may be gone: on a closed connection sending throws, and with nobody left
   * to tell, the failure is dropped rather than ending the server with an unhandled rejection.
   */
  const sendQuietly = async (send: () => Promise<void>): Promise<void> => {
    try {
      await send();
    } catch {
      // the client is gone
    }
  };
  const tellClient = (message: string): void => void sendQuietly(async () => connection.console.error(message));

  const scheduleValidation = (uri: string, immediately = false): void => {
    const waiting = pendingValidation.get(uri);
    if (waiting !== undefined) clearTimeout(waiting);
    void settingsFor(uri).then((settings) => {
      const delay = immediately ? 0 : settings.diagnostics.delay;
      const previous = pendingValidation.get(uri);
      if (previous !== undefined) clearTimeout(previous);
      pendingValidation.set(
        uri,
        setTimeout(() => {
          pendingValidation.delete(uri);
          void validateNow(uri);
        }, delay),
      );
    });
  };

  /** The setting that decides the index roots, read for the window (not per file). */
  const searchPathsSetting = async (): Promise<readonly string[]> => {
    if (!canPullSettings) return globalSettings.unitSearchPaths;
    try {
      return sanitizeSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION)).unitSearchPaths;
    } catch {
      return globalSettings.unitSearchPaths;
    }
  };

  /** Re-checks the open documents: the index they are checked against changed. */
  const revalidateAll = (): void => {
    for (const document of documents.all()) scheduleValidation(document.uri, true);
    void connection.sendNotification(INDEX_CHANGED_NOTIFICATION, { ready: service.index.ready }).catch(() => undefined);
  };

  /** Asks the editor to report changes to unit files, in the workspace and in the machine's unit directories. */
  const watchFiles = async (roots: readonly IndexRoot[]): Promise<void> => {
    if (!canWatchFiles) return;
    const watchers: FileSystemWatcher[] = [
      { globPattern: UNIT_GLOB },
      { globPattern: '**/*.d/*.conf' },
      { globPattern: '**/*.{wants,requires,upholds}/*' },
      // A folder moved in or deleted is reported once, by its own name.
      { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
    ];
    if (canWatchOutsideWorkspace) {
      for (const root of roots) {
        if (root.origin === 'system') watchers.push({ globPattern: { baseUri: root.uri, pattern: '{*,*/*}' } });
      }
    }
    watcherRegistration?.dispose();
    watcherRegistration = await connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers })
      .catch(() => undefined);
  };

  /**
   * Builds the index in the background: the first diagnostics of an open file do not wait for it (rules that need
   * the index stay silent until it is ready), and the open files are checked again once it is.
   */
  const indexWorkspace = async (): Promise<void> => {
    const generation = ++indexGeneration;
    const searchPaths = await searchPathsSetting();
    searchPathsIndexed = JSON.stringify(searchPaths);
    const system = options.unitSearchRoots ? await options.unitSearchRoots(searchPaths) : [];
    const roots: IndexRoot[] = [...workspaceFolders.map((uri) => ({ uri, origin: 'workspace' as const })), ...system];
    void watchFiles(roots);
    const progress = canReportProgress
      ? await connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
    progress?.begin('systemd Units: indexing unit files', 0, undefined, true);
    let reportedAt = 0;
    try {
      const outcome = await service.indexWorkspace(roots, {
        isCancelled: () => generation !== indexGeneration || progress?.token.isCancellationRequested === true,
        progress: (message, done, total) => {
          const now = Date.now();
          if (!progress || now - reportedAt < 100) return;
          reportedAt = now;
          if (total) progress.report(Math.floor((done / total) * 100), message);
          else progress.report(message);
        },
      });
      progress?.done();
      if (outcome && !outcome.cancelled) {
        connection.console.info(
          `Indexed ${outcome.files} unit files and ${outcome.links} links${outcome.truncated ? ' (a limit was reached: the index is partial)' : ''}.`,
        );
        revalidateAll();
      }
    } catch (error) {
      progress?.done();
      connection.console.error(
        `Indexing failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  };

  /** A stand-in document for a file that is not open, when only its name matters. */
  const nameOnly = (uri: string) => TextDocument.create(uri, 'systemd-unit', 0, '');

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullSettings = params.capabilities.workspace?.configuration === true;
    compaction = completionCompaction(params.capabilities);
    const watched = params.capabilities.workspace?.didChangeWatchedFiles;
    canWatchFiles = watched?.dynamicRegistration === true;
    canWatchOutsideWorkspace = watched?.relativePatternSupport === true;
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
    canAnnotateEdits = params.capabilities.workspace?.workspaceEdit?.changeAnnotationSupport !== undefined;
    linkSupport = params.capabilities.textDocument?.definition?.linkSupport === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    workspaceFolders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    if (options.host) service = getLanguageService(options.host(workspaceFolders));
    const initializationOptions: unknown = params.initializationOptions;
    ruleDocs = readRuleDocs((initializationOptions as { ruleDocs?: unknown } | null | undefined)?.ruleDocs);
    if (
      initializationOptions &&
      typeof initializationOptions === 'object' &&
      SETTINGS_SECTION in initializationOptions
    ) {
      globalSettings = sanitizeSettings((initializationOptions as Record<string, unknown>)[SETTINGS_SECTION]);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full },
        foldingRangeProvider: true,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', '%', '[', ' '], resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, HARDEN_KIND] },
        codeLensProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        selectionRangeProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canPullSettings) {
      void connection.client
        .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
        .catch(() => undefined);
    }
    if (options.host && folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((change) => {
        const removed = new Set(change.removed.map((folder) => uriKey(folder.uri)));
        workspaceFolders = [
          ...workspaceFolders.filter((uri) => !removed.has(uriKey(uri))),
          ...change.added.map((folder) => folder.uri),
        ];
        void indexWorkspace();
      });
    }
    void indexWorkspace();
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    const converted = changes.map((change) => ({
      uri: change.uri,
      type:
        change.type === FileChangeType.Created
          ? ('created' as const)
          : change.type === FileChangeType.Deleted
            ? ('deleted' as const)
            : ('changed' as const),
    }));
    try {
      if (await service.updateIndex(converted)) revalidateAll();
    } catch (error) {
      connection.console.error(`Updating the index failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settingsByUri.clear();
    const pushed: unknown = change.settings;
    if (!canPullSettings && pushed && typeof pushed === 'object' && SETTINGS_SECTION in pushed) {
      globalSettings = sanitizeSettings((pushed as Record<string, unknown>)[SETTINGS_SECTION]);
    }
    for (const document of documents.all()) scheduleValidation(document.uri, true);
    // Other unit directories: index again.
    void searchPathsSetting().then((paths) => {
      if (searchPathsIndexed !== undefined && JSON.stringify(paths) !== searchPathsIndexed) void indexWorkspace();
    });
  });

  // Also fired on open: a file just opened is checked at once, later edits after the delay.
  documents.onDidChangeContent(({ document }) => scheduleValidation(document.uri, !validatedOnce.has(document.uri)));
  documents.onDidClose(({ document }) => {
    const waiting = pendingValidation.get(document.uri);
    if (waiting !== undefined) clearTimeout(waiting);
    pendingValidation.delete(document.uri);
    settingsByUri.delete(document.uri);
    validatedOnce.delete(document.uri);
    service.forget(document.uri);
    void sendQuietly(() => connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }));
  });

  connection.onFoldingRanges((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    return service.getFoldingRanges(document);
  });

  connection.onHover(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const settings = await settingsFor(document.uri);
    return service.doHover(document, params.position, settings);
  });

  connection.onCompletion(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const settings = await settingsFor(document.uri);
    if (token.isCancellationRequested) return null;
    return compactCompletionList(service.doComplete(document, params.position, settings), compaction);
  });

  // The docs of a directive item; they do not depend on the file, so the global settings do.
  connection.onCompletionResolve((item) => service.doResolve(item, globalSettings));

  connection.onCodeAction(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const settings = await settingsFor(document.uri);
    return service.getCodeActions(document, params.range, params.context.only, settings);
  });

  // systemdUnits/previewInstance { uri, instance? } -> { text, name } | { error }: the unit with specifiers expanded.
  connection.onRequest(PREVIEW_INSTANCE_REQUEST, async (params: { uri?: unknown; instance?: unknown }) => {
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    if (!document) return { error: 'The unit is not open.' };
    const settings = await settingsFor(document.uri);
    const instance = typeof params.instance === 'string' ? params.instance : undefined;
    return service.previewInstance(document, instance, settings);
  });

  connection.onCodeLens((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    return service.getCodeLenses(document);
  });

  connection.onRequest(SECURITY_REPORT_REQUEST, (params: SecurityReportParams): SecurityReportResult | null => {
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    if (!document) return null;
    const markdown = service.getSecurityReport(document);
    return markdown === undefined ? null : { markdown };
  });

  connection.onDefinition((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const links = service.findDefinition(document, params.position);
    return linkSupport ? links : links.map((link) => ({ uri: link.targetUri, range: link.targetSelectionRange }));
  });

  connection.onReferences((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    return service.findReferences(document, params.position, params.context.includeDeclaration);
  });

  connection.onPrepareRename((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const answer = service.prepareRename(document, params.position);
    if (answer && 'error' in answer) throw new ResponseError(-32803, answer.error);
    return answer;
  });

  connection.onRenameRequest((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const answer = service.doRename(document, params.position, params.newName, { confirm: canAnnotateEdits });
    if (answer && 'error' in answer) throw new ResponseError(-32803, answer.error);
    return answer;
  });

  connection.onDocumentLinks((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.findDocumentLinks(document) : null;
  });

  connection.onDocumentSymbol((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.findDocumentSymbols(document) : null;
  });

  connection.onWorkspaceSymbol((params) => service.findWorkspaceSymbols(params.query));

  connection.onSelectionRanges((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.getSelectionRanges(document, params.positions) : null;
  });

  connection.onRequest(EFFECTIVE_UNIT_REQUEST, (params: { uri: string }) => {
    if (!params || typeof params.uri !== 'string') throw new ResponseError(-32602, 'Expected { uri }.');
    return service.getEffectiveUnit(params.uri, documents.all());
  });

  connection.onRequest(
    DEPENDENCIES_REQUEST,
    (params: { unit?: string; uri?: string; reverse?: boolean; ancestors?: string[] }) => {
      let unit = params?.unit;
      if (!unit && params?.uri) {
        const document = documents.get(params.uri);
        const kind = service.kindOf(document ?? nameOnly(params.uri));
        unit = kind.unitName;
      }
      if (!unit) return null;
      return service.getDependencies(unit, params.reverse === true, params.ancestors ?? []);
    },
  );

  connection.onRequest(UNITS_REQUEST, () => ({ ready: service.index.ready, units: service.listUnits() }));

  // The final line ending is always ensured: editors send insertFinalNewline=false unless their user turned it on.
  const formatDocument = async (
    uri: string,
    options: FormattingOptions,
    token: CancellationToken,
    range?: Range,
  ): Promise<TextEdit[] | null> => {
    const document = documents.get(uri);
    if (!document || token.isCancellationRequested) return null;
    const version = document.version;
    const settings = await settingsFor(uri);
    // Edits for an older version would land in the wrong places.
    if (token.isCancellationRequested || documents.get(uri)?.version !== version) return null;
    const formatOptions: FormatOptions = {
      blankLineBetweenSections: settings.format.blankLineBetweenSections,
      trimFinalNewlines: options.trimFinalNewlines === true,
    };
    return service.format(document, formatOptions, range);
  };
  connection.onDocumentFormatting((params, token) => formatDocument(params.textDocument.uri, params.options, token));
  connection.onDocumentRangeFormatting((params, token) =>
    formatDocument(params.textDocument.uri, params.options, token, params.range),
  );

  documents.listen(connection);
  connection.listen();
}
