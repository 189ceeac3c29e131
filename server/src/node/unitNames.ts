import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanguageServiceHost } from '../service/languageService';
import { unitFileKindOf } from '../service/unitFileKind';

/** Where systemd looks for units, system and user managers alike; only names are read, never the files. */
const UNIT_DIRECTORIES = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/usr/local/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/lib/systemd/system',
  '/etc/systemd/user',
  '/usr/lib/systemd/user',
  path.join(os.homedir(), '.config', 'systemd', 'user'),
];

const SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', 'out', 'dist']);
const MAX_WORKSPACE_ENTRIES = 20_000;
const MAX_DEPTH = 6;
const REFRESH_AFTER_MS = 30_000;

function isUnitName(name: string): boolean {
  const kind = unitFileKindOf(name);
  return kind.unitType !== undefined && !kind.dropIn && !name.startsWith('.');
}

async function namesIn(directory: string): Promise<string[]> {
  try {
    return (await fs.readdir(directory)).filter(isUnitName);
  } catch {
    return []; // absent or unreadable: nothing to offer from there
  }
}

/** Unit files under a workspace folder, bounded in depth and in the number of entries read. */
async function namesUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  let budget = MAX_WORKSPACE_ENTRIES;
  const walk = async (directory: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || budget <= 0) return;
    let entries;
    try {
      entries = await fs.readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    budget -= entries.length;
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) await walk(path.join(directory, entry.name), depth + 1);
      else if (entry.isFile() && isUnitName(entry.name)) found.push(entry.name);
    }
  };
  await walk(root, 0);
  return found;
}

/**
 * The unit names of this machine and of the workspace folders, read in the background and refreshed when asked for
 * after a while; the answer is always the last list read, so completion never waits on the disk.
 */
export class UnitNameIndex implements LanguageServiceHost {
  private names: readonly string[] = [];
  private readAt = 0;
  private reading: Promise<void> | undefined;
  private folders: string[] = [];

  setWorkspaceFolders(uris: readonly string[]): void {
    this.folders = uris.flatMap((uri) => {
      try {
        return [fileURLToPath(uri)];
      } catch {
        return []; // not a file: URI (a virtual workspace): nothing to walk
      }
    });
    void this.refresh();
  }

  unitNames(): readonly string[] {
    if (Date.now() - this.readAt > REFRESH_AFTER_MS) void this.refresh();
    return this.names;
  }

  refresh(): Promise<void> {
    this.reading ??= (async () => {
      const lists = await Promise.all([...UNIT_DIRECTORIES.map(namesIn), ...this.folders.map(namesUnder)]);
      this.names = [...new Set(lists.flat())].sort();
      this.readAt = Date.now();
    })().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }
}

/** The host the node server gives the language service: the units of this machine and of the workspace folders. */
export function unitNameHost(folders: readonly string[]): UnitNameIndex {
  const index = new UnitNameIndex();
  index.setWorkspaceFolders(folders);
  return index;
}
