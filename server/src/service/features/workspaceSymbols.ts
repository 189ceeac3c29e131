import { SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';
import type { IndexedFile, UnitIndex } from '../workspace/unitIndex';
import { baseName, isInside, parentUri, relativePath } from '../workspace/uris';

const MAX_SYMBOLS = 500;

/** A symbol kind per unit type, so the list shows services, targets, timers… with different icons. */
const KIND_OF_TYPE: Readonly<Record<string, SymbolKind>> = {
  service: SymbolKind.Class,
  socket: SymbolKind.Interface,
  timer: SymbolKind.Event,
  path: SymbolKind.File,
  target: SymbolKind.Module,
  mount: SymbolKind.Package,
  automount: SymbolKind.Package,
  swap: SymbolKind.Package,
  slice: SymbolKind.Namespace,
  scope: SymbolKind.Namespace,
  device: SymbolKind.Object,
};

/** How well a name matches the query: lower is better; undefined when the query's letters are not all in order. */
function score(name: string, query: string): number | undefined {
  if (query === '') return 0;
  const lower = name.toLowerCase();
  if (lower.startsWith(query)) return 0;
  if (lower.includes(query)) return 1;
  let at = 0;
  for (const char of query) {
    at = lower.indexOf(char, at);
    if (at < 0) return undefined;
    at++;
  }
  return 2;
}

function symbolName(file: IndexedFile): string {
  return file.kind.dropIn ? `${baseName(parentUri(file.uri))}/${file.fileName}` : file.fileName;
}

/**
 * Units by name, for "Go to Symbol in Workspace": the unit files and drop-ins of the workspace, then the machine's;
 * the query's letters must appear in order (`websvc` finds `web.service`).
 */
export function findWorkspaceSymbols(index: UnitIndex, query: string): SymbolInformation[] {
  const wanted = query.trim().toLowerCase();
  const workspaceRoots = index.roots.filter((root) => root.origin === 'workspace');
  const scored: { file: IndexedFile; name: string; score: number }[] = [];
  for (const file of index.allFiles()) {
    const name = symbolName(file);
    const value = score(name, wanted);
    if (value !== undefined) scored.push({ file, name, score: value });
  }
  scored.sort(
    (a, b) =>
      a.score - b.score ||
      (a.file.origin === b.file.origin ? 0 : a.file.origin === 'workspace' ? -1 : 1) ||
      a.name.length - b.name.length ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return scored.slice(0, MAX_SYMBOLS).map(({ file, name }) => {
    const root = workspaceRoots.find((candidate) => isInside(file.uri, candidate.uri));
    const folder = relativePath(parentUri(file.kind.dropIn ? parentUri(file.uri) : file.uri), root?.uri);
    return {
      name,
      kind: file.kind.dropIn ? SymbolKind.File : (KIND_OF_TYPE[file.kind.unitType ?? ''] ?? SymbolKind.File),
      location: { uri: file.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      containerName: folder,
    };
  });
}
