import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  FoldingRange,
  Hover,
  Position,
  Range,
} from 'vscode-languageserver-types';
import { fixAll, getCodeActions } from './features/codeActions';
import { doComplete, doResolve } from './features/completion';
import { refuseToAnalyse, validate } from './features/diagnostics';
import { getFoldingRanges } from './features/folding';
import { doHover } from './features/hover';
import { localPath, previewInstance } from './features/templates';
import { isValidInstance } from './values/specifiers';
import { getSecurityLenses } from './features/securityLens';
import { assessDocument, securityReportMarkdown } from './features/securityReport';
import type { SecurityReport } from './security';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { parseUnitFile, type UnitFileNode } from './syntax';
import { unitFileKindOf, type UnitFileKind } from './unitFileKind';

/**
 * What the service may ask of its surroundings; everything is optional, so the browser build and tests pass a
 * host with less (or nothing).
 */
export interface LanguageServiceHost {
  /** Names of units the host can see (workspace folders, installed unit directories), for completion. */
  unitNames?(): readonly string[];
}

export interface LanguageService {
  /** The parsed file, cached per URI and version. */
  parse(document: TextDocument): UnitFileNode;
  /** What the file is, judged from its name. */
  kindOf(document: TextDocument): UnitFileKind;
  doValidation(document: TextDocument, settings?: Settings): Diagnostic[];
  getFoldingRanges(document: TextDocument): FoldingRange[];
  doHover(document: TextDocument, position: Position, settings?: Settings): Hover | null;
  doComplete(document: TextDocument, position: Position, settings?: Settings): CompletionList;
  /** Adds the docs of a completion item that `doComplete` left out to keep the list small. */
  doResolve(item: CompletionItem, settings?: Settings): CompletionItem;
  /** Quick fixes for the range; `only` restricts the action kinds (as the client's CodeActionContext.only). */
  getCodeActions(document: TextDocument, range: Range, only?: readonly string[], settings?: Settings): CodeAction[];
  /** Lenses over the file: the exposure score above [Service] of a service. */
  getCodeLenses(document: TextDocument): CodeLens[];
  /** The hardening assessment of a service file (systemd-analyze security, offline); undefined for other files. */
  assessSecurity(document: TextDocument): SecurityReport | undefined;
  /** The assessment as a Markdown page, with the setting that closes each open check; undefined for other files. */
  getSecurityReport(document: TextDocument): string | undefined;
  /** The text with every preferred fix applied, and how many were applied; for `systemd-units lint --fix`. */
  fixAll(document: TextDocument, settings?: Settings): { text: string; fixed: number };
  /**
   * The unit with its specifiers expanded, a template as the instance `instance` (settings.templates.previewInstance
   * when not given); an error message for an instance name systemd would not accept.
   */
  previewInstance(
    document: TextDocument,
    instance?: string,
    settings?: Settings,
  ): { text: string; name: string | undefined } | { error: string };
  /** Drops what is cached for a document that was closed. */
  forget(uri: string): void;
}

interface CachedTree {
  readonly version: number;
  readonly text: string;
  readonly file: UnitFileNode;
  /** Set when the file is too large or binary to analyse: the answer for every validation. */
  readonly refusal: Diagnostic | undefined;
}

/** The one entry point to the language service; the LSP server and the CLI both use it. */
export function getLanguageService(host: LanguageServiceHost = {}): LanguageService {
  const trees = new Map<string, CachedTree>();
  const kinds = new Map<string, UnitFileKind>();

  const tree = (document: TextDocument): CachedTree => {
    const cached = trees.get(document.uri);
    const text = document.getText();
    // The text is compared too: a document closed and reopened, or made by a caller, can repeat a version number.
    if (cached && cached.version === document.version && cached.text === text) return cached;
    // A file too large or binary to analyse is represented by an empty tree, so features answer at once.
    const refusal = refuseToAnalyse(text);
    const fresh = { version: document.version, text, file: parseUnitFile(refusal ? '' : text), refusal };
    trees.set(document.uri, fresh);
    return fresh;
  };
  const parse = (document: TextDocument): UnitFileNode => tree(document).file;
  const kindOf = (document: TextDocument): UnitFileKind => {
    let kind = kinds.get(document.uri);
    if (!kind) kinds.set(document.uri, (kind = unitFileKindOf(document.uri)));
    return kind;
  };

  return {
    parse,
    kindOf,
    doValidation(document, settings = DEFAULT_SETTINGS) {
      if (!settings.diagnostics.enable) return [];
      const { file, refusal } = tree(document);
      if (refusal) return [refusal];
      return validate(document, file, kindOf(document), settings);
    },
    getFoldingRanges: (document) => getFoldingRanges(document, parse(document)),
    doHover: (document, position, settings = DEFAULT_SETTINGS) =>
      doHover(document, parse(document), kindOf(document), settings, position),
    doComplete: (document, position, settings = DEFAULT_SETTINGS) =>
      doComplete(document, parse(document), kindOf(document), settings, position, host.unitNames?.() ?? []),
    doResolve: (item, settings = DEFAULT_SETTINGS) => doResolve(item, settings),
    getCodeActions: (document, range, only, settings = DEFAULT_SETTINGS) =>
      tree(document).refusal
        ? []
        : getCodeActions(document, parse(document), kindOf(document), settings, range, only, host.unitNames?.() ?? []),
    getCodeLenses: (document) =>
      tree(document).refusal ? [] : getSecurityLenses(document, parse(document), kindOf(document)),
    assessSecurity: (document) =>
      tree(document).refusal ? undefined : assessDocument(parse(document), kindOf(document)),
    getSecurityReport(document) {
      if (tree(document).refusal) return undefined;
      const report = assessDocument(parse(document), kindOf(document));
      return report ? securityReportMarkdown(report) : undefined;
    },
    fixAll(document, settings = DEFAULT_SETTINGS) {
      const text = document.getText();
      if (refuseToAnalyse(text)) return { text, fixed: 0 };
      return fixAll(text, parseUnitFile, kindOf(document), settings);
    },
    previewInstance(document, instance, settings = DEFAULT_SETTINGS) {
      const name = instance ?? settings.templates.previewInstance;
      if (!isValidInstance(name)) {
        return { error: `'${name}' cannot be an instance name: use letters, digits and : _ . \\ @ - only.` };
      }
      return previewInstance(parse(document), kindOf(document), name, localPath(document.uri));
    },
    forget(uri) {
      trees.delete(uri);
      kinds.delete(uri);
    },
  };
}
