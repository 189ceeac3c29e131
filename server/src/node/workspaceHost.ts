import { existsSync, promises as fs, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LanguageServiceHost } from '../service/languageService';
import type { DirectoryEntry, IndexRoot, UnitFileSystem } from '../service/workspace/fileSystem';
import { filePath, fileUri } from '../service/workspace/uris';
import { UnitNameIndex } from './unitNames';

/** The index's view of the local file system: read-only, one directory or file at a time. */
export const nodeFileSystem: UnitFileSystem = {
  async readDirectory(uri) {
    const directory = filePath(uri);
    if (directory === undefined) return undefined;
    let entries;
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch {
      return undefined;
    }
    return Promise.all(
      entries.map(async (entry): Promise<DirectoryEntry> => {
        if (entry.isDirectory()) return { name: entry.name, type: 'directory' };
        if (entry.isFile()) return { name: entry.name, type: 'file' };
        if (!entry.isSymbolicLink()) return { name: entry.name, type: 'other' };
        try {
          return {
            name: entry.name,
            type: 'symlink',
            target: fileUri(await fs.realpath(path.join(directory, entry.name))),
          };
        } catch {
          return { name: entry.name, type: 'symlink' };
        }
      }),
    );
  },
  async readFile(uri, maxBytes) {
    const file = filePath(uri);
    if (file === undefined) return undefined;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > maxBytes) return undefined;
      return await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

function expandHome(directory: string): string {
  if (directory === '~') return os.homedir();
  return directory.startsWith('~/') ? path.join(os.homedir(), directory.slice(2)) : directory;
}

/**
 * The unit directories of the setting that exist, as index roots: `~` expanded, each directory once (by its real
 * path, so `/lib/systemd/system` and `/usr/lib/systemd/system` on a merged-/usr system count once), in the order
 * given. A directory of the per-user manager is one under `systemd/user`.
 */
export async function unitSearchRoots(directories: readonly string[]): Promise<IndexRoot[]> {
  const roots: IndexRoot[] = [];
  const seen = new Set<string>();
  for (const written of directories) {
    const absolute = path.resolve(expandHome(written.trim()));
    let real: string;
    try {
      real = await fs.realpath(absolute);
      if (!(await fs.stat(real)).isDirectory()) continue;
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    roots.push({ uri: fileUri(real), origin: 'system', user: /\/systemd\/user(\.control)?$/.test(real) });
  }
  return roots;
}

const EXISTS_CACHE_MS = 5000;

/**
 * The host of the node server and the CLI: the local file system for the index, unit names for completion, and a
 * quick check that a file exists for links.
 */
export class NodeWorkspaceHost implements LanguageServiceHost {
  readonly fileSystem = nodeFileSystem;
  private readonly names = new UnitNameIndex();
  private readonly exists = new Map<string, { at: number; value: boolean }>();

  constructor(folders: readonly string[]) {
    this.names.setWorkspaceFolders(folders);
  }

  unitNames(): readonly string[] {
    return this.names.unitNames();
  }

  fileExists(uri: string): boolean {
    const file = filePath(uri);
    if (file === undefined) return false;
    const cached = this.exists.get(file);
    const now = Date.now();
    if (cached && now - cached.at < EXISTS_CACHE_MS) return cached.value;
    let value: boolean;
    try {
      value = existsSync(file) && statSync(file).isFile();
    } catch {
      value = false;
    }
    if (this.exists.size > 10_000) this.exists.clear();
    this.exists.set(file, { at: now, value });
    return value;
  }
}

export function nodeWorkspaceHost(folders: readonly string[]): NodeWorkspaceHost {
  return new NodeWorkspaceHost(folders);
}
