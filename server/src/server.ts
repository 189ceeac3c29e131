import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
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
import type { FormatOptions } from './service/features/formatting';
import { getLanguageService, type LanguageServiceHost } from './service/languageService';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from './service/settings';

export const SERVER_NAME = 'systemd-units';
/** Set by the bundler from package.json; tests run the unbundled code. */
export const SERVER_VERSION = process.env.SYSTEMD_UNITS_VERSION ?? '0.0.0-dev';
const SETTINGS_SECTION = 'systemdUnits';

/**
 * Wires the language service to an LSP connection: documents, settings, debounced validation. Shared by the node
 * (IPC or stdio) and browser (web worker) entries, which only create the connection.
 */
export interface ServerOptions {
  /** Gives the service access to its surroundings, once the workspace folders are known. */
  readonly host?: (workspaceFolders: readonly string[]) => LanguageServiceHost;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  let service = getLanguageService();
  const documents = new TextDocuments(TextDocument);
  const settingsByUri = new Map<string, Thenable<Settings>>();
  const pendingValidation = new Map<string, ReturnType<typeof setTimeout>>();
  const validatedOnce = new Set<string>();
  let canPullSettings = false;
  let globalSettings: Settings = DEFAULT_SETTINGS;

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
      diagnostics = service.doValidation(current, settings);
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

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullSettings = params.capabilities.workspace?.configuration === true;
    if (options.host) {
      const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
      service = getLanguageService(options.host(folders));
    }
    const initializationOptions: unknown = params.initializationOptions;
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
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
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
  });

  connection.onDidChangeConfiguration((change) => {
    settingsByUri.clear();
    const pushed: unknown = change.settings;
    if (!canPullSettings && pushed && typeof pushed === 'object' && SETTINGS_SECTION in pushed) {
      globalSettings = sanitizeSettings((pushed as Record<string, unknown>)[SETTINGS_SECTION]);
    }
    for (const document of documents.all()) scheduleValidation(document.uri, true);
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
    return service.doComplete(document, params.position, settings);
  });

  // The docs of a directive item; they do not depend on the file, so the global settings do.
  connection.onCompletionResolve((item) => service.doResolve(item, globalSettings));

  connection.onCodeAction(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const settings = await settingsFor(document.uri);
    return service.getCodeActions(document, params.range, params.context.only, settings);
  });

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
