import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  getLanguageService,
  type LanguageService,
  type LanguageServiceHost,
} from '../../../server/src/service/languageService';
import type { DirectoryEntry, IndexRoot, UnitFileSystem } from '../../../server/src/service/workspace/fileSystem';
import { fileUri, filePath } from '../../../server/src/service/workspace/uris';

/** A file's text, or a symbolic link to an absolute path. */
export type MemoryEntry = string | { readonly link: string };

/**
 * A file system in memory, by absolute path: directories are implied by the paths under them. Links resolve to
 * their target (one level), as the node host's realpath does.
 */
export class MemoryFileSystem implements UnitFileSystem {
  readonly reads: string[] = [];
  constructor(private readonly entries: Record<string, MemoryEntry>) {}

  set(path: string, entry: MemoryEntry | undefined): void {
    if (entry === undefined) delete this.entries[path];
    else this.entries[path] = entry;
  }

  async readDirectory(uri: string): Promise<readonly DirectoryEntry[] | undefined> {
    const directory = filePath(uri);
    if (directory === undefined) return undefined;
    const prefix = directory === '/' ? '/' : `${directory}/`;
    const found = new Map<string, DirectoryEntry>();
    for (const [path, entry] of Object.entries(this.entries)) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const name = rest.split('/')[0]!;
      if (rest.includes('/')) {
        found.set(name, { name, type: 'directory' });
      } else if (typeof entry === 'string') {
        found.set(name, { name, type: 'file', size: entry.length });
      } else {
        found.set(name, { name, type: 'symlink', target: fileUri(entry.link) });
      }
    }
    return found.size > 0 ? [...found.values()] : undefined;
  }

  async readFile(uri: string, maxBytes: number): Promise<string | undefined> {
    const path = filePath(uri);
    if (path === undefined) return undefined;
    this.reads.push(path);
    let entry = this.entries[path];
    if (entry !== undefined && typeof entry !== 'string')
      entry = entry.link === '/dev/null' ? '' : this.entries[entry.link];
    if (typeof entry !== 'string' || entry.length > maxBytes) return undefined;
    return entry;
  }
}

export const WORKSPACE = '/ws';
export const SYSTEM = '/usr/lib/systemd/system';
export const ETC = '/etc/systemd/system';

export function rootsOf(workspace = [WORKSPACE], system = [ETC, SYSTEM]): IndexRoot[] {
  return [
    ...workspace.map((path) => ({ uri: fileUri(path), origin: 'workspace' as const })),
    ...system.map((path) => ({ uri: fileUri(path), origin: 'system' as const })),
  ];
}

/** A language service whose index was built from an in-memory file system. */
export async function serviceOver(
  entries: Record<string, MemoryEntry>,
  options: { roots?: IndexRoot[]; host?: Partial<LanguageServiceHost> } = {},
): Promise<{ service: LanguageService; fileSystem: MemoryFileSystem }> {
  const fileSystem = new MemoryFileSystem(entries);
  const service = getLanguageService({ fileSystem, ...options.host });
  await service.indexWorkspace(options.roots ?? rootsOf());
  return { service, fileSystem };
}

/** An open document for a path of the in-memory file system (its text there unless given). */
export function openAt(path: string, text: string, version = 1): TextDocument {
  return TextDocument.create(fileUri(path), 'systemd-unit', version, text);
}
