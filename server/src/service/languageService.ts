import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  LocationLink,
  Position,
  Range,
  SelectionRange,
  SymbolInformation,
  WorkspaceEdit,
  TextEdit,
} from 'vscode-languageserver-types';
import { fixAll, getCodeActions } from './features/codeActions';
import { doComplete, doResolve } from './features/completion';
import { refuseToAnalyse, validate } from './features/diagnostics';
import { getFoldingRanges } from './features/folding';
import { format, type FormatOptions } from './features/formatting';
import { doHover } from './features/hover';
import { localPath, previewInstance } from './features/templates';
import { isValidInstance } from './values/specifiers';
import { getSecurityLenses } from './features/securityLens';
import { assessDocument, securityReportMarkdown } from './features/securityReport';
import type { SecurityReport } from './security';
import { findDefinition } from './features/definition';
import { findDocumentLinks } from './features/documentLinks';
import { findDocumentSymbols } from './features/documentSymbols';
import { findReferences } from './features/references';
import {
  doRename,
  prepareRename,
  type PrepareRenameAnswer,
  type RenameOptions,
  type RenameRefusal,
} from './features/rename';
import { getSelectionRanges } from './features/selectionRanges';
import { validateMerged } from './features/workspaceDiagnostics';
import { findWorkspaceSymbols } from './features/workspaceSymbols';
import { RULES } from './rules';
import {
  dependencyChildren,
  dependencyGraph,
  FORWARD_RELATIONS,
  REVERSE_RELATIONS,
  type DependencyChild,
} from './workspace/dependencies';
import { renderEffectiveUnit, type EffectiveUnit } from './workspace/effectiveUnit';
import { workspaceFactsFor } from './workspace/facts';
import type { IndexRoot, UnitFileSystem } from './workspace/fileSystem';
import { WorkspaceIndexer, type BuildOptions, type BuildOutcome, type FileChange } from './workspace/indexer';
import { prepareDependencyGraphs } from './workspace/dependencies';
import { effectiveUnitOf, mergedUnitOf } from './workspace/mergedUnit';
import { UnitIndex } from './workspace/unitIndex';
import { isInside } from './workspace/uris';
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
  /** Read access to unit files, for the workspace index; without it the index holds only the open documents. */
  readonly fileSystem?: UnitFileSystem;
  /** Whether a file exists at a URI, for links to paths; answered at once from what the host can see. */
  fileExists?(uri: string): boolean;
}

/** A unit of the index, for the units view. */
export interface UnitSummary {
  readonly name: string;
  readonly uri: string;
  readonly type: string;
  readonly origin: 'workspace' | 'system';
}

/** One level of a dependency tree: the units below `unit`, each with its definition when the index has one. */
export interface DependencyLevel {
  readonly unit: string;
  readonly uri: string | undefined;
  readonly children: readonly (DependencyChild & { readonly uri: string | undefined })[];
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
  /**
   * Edits that format the document (or the lines of `range`) without changing what it means to systemd; none for a
   * file it cannot format safely (a broken section header, an overlong line, a binary or huge file).
   */
  format(document: TextDocument, options?: FormatOptions, range?: Range): TextEdit[];
  /** Drops what is cached for a document that was closed. */
  forget(uri: string): void;

  /** The unit files of the workspace and the machine; filled by `indexWorkspace`, or directly by a test. */
  readonly index: UnitIndex;
  /** Walks the roots through the host's file system into the index; undefined when the host has none. */
  indexWorkspace(roots: readonly IndexRoot[], options?: BuildOptions): Promise<BuildOutcome | undefined>;
  /** Applies file changes seen by the editor; true when the index changed. */
  updateIndex(changes: readonly FileChange[]): Promise<boolean>;
  findDefinition(document: TextDocument, position: Position): LocationLink[];
  findReferences(document: TextDocument, position: Position, includeDeclaration: boolean): Location[];
  prepareRename(document: TextDocument, position: Position): PrepareRenameAnswer;
  doRename(
    document: TextDocument,
    position: Position,
    newName: string,
    options?: RenameOptions,
  ): WorkspaceEdit | RenameRefusal | null;
  findDocumentLinks(document: TextDocument): DocumentLink[];
  findDocumentSymbols(document: TextDocument): DocumentSymbol[];
  findWorkspaceSymbols(query: string): SymbolInformation[];
  getSelectionRanges(document: TextDocument, positions: readonly Position[]): SelectionRange[];
  /** The unit of a file merged with its drop-ins, annotated with the files (`systemctl cat`, merged). */
  getEffectiveUnit(uri: string, openDocuments?: readonly TextDocument[]): EffectiveUnit | null;
  /** The units one level below a unit in its dependency tree (`reverse`: the units that depend on it). */
  getDependencies(unit: string, reverse: boolean, ancestors?: readonly string[], user?: boolean): DependencyLevel;
  /** The units of the workspace (not the machine's), sorted by name. */
  listUnits(): UnitSummary[];
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
  const index = new UnitIndex();
  const indexer = host.fileSystem ? new WorkspaceIndexer(host.fileSystem, index) : undefined;
  let machineNameList: readonly string[] | undefined;
  let machineNameSet: ReadonlySet<string> | undefined;
  const machineNames = (): ReadonlySet<string> | undefined => {
    const names = host.unitNames?.();
    if (names !== machineNameList) {
      machineNameList = names;
      machineNameSet = names ? new Set(names) : undefined;
    }
    return machineNameSet;
  };

  /**
   * The editor's text of a document joins the index (once there is one), so every feature sees it: a file of the
   * machine, or any document of a workspace folder. Other views of a unit (a git diff, the effective unit) do not.
   */
  const sync = (document: TextDocument): void => {
    if (!index.ready && !indexer) return;
    if (!document.uri.startsWith('file:') && !index.roots.some((root) => isInside(document.uri, root.uri))) return;
    index.setOverlay(document.uri, refuseToAnalyse(document.getText()) ? '' : document.getText());
  };

  const tree = (document: TextDocument): CachedTree => {
    const cached = trees.get(document.uri);
    const text = document.getText();
    // The text is compared too: a document closed and reopened, or made by a caller, can repeat a version number.
    if (cached && cached.version === document.version && cached.text === text) return cached;
    // A file too large or binary to analyse is represented by an empty tree, so features answer at once.
    const refusal = refuseToAnalyse(text);
    const file = refusal ? parseUnitFile('') : (index.treeOf(document.uri, text) ?? parseUnitFile(text));
    const fresh = { version: document.version, text, file, refusal };
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
      const kind = kindOf(document);
      if (!index.ready) return validate(document, file, kind, settings);
      sync(document);
      const facts = workspaceFactsFor(index, document.uri, machineNames);
      const merged = mergedUnitOf(index, document.uri);
      if (merged) return validateMerged(document, file, kind, settings, merged, facts);
      return validate(document, file, kind, settings, RULES, facts);
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
      // The first round reads the tree already parsed (and checked) for this version.
      const parseRound = (current: string) => (current === text ? parse(document) : parseUnitFile(current));
      return fixAll(text, parseRound, kindOf(document), settings);
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
      index.setOverlay(uri, undefined);
    },

    index,
    async indexWorkspace(roots, options) {
      if (!indexer) return undefined;
      const outcome = await indexer.build(roots, options);
      if (!outcome.cancelled) await prepareDependencyGraphs(index, options?.isCancelled);
      return outcome;
    },
    updateIndex: async (changes) => (indexer ? indexer.update(changes) : false),
    findDefinition(document, position) {
      sync(document);
      return findDefinition(document, parse(document), kindOf(document), index, position);
    },
    findReferences(document, position, includeDeclaration) {
      sync(document);
      return findReferences(document, parse(document), kindOf(document), index, position, includeDeclaration);
    },
    prepareRename(document, position) {
      sync(document);
      return prepareRename(document, parse(document), kindOf(document), index, position);
    },
    doRename(document, position, newName, options) {
      sync(document);
      return doRename(document, parse(document), kindOf(document), index, position, newName, options);
    },
    findDocumentLinks: (document) =>
      findDocumentLinks(document, parse(document), kindOf(document), {
        ...(host.fileExists ? { fileExists: (uri: string) => host.fileExists!(uri) } : {}),
        workspaceFolders: index.roots.filter((root) => root.origin === 'workspace').map((root) => root.uri),
      }),
    findDocumentSymbols: (document) => findDocumentSymbols(document, parse(document)),
    findWorkspaceSymbols: (query) => findWorkspaceSymbols(index, query),
    getSelectionRanges: (document, positions) => getSelectionRanges(document, parse(document), positions),
    getEffectiveUnit(uri, openDocuments = []) {
      for (const document of openDocuments) sync(document);
      const merged = effectiveUnitOf(index, uri);
      return merged ? renderEffectiveUnit(merged) : null;
    },
    getDependencies(unit, reverse, ancestors = [], user = false) {
      const graph = dependencyGraph(index, user);
      const uriOf = (name: string) => index.definitionsOf(name)[0]?.uri;
      const children = dependencyChildren(graph, unit, reverse ? REVERSE_RELATIONS : FORWARD_RELATIONS, ancestors);
      return { unit, uri: uriOf(unit), children: children.map((child) => ({ ...child, uri: uriOf(child.name) })) };
    },
    listUnits() {
      return index
        .allFiles()
        .filter((file) => file.origin === 'workspace' && !file.kind.dropIn && file.kind.unitType)
        .map((file) => ({ name: file.fileName, uri: file.uri, type: file.kind.unitType!, origin: file.origin }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.uri < b.uri ? -1 : 1));
    },
    format: (document, options = {}, range) =>
      tree(document).refusal ? [] : format(document, parse(document), options, range),
  };
}
