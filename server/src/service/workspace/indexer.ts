import { unitFileKindOf } from '../unitFileKind';
import type { DirectoryEntry, IndexRoot, UnitFileSystem } from './fileSystem';
import { isLinkDirectory, UnitIndex, type FileInput, type LinkInput, type Origin } from './unitIndex';
import { baseName, isInside, joinUri, parentUri, uriKey } from './uris';

export interface IndexLimits {
  /** Unit files and drop-ins read, at most. */
  readonly maxFiles: number;
  /** Directory entries looked at, at most (a huge workspace is indexed in part rather than slowly). */
  readonly maxEntries: number;
  /** How deep a workspace folder is walked. */
  readonly maxDepth: number;
  /** Larger files are left out: unit files are a few kilobytes. */
  readonly maxFileBytes: number;
}

export const DEFAULT_LIMITS: IndexLimits = {
  maxFiles: 50_000,
  maxEntries: 200_000,
  maxDepth: 8,
  maxFileBytes: 1024 * 1024,
};

/** Directories no one keeps units in, skipped when walking a workspace folder. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'out', 'dist', 'build', 'target', '__pycache__']);

const DEV_NULL = 'file:///dev/null';

export interface BuildOptions {
  /** Called now and then with what is being done; `total` once the number of files to read is known. */
  readonly progress?: (message: string, done: number, total: number | undefined) => void;
  readonly isCancelled?: () => boolean;
}

export interface BuildOutcome {
  readonly files: number;
  readonly links: number;
  /** A limit was reached, so some files were left out. */
  readonly truncated: boolean;
  readonly cancelled: boolean;
}

export interface FileChange {
  readonly uri: string;
  readonly type: 'created' | 'changed' | 'deleted';
}

/** Whether a name is one systemd reads as a unit file. */
function isUnitFileName(name: string): boolean {
  const kind = unitFileKindOf(name);
  return kind.unitType !== undefined && !kind.dropIn && !name.startsWith('.');
}

/** Whether a directory name holds drop-ins (`foo.service.d`, `service.d`, `foo-.service.d`). */
function isDropInDirectoryName(name: string): boolean {
  return name.endsWith('.d') && unitFileKindOf(`${name}/x.conf`).unitType !== undefined && !name.startsWith('.');
}

function isDropInName(name: string): boolean {
  return name.endsWith('.conf') && !name.startsWith('.');
}

interface Pending {
  readonly uri: string;
  readonly origin: Origin;
  readonly rank: number;
  readonly user: boolean;
  readonly masked?: boolean;
}

/**
 * Fills a UnitIndex from the host's file system: the workspace folders walked (bounded in depth, entries and file
 * size; symbolic links to directories are not followed), the machine's unit directories read two levels deep (unit
 * files, `.d` drop-ins, `.wants`/`.requires` links). A link is read through only when its target is inside a root;
 * one to /dev/null is a mask. Nothing is written.
 */
export class WorkspaceIndexer {
  private roots: readonly IndexRoot[] = [];

  constructor(
    private readonly fileSystem: UnitFileSystem,
    private readonly index: UnitIndex,
    private readonly limits: IndexLimits = DEFAULT_LIMITS,
  ) {}

  async build(roots: readonly IndexRoot[], options: BuildOptions = {}): Promise<BuildOutcome> {
    this.roots = roots;
    const files: Pending[] = [];
    const links: LinkInput[] = [];
    const taken = new Set<string>();
    let entries = 0;
    let truncated = false;
    let systemRead = false;
    const cancelled = () => options.isCancelled?.() ?? false;

    const take = (uri: string): boolean => {
      const key = uriKey(uri);
      if (taken.has(key)) return false;
      taken.add(key);
      return true;
    };

    const visitEntry = (directory: string, entry: DirectoryEntry, where: Pending, inDropInDirectory: boolean) => {
      const uri = joinUri(directory, entry.name);
      if (isLinkDirectory(uriKey(directory))) {
        if (take(uri)) links.push(this.linkInput(uri, entry, where));
        return;
      }
      const wanted = inDropInDirectory ? isDropInName(entry.name) : isUnitFileName(entry.name);
      if (!wanted) return;
      if (entry.type === 'file') {
        if (files.length >= this.limits.maxFiles) {
          truncated = true;
          return;
        }
        if (entry.size !== undefined && entry.size > this.limits.maxFileBytes) return;
        if (take(uri)) files.push({ ...where, uri });
        return;
      }
      if (entry.type !== 'symlink') return;
      const target = entry.target;
      if (target && uriKey(target) === DEV_NULL) {
        // A mask: of a unit, or of a drop-in of that name in a directory of lower precedence.
        if (!take(uri)) return;
        if (inDropInDirectory) files.push({ ...where, uri, masked: true });
        else links.push(this.linkInput(uri, entry, where));
        return;
      }
      const inside = target !== undefined && this.roots.some((root) => isInside(target, root.uri));
      if (inDropInDirectory) {
        if (inside && take(uri)) files.push({ ...where, uri });
        return;
      }
      // A unit linked under its own name from inside the roots is read where it really is; any other link is an
      // alias (or a unit kept outside the roots, known by name only).
      if (inside && target && baseName(target) === entry.name) return;
      if (take(uri)) links.push(this.linkInput(uri, entry, where));
    };

    const walk = async (directory: string, where: Pending, depth: number, deep: boolean): Promise<void> => {
      if (cancelled() || entries >= this.limits.maxEntries) {
        truncated ||= entries >= this.limits.maxEntries;
        return;
      }
      const listing = await this.fileSystem.readDirectory(directory);
      if (!listing) return;
      entries += listing.length;
      if (where.origin === 'system') systemRead = true;
      const inDropInDirectory = isDropInDirectoryName(baseName(directory));
      const sorted = [...listing].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of sorted) {
        if (entry.type === 'directory') {
          const child = joinUri(directory, entry.name);
          if (entry.name.startsWith('.')) continue;
          if (isDropInDirectoryName(entry.name) || isLinkDirectory(uriKey(child))) {
            if (depth + 1 <= this.limits.maxDepth) await walk(child, where, depth + 1, false);
          } else if (deep && depth + 1 <= this.limits.maxDepth && !SKIPPED_DIRECTORIES.has(entry.name)) {
            await walk(child, where, depth + 1, true);
          }
          continue;
        }
        visitEntry(directory, entry, where, inDropInDirectory);
      }
      options.progress?.(`${files.length} unit files found`, files.length, undefined);
    };

    // Workspace folders first: a folder that is also a unit directory counts as the workspace.
    const ordered = [...roots.filter((r) => r.origin === 'workspace'), ...roots.filter((r) => r.origin === 'system')];
    for (const root of ordered) {
      const rank = roots.filter((r) => r.origin === root.origin).indexOf(root);
      await walk(
        root.uri,
        { uri: root.uri, origin: root.origin, rank, user: root.user ?? false },
        0,
        root.origin === 'workspace',
      );
    }

    const inputs: FileInput[] = [];
    let done = 0;
    const batch = 16;
    for (let i = 0; i < files.length && !cancelled(); i += batch) {
      const slice = files.slice(i, i + batch);
      const texts = await Promise.all(
        slice.map((file) =>
          file.masked ? Promise.resolve('') : this.fileSystem.readFile(file.uri, this.limits.maxFileBytes),
        ),
      );
      slice.forEach((file, j) => {
        const text = texts[j];
        const masked = file.masked === true || (text !== undefined && isEmptyDropIn(file.uri, text));
        if (text !== undefined)
          inputs.push({ uri: file.uri, text, origin: file.origin, rank: file.rank, user: file.user, masked });
      });
      done += slice.length;
      options.progress?.(`Reading unit files (${done}/${files.length})`, done, files.length);
    }
    if (cancelled()) return { files: inputs.length, links: links.length, truncated, cancelled: true };
    this.index.reset(roots, inputs, links, { coversMachine: systemRead });
    return { files: inputs.length, links: links.length, truncated, cancelled: false };
  }

  /**
   * Applies changes reported by the editor's file watcher: a deleted file or folder is forgotten, a created or
   * changed one read again (a created folder walked). Returns whether the index changed.
   */
  async update(changes: readonly FileChange[]): Promise<boolean> {
    let changed = false;
    for (const change of changes) {
      const root = this.rootOf(change.uri);
      if (!root) continue;
      const before = this.index.version;
      if (change.type === 'deleted') {
        this.index.remove(change.uri);
      } else {
        await this.reread(change.uri, root);
      }
      changed ||= this.index.version !== before;
    }
    return changed;
  }

  private rootOf(uri: string): { root: IndexRoot; rank: number } | undefined {
    for (const root of this.roots) {
      if (isInside(uri, root.uri)) {
        return { root, rank: this.roots.filter((r) => r.origin === root.origin).indexOf(root) };
      }
    }
    return undefined;
  }

  private async reread(uri: string, { root, rank }: { root: IndexRoot; rank: number }): Promise<void> {
    const directory = parentUri(uri);
    const name = baseName(uri);
    const listing = await this.fileSystem.readDirectory(directory);
    const entry = listing?.find((candidate) => candidate.name === name);
    const where = { uri: root.uri, origin: root.origin, rank, user: root.user ?? false };
    if (!entry) {
      this.index.remove(uri);
      return;
    }
    if (entry.type === 'directory') {
      // A folder created or moved in: index what it holds, as a small build of its own.
      const part = new UnitIndex();
      await new WorkspaceIndexer(this.fileSystem, part, this.limits).build([
        { uri, origin: root.origin, user: root.user ?? false },
      ]);
      this.index.remove(uri);
      for (const file of part.allFiles()) {
        this.index.setFile({
          uri: file.uri,
          text: file.text,
          origin: root.origin,
          rank,
          user: file.user,
          masked: file.masked,
        });
      }
      for (const link of part.allLinks()) {
        this.index.setLink({
          uri: link.uri,
          targetName: link.targetName,
          masked: link.masked,
          origin: root.origin,
          rank,
          user: link.user,
        });
      }
      return;
    }
    const inDropInDirectory = isDropInDirectoryName(baseName(directory));
    if (isLinkDirectory(uriKey(directory)) || (entry.type === 'symlink' && !inDropInDirectory)) {
      if (isLinkDirectory(uriKey(directory)) || isUnitFileName(name))
        this.index.setLink(this.linkInput(uri, entry, where));
      return;
    }
    const wanted = inDropInDirectory ? isDropInName(name) : isUnitFileName(name);
    if (!wanted) return;
    if (entry.type === 'symlink' && entry.target && uriKey(entry.target) === DEV_NULL) {
      this.index.setFile({ uri, text: '', origin: root.origin, rank, user: where.user, masked: true });
      return;
    }
    const text = await this.fileSystem.readFile(uri, this.limits.maxFileBytes);
    if (text === undefined) {
      this.index.remove(uri);
      return;
    }
    this.index.setFile({ uri, text, origin: root.origin, rank, user: where.user, masked: isEmptyDropIn(uri, text) });
  }

  private linkInput(uri: string, entry: DirectoryEntry, where: Pending): LinkInput {
    const masked = entry.target !== undefined && uriKey(entry.target) === DEV_NULL;
    return {
      uri,
      targetName: masked
        ? undefined
        : entry.target
          ? baseName(entry.target)
          : entry.type === 'file'
            ? entry.name
            : undefined,
      masked,
      origin: where.origin,
      rank: where.rank,
      user: where.user,
    };
  }
}

/** An empty drop-in masks the drop-ins of the same name below it, as a link to /dev/null does. */
function isEmptyDropIn(uri: string, text: string): boolean {
  return text.length === 0 && unitFileKindOf(uri).dropIn;
}
