import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  FoldingRange,
  Hover,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import { fixAll, getCodeActions } from './features/codeActions';
import { doComplete, doResolve } from './features/completion';
import { refuseToAnalyse, validate } from './features/diagnostics';
import { getFoldingRanges } from './features/folding';
import { format, type FormatOptions } from './features/formatting';
import { doHover } from './features/hover';
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
  /** The text with every preferred fix applied, and how many were applied; for `systemd-units lint --fix`. */
  fixAll(document: TextDocument, settings?: Settings): { text: string; fixed: number };
  /**
   * Edits that format the document (or the lines of `range`) without changing what it means to systemd; none for a
   * file it cannot format safely (a broken section header, an overlong line, a binary or huge file).
   */
  format(document: TextDocument, options?: FormatOptions, range?: Range): TextEdit[];
  /** Drops what is cached for a document that was closed. */
  forget(uri: string): void;
}

interface CachedTree {
  readonly version: number;
  readonly text: string;
  readonly file: UnitFileNode;
}

/** The one entry point to the language service; the LSP server and the CLI both use it. */
export function getLanguageService(host: LanguageServiceHost = {}): LanguageService {
  const trees = new Map<string, CachedTree>();

  const parse = (document: TextDocument): UnitFileNode => {
    const cached = trees.get(document.uri);
    const text = document.getText();
    // The text is compared too: a document closed and reopened, or made by a caller, can repeat a version number.
    if (cached && cached.version === document.version && cached.text === text) return cached.file;
    // A file too large or binary to analyse is represented by an empty tree, so features answer at once.
    const file = parseUnitFile(refuseToAnalyse(text) ? '' : text);
    trees.set(document.uri, { version: document.version, text, file });
    return file;
  };

  return {
    parse,
    kindOf: (document) => unitFileKindOf(document.uri),
    doValidation(document, settings = DEFAULT_SETTINGS) {
      if (!settings.diagnostics.enable) return [];
      const refusal = refuseToAnalyse(document.getText());
      if (refusal) return [refusal];
      return validate(document, parse(document), unitFileKindOf(document.uri), settings);
    },
    getFoldingRanges: (document) => getFoldingRanges(document, parse(document)),
    doHover: (document, position, settings = DEFAULT_SETTINGS) =>
      doHover(document, parse(document), unitFileKindOf(document.uri), settings, position),
    doComplete: (document, position, settings = DEFAULT_SETTINGS) =>
      doComplete(document, parse(document), unitFileKindOf(document.uri), settings, position, host.unitNames?.() ?? []),
    doResolve: (item, settings = DEFAULT_SETTINGS) => doResolve(item, settings),
    getCodeActions: (document, range, only, settings = DEFAULT_SETTINGS) =>
      refuseToAnalyse(document.getText())
        ? []
        : getCodeActions(document, parse(document), unitFileKindOf(document.uri), settings, range, only),
    fixAll(document, settings = DEFAULT_SETTINGS) {
      const text = document.getText();
      if (refuseToAnalyse(text)) return { text, fixed: 0 };
      // The first round reads the tree already parsed (and checked) for this version.
      const parseRound = (current: string) => (current === text ? parse(document) : parseUnitFile(current));
      return fixAll(text, parseRound, unitFileKindOf(document.uri), settings);
    },
    format: (document, options = {}, range) =>
      refuseToAnalyse(document.getText()) ? [] : format(document, parse(document), options, range),
    forget: (uri) => void trees.delete(uri),
  };
}
