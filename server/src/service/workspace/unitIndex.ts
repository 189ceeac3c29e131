import { specialUnitNames } from '../catalog';
import { parseUnitFile, type UnitFileNode } from '../syntax';
import { unitFileKindOf, type UnitFileKind } from '../unitFileKind';
import { dropInDirectoryNames, isSingleUnitDropIn, typeDropInDirectoryName } from './dropInNames';
import type { IndexRoot } from './fileSystem';
import { templateOf, unitReferences, type UnitReference } from './references';
import { baseName, encodeSegment, isInside, parentUri, uriKey } from './uris';

export type Origin = 'workspace' | 'system';

/** A unit file or drop-in the index knows, with its text (the editor's, while the file is open). */
export interface IndexedFile {
  readonly uri: string;
  readonly key: string;
  /** The key of the directory the file is in. */
  readonly directory: string;
  readonly fileName: string;
  readonly kind: UnitFileKind;
  readonly origin: Origin;
  /** The precedence of its root among the roots of its origin: lower wins, as earlier unit directories do. */
  readonly rank: number;
  /** A unit of the per-user manager. */
  readonly user: boolean;
  readonly text: string;
  /** A drop-in made empty or linked to /dev/null: it hides drop-ins of the same name with lower precedence. */
  readonly masked: boolean;
}

/** A symbolic link among the unit files: an alias, a mask, or an entry of a `.wants`/`.requires` directory. */
export interface IndexedLink {
  readonly uri: string;
  readonly key: string;
  readonly directory: string;
  readonly fileName: string;
  readonly origin: Origin;
  readonly rank: number;
  readonly user: boolean;
  /** The name of the file it points to; undefined for a mask (a link to /dev/null) or a dangling link. */
  readonly targetName: string | undefined;
  readonly masked: boolean;
}

/** The input of the index for one file: what the indexer read, or what the editor holds. */
export interface FileInput {
  readonly uri: string;
  readonly text: string;
  readonly origin: Origin;
  readonly rank: number;
  readonly user: boolean;
  readonly masked?: boolean;
}

export interface LinkInput {
  readonly uri: string;
  readonly targetName: string | undefined;
  readonly masked: boolean;
  readonly origin: Origin;
  readonly rank: number;
  readonly user: boolean;
}

/** Relations between a unit directory (`foo.target.wants`) and the units linked in it. */
export const LINK_DIRECTORY_RELATIONS: Readonly<Record<string, 'Wants' | 'Requires' | 'Upholds'>> = {
  '.wants': 'Wants',
  '.requires': 'Requires',
  '.upholds': 'Upholds',
};

const SPECIAL_UNITS: ReadonlySet<string> = new Set(specialUnitNames());

/** Unit types systemd loads without a unit file (devices, scopes, slices) or usually from a generator (fstab). */
const TYPES_WITHOUT_FILES = new Set(['device', 'scope', 'slice', 'mount', 'swap', 'automount']);

/** One entry of the index's log of single-file changes. */
export interface FileChangeLogEntry {
  readonly version: number;
  readonly previous?: IndexedFile;
  readonly next?: IndexedFile;
}

/** A unit file (not a drop-in, not a mask): one that can come or go without the other files being read again. */
function isPlainUnitFile(file: IndexedFile | undefined): boolean {
  return file !== undefined && !file.kind.dropIn && file.kind.unitName !== undefined && !file.masked;
}

interface Parsed {
  readonly text: string;
  readonly file: UnitFileNode;
}

/**
 * Trees kept at most. A tree takes several times the size of its text, so a workspace of tens of thousands of units
 * keeps only the trees used last (what a file declares and refers to is kept apart, and small); a `lint` run of up to
 * two thousand files keeps them all, and parses none twice.
 */
const MAX_TREES = 2500;

function makeFile(input: FileInput): IndexedFile {
  const key = uriKey(input.uri);
  return {
    uri: input.uri,
    key,
    directory: uriKey(parentUri(input.uri)),
    fileName: baseName(input.uri),
    kind: unitFileKindOf(input.uri),
    origin: input.origin,
    rank: input.rank,
    user: input.user || unitFileKindOf(input.uri).userUnit,
    text: input.text,
    masked: input.masked ?? false,
  };
}

function byPrecedence(a: { origin: Origin; rank: number; key: string }, b: typeof a): number {
  if (a.origin !== b.origin) return a.origin === 'workspace' ? -1 : 1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The unit files of the workspace folders and of the machine's unit directories, filled by the indexer (or by a test)
 * and overlaid with the documents open in the editor. Pure: it never reads a file itself.
 */
export class UnitIndex {
  private files = new Map<string, IndexedFile>();
  private links = new Map<string, IndexedLink>();
  private overlays = new Map<string, IndexedFile>();
  private parsed = new Map<string, Parsed>();
  private references = new WeakMap<IndexedFile, readonly UnitReference[]>();
  private derived = new Map<string, unknown>();
  private rootList: readonly IndexRoot[] = [];
  private changeCount = 0;
  private built = false;
  private machine = false;
  private byName: Map<string, IndexedFile[]> | undefined;
  private byDirectory: Map<string, IndexedFile[]> | undefined;
  /** The directories that hold a directory of drop-ins: where a unit's drop-ins can be at all. */
  private dropInParents: Set<string> | undefined;
  private linksByName: Map<string, IndexedLink[]> | undefined;
  private everyFile: IndexedFile[] | undefined;
  /** Where each file is in `everyFile`, by key, so a new text takes its place without a search. */
  private everyFileAt = new Map<string, number>();
  /**
   * Changes to single files since the last other change, for data that can be updated rather than rebuilt: a new
   * text (both sides), or a unit file that came (no `previous`) or went (no `next`).
   */
  private readonly swaps: FileChangeLogEntry[] = [];
  private rebuiltAt = 0;
  /** Which drop-ins apply to a unit depends on which files exist, not on their text: kept until a file comes or goes. */
  private readonly dropInCache = new Map<string, readonly string[]>();
  private rootKeys = new Map<IndexRoot, string>();

  /** Grows with every change; derived data is cached per version. */
  get version(): number {
    return this.changeCount;
  }

  /** Whether a walk of the roots has completed: before that, nothing may be concluded from a unit's absence. */
  get ready(): boolean {
    return this.built;
  }

  /** Whether the unit directories of the machine were read, so a unit missing from the index is missing there too. */
  get coversMachine(): boolean {
    return this.machine;
  }

  get roots(): readonly IndexRoot[] {
    return this.rootList;
  }

  /** Replaces the whole content after a walk. */
  reset(
    roots: readonly IndexRoot[],
    files: readonly FileInput[],
    links: readonly LinkInput[],
    options: { coversMachine: boolean },
  ): void {
    this.rootList = roots;
    this.files = new Map(files.map((input) => [uriKey(input.uri), makeFile(input)]));
    this.links = new Map(links.map((input) => [uriKey(input.uri), this.makeLink(input)]));
    this.built = true;
    this.machine = options.coversMachine;
    this.rootKeys = new Map(roots.map((root) => [root, uriKey(root.uri)]));
    this.changed(true);
  }

  /** Adds or replaces one file read from disk. */
  setFile(input: FileInput): void {
    const key = uriKey(input.uri);
    const previous = this.files.get(key);
    const next = makeFile(input);
    const wasLink = this.links.delete(key);
    this.files.set(key, next);
    const same = previous !== undefined && previous.masked === next.masked && !this.overlays.has(key);
    if (same) this.changed(false, { previous: previous!, next });
    else this.changed(true, previous === undefined && !wasLink && !this.overlays.has(key) ? { next } : undefined);
  }

  setLink(input: LinkInput): void {
    const key = uriKey(input.uri);
    this.files.delete(key);
    this.links.set(key, this.makeLink(input));
    this.changed(true);
  }

  /** Forgets a file, or everything under a directory that was deleted. */
  remove(uri: string): void {
    const key = uriKey(uri);
    const under = (candidate: string) => candidate === key || candidate.startsWith(`${key}/`);
    const gone: IndexedFile[] = [];
    for (const [candidate, file] of [...this.files]) {
      if (!under(candidate)) continue;
      gone.push(file);
      this.files.delete(candidate);
    }
    let linkGone = false;
    for (const candidate of [...this.links.keys()]) {
      if (!under(candidate)) continue;
      linkGone = true;
      this.links.delete(candidate);
    }
    if (gone.length === 0 && !linkGone) return;
    const only = gone.length === 1 && !linkGone && !this.overlays.has(key) ? gone[0] : undefined;
    this.changed(true, only && { previous: only });
  }

  /** The editor's text of an open document, which wins over what was read from disk; undefined when it closes. */
  setOverlay(uri: string, text: string | undefined): void {
    const key = uriKey(uri);
    const existing = this.overlays.get(key);
    const onDisk = this.files.get(key);
    if (text === undefined || (onDisk && onDisk.text === text)) {
      if (existing) {
        this.overlays.delete(key);
        this.changed(!onDisk, onDisk ? { previous: existing, next: onDisk } : { previous: existing });
      }
      return;
    }
    if (existing?.text === text) return;
    const root = this.rootList.find((candidate) => isInside(uri, candidate.uri));
    const next = makeFile({
      uri: onDisk?.uri ?? uri,
      text,
      origin: onDisk?.origin ?? root?.origin ?? 'workspace',
      rank: onDisk?.rank ?? (root ? this.rootList.filter((r) => r.origin === root.origin).indexOf(root) : 0),
      user: onDisk?.user ?? root?.user ?? false,
    });
    this.overlays.set(key, next);
    const previous = existing ?? onDisk;
    this.changed(!previous, previous ? { previous, next } : { next });
  }

  /** Every file, the editor's text in place of the disk's. */
  allFiles(): readonly IndexedFile[] {
    if (this.everyFile) return this.everyFile;
    const all = new Map(this.files);
    for (const [key, file] of this.overlays) {
      if (file.kind.unitType !== undefined) all.set(key, file);
    }
    this.everyFile = [...all.values()];
    this.everyFileAt = new Map(this.everyFile.map((file, at) => [file.key, at]));
    return this.everyFile;
  }

  allLinks(): IndexedLink[] {
    return [...this.links.values()];
  }

  fileAt(uri: string): IndexedFile | undefined {
    const key = uriKey(uri);
    return this.overlays.get(key) ?? this.files.get(key);
  }

  /** The parsed tree of an indexed file, cached until its text changes. */
  parse(file: IndexedFile): UnitFileNode {
    return this.parsedOf(file).file;
  }

  /**
   * The tree the index has already parsed for the file at `uri` when its text is `text`, so a document the index
   * has read (every file of a `lint` run, say) is not parsed a second time by the features.
   */
  treeOf(uri: string, text: string): UnitFileNode | undefined {
    if (this.parsed.size === 0) return undefined;
    const cached = this.parsed.get(uriKey(uri));
    return cached?.text === text ? cached.file : undefined;
  }

  /** The unit names a file refers to, kept while its text is the same (a new text is a new file object). */
  referencesOf(file: IndexedFile): readonly UnitReference[] {
    let references = this.references.get(file);
    if (!references) this.references.set(file, (references = unitReferences(this.parse(file), file.kind)));
    return references;
  }

  /** Unit files (not drop-ins) named `name`, workspace first, then the machine's in systemd's precedence. */
  filesNamed(name: string): readonly IndexedFile[] {
    return this.names().get(name) ?? [];
  }

  /** Links named `name` (aliases and masks), in precedence order. */
  linksNamed(name: string): readonly IndexedLink[] {
    this.names();
    return this.linksByName!.get(name) ?? [];
  }

  /**
   * The files that define a unit: its own file, else the file an alias points to, else for an instance its template
   * (`getty@tty1.service` → `getty@.service`). Files of the same manager (system or user) come first.
   */
  definitionsOf(name: string, user?: boolean): IndexedFile[] {
    const seen = new Set<string>();
    const lookup = (unit: string, depth: number): IndexedFile[] => {
      if (depth > 4 || seen.has(unit)) return [];
      seen.add(unit);
      const own = this.filesNamed(unit);
      if (own.length > 0) return [...own];
      for (const link of this.linksNamed(unit)) {
        if (link.targetName && link.targetName !== unit) {
          const target = lookup(link.targetName, depth + 1);
          if (target.length > 0) return target;
        }
      }
      const aliased = this.aliases().get(unit);
      if (aliased) return aliased.filter((file) => !file.kind.dropIn);
      const template = templateOf(unit);
      return template ? lookup(template, depth + 1) : [];
    };
    const found = lookup(name, 0);
    if (user === undefined) return found;
    return [...found.filter((file) => file.user === user), ...found.filter((file) => file.user !== user)];
  }

  /**
   * Whether a unit can be found: a file, an alias or a mask in the index, a unit systemd defines itself
   * (systemd.special(7)), a name the host sees on the machine, or a type systemd loads without a file.
   */
  knowsUnit(name: string, machineNames?: ReadonlySet<string>): boolean {
    if (SPECIAL_UNITS.has(name)) return true;
    const type = name.slice(name.lastIndexOf('.') + 1);
    if (TYPES_WITHOUT_FILES.has(type)) return true;
    if (this.definitionsOf(name).length > 0 || this.linksNamed(name).length > 0) return true;
    if (machineNames?.has(name)) return true;
    const template = templateOf(name);
    return template !== undefined && (machineNames?.has(template) ?? false);
  }

  /**
   * The names a workspace unit gives itself with `Alias=` in [Install]: they exist once it is enabled. (The machine's
   * enabled aliases are links, read as such.)
   */
  private aliases(): Map<string, IndexedFile[]> {
    return this.cached('aliases', () => {
      const found = new Map<string, IndexedFile[]>();
      for (const file of this.allFiles()) {
        if (file.origin !== 'workspace' || file.kind.dropIn || !file.text.includes('Alias')) continue;
        for (const reference of this.referencesOf(file)) {
          if (reference.key !== 'Alias' || reference.name === file.fileName) continue;
          const list = found.get(reference.name) ?? [];
          list.push(file);
          found.set(reference.name, list);
        }
      }
      return found;
    });
  }

  /** Drop-in files in a directory, by the directory's key. */
  filesInDirectory(directory: string): readonly IndexedFile[] {
    this.names();
    return this.byDirectory!.get(directory) ?? [];
  }

  /**
   * The drop-ins systemd applies to a unit, in the order it applies them: the `.d` directories for the name, its
   * template and its prefixes in each unit directory (`lookupDirectories`, highest precedence first), then the
   * type-level ones; a file name met again later is hidden by the first, an empty or /dev/null one hides it too;
   * the rest applied in lexical order of file name, whatever directory it is in.
   */
  dropInsFor(unitName: string, lookupDirectories: readonly string[]): IndexedFile[] {
    this.names();
    // Most units have no drop-ins anywhere near them: answered without making the names of their directories.
    if (!lookupDirectories.some((directory) => this.dropInParents!.has(directory))) return [];
    const cacheKey = `${unitName}\0${lookupDirectories.join('\0')}`;
    let keys = this.dropInCache.get(cacheKey);
    if (!keys) {
      keys = this.findDropIns(unitName, lookupDirectories);
      this.dropInCache.set(cacheKey, keys);
    }
    return keys.map((key) => this.fileAt(key)).filter((file): file is IndexedFile => file !== undefined);
  }

  private findDropIns(unitName: string, lookupDirectories: readonly string[]): string[] {
    const directories: string[] = [];
    const names = dropInDirectoryNames(unitName);
    for (const directory of lookupDirectories) {
      for (const name of names) directories.push(`${directory}/${encodeSegment(name)}`);
    }
    const typeLevel = typeDropInDirectoryName(unitName);
    if (typeLevel) for (const directory of lookupDirectories) directories.push(`${directory}/${typeLevel}`);
    const chosen = new Map<string, IndexedFile>();
    for (const directory of directories) {
      for (const file of this.filesInDirectory(directory)) {
        if (!file.fileName.endsWith('.conf') || chosen.has(file.fileName)) continue;
        chosen.set(file.fileName, file);
      }
    }
    return [...chosen.values()]
      .filter((file) => !file.masked)
      .sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0))
      .map((file) => file.key);
  }

  /**
   * The unit directories searched for a unit's drop-ins: a unit of the workspace is merged with the drop-ins beside
   * it (and those of `extra`, the directory of a drop-in being edited); a unit of the machine with the machine's
   * unit directories of its manager, after `extra`.
   */
  lookupDirectoriesFor(base: IndexedFile | undefined, extra: readonly string[] = []): string[] {
    const directories = [...extra];
    if (base?.origin === 'workspace') directories.unshift(base.directory);
    else directories.push(...this.machineDirectories(base?.user ?? false));
    return [...new Set(directories)];
  }

  /** The machine's unit directories of one manager (system or user) that the index read, highest precedence first. */
  machineDirectories(user: boolean): string[] {
    return this.rootList
      .filter((root) => root.origin === 'system' && (root.user ?? false) === user)
      .map((root) => this.rootKeys.get(root) ?? uriKey(root.uri));
  }

  /**
   * For a drop-in `…/foo.service.d/x.conf`, the unit file it extends: the one beside its directory, else the first
   * of the workspace, else the machine's. Undefined for a type-level or prefix drop-in, or when there is none.
   */
  baseOfDropIn(dropIn: IndexedFile): IndexedFile | undefined {
    const extended = dropIn.kind.unitName;
    if (!dropIn.kind.dropIn || !extended || !isSingleUnitDropIn(extended)) return undefined;
    const besideDirectory = uriKey(parentUri(parentUri(dropIn.uri)));
    const candidates = this.definitionsOf(extended, dropIn.user);
    return candidates.find((file) => file.directory === besideDirectory) ?? candidates[0];
  }

  /**
   * The single-file changes since `version`: new texts (the file before and after) and unit files that came or went,
   * when nothing else changed since; undefined when more changed (drop-ins or links came or went, a walk) or the log
   * does not reach back that far.
   */
  fileChangesSince(version: number): readonly FileChangeLogEntry[] | undefined {
    if (version < this.rebuiltAt) return undefined;
    const first = this.swaps[0];
    if (version < this.changeCount && (!first || first.version > version + 1)) return undefined;
    return this.swaps.filter((swap) => swap.version > version);
  }

  /** A value computed from the whole index, kept until the index changes. */
  cached<T>(name: string, compute: () => T): T {
    const key = `${this.changeCount}:${name}`;
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    this.derived.set(key, value);
    return value;
  }

  private parsedOf(file: IndexedFile): Parsed {
    const cached = this.parsed.get(file.key);
    if (cached && cached.text === file.text) {
      // Used last, so dropped last: the map's order is the order of use.
      if (this.parsed.size > MAX_TREES / 2) {
        this.parsed.delete(file.key);
        this.parsed.set(file.key, cached);
      }
      return cached;
    }
    const parsed: Parsed = { text: file.text, file: parseUnitFile(file.text) };
    this.parsed.delete(file.key);
    this.parsed.set(file.key, parsed);
    if (this.parsed.size > MAX_TREES) this.parsed.delete(this.parsed.keys().next().value!);
    return parsed;
  }

  private makeLink(input: LinkInput): IndexedLink {
    return {
      uri: input.uri,
      key: uriKey(input.uri),
      directory: uriKey(parentUri(input.uri)),
      fileName: baseName(input.uri),
      origin: input.origin,
      rank: input.rank,
      user: input.user || unitFileKindOf(input.uri).userUnit,
      targetName: input.targetName,
      masked: input.masked,
    };
  }

  private names(): Map<string, IndexedFile[]> {
    if (this.byName) return this.byName;
    const byName = new Map<string, IndexedFile[]>();
    const byDirectory = new Map<string, IndexedFile[]>();
    const dropInParents = new Set<string>();
    for (const file of this.allFiles()) {
      if (file.kind.dropIn) {
        let list = byDirectory.get(file.directory);
        if (!list) {
          byDirectory.set(file.directory, (list = []));
          dropInParents.add(file.directory.slice(0, file.directory.lastIndexOf('/')));
        }
        list.push(file);
      } else if (file.kind.unitName) {
        const list = byName.get(file.fileName) ?? [];
        list.push(file);
        byName.set(file.fileName, list);
      }
    }
    for (const list of byName.values()) list.sort(byPrecedence);
    for (const list of byDirectory.values()) list.sort(byPrecedence);
    const linksByName = new Map<string, IndexedLink[]>();
    for (const link of this.links.values()) {
      if (isLinkDirectory(link.directory)) continue;
      const list = linksByName.get(link.fileName) ?? [];
      list.push(link);
      linksByName.set(link.fileName, list);
    }
    for (const list of linksByName.values()) list.sort(byPrecedence);
    this.byName = byName;
    this.byDirectory = byDirectory;
    this.dropInParents = dropInParents;
    this.linksByName = linksByName;
    return byName;
  }

  /**
   * Records a change; `structural` when the set of files changed, not only a text. A new text of one file (`swap`)
   * is patched into the lookup tables instead of rebuilding them, as it happens on every keystroke.
   */
  private changed(structural: boolean, change?: { previous?: IndexedFile; next?: IndexedFile }): void {
    this.changeCount++;
    this.derived.clear();
    const swap = change?.previous && change.next ? { previous: change.previous, next: change.next } : undefined;
    if (!structural && swap && swap.previous.kind.unitType === swap.next.kind.unitType) {
      this.swaps.push({ version: this.changeCount, ...swap });
      if (this.swaps.length > 1000) this.swaps.splice(0, 500);
      const patch = (list: IndexedFile[] | undefined) => {
        const at = list?.indexOf(swap.previous) ?? -1;
        if (at >= 0) list![at] = swap.next;
      };
      // In place: the list is read synchronously and never kept across a change, and a copy of tens of thousands of
      // files on every keystroke is most of what a keystroke costs in a large workspace.
      const at = this.everyFile ? this.everyFileAt.get(swap.previous.key) : undefined;
      if (at !== undefined && this.everyFile![at] === swap.previous) this.everyFile![at] = swap.next;
      else this.everyFile = undefined;
      patch(this.byName?.get(swap.previous.fileName));
      patch(this.byDirectory?.get(swap.previous.directory));
      return;
    }
    this.everyFile = undefined;
    this.byName = undefined;
    this.byDirectory = undefined;
    this.dropInParents = undefined;
    this.linksByName = undefined;
    // A unit file that came or went (a document opened from outside the roots, a file created): the tables above
    // are made again, but the drop-ins found stay right and what depends on single files can catch up.
    const single = structural && change && !swap ? (change.previous ?? change.next) : undefined;
    if (isPlainUnitFile(single)) {
      this.swaps.push({ version: this.changeCount, ...change });
      if (this.swaps.length > 1000) this.swaps.splice(0, 500);
      return;
    }
    this.swaps.length = 0;
    this.rebuiltAt = this.changeCount;
    if (structural) this.dropInCache.clear();
    // Trees of files no longer known are dropped; the others stay cached by text.
    if (this.parsed.size > this.files.size + this.overlays.size + 64) {
      const live = new Set([...this.files.keys(), ...this.overlays.keys()]);
      for (const key of [...this.parsed.keys()]) if (!live.has(key)) this.parsed.delete(key);
    }
  }
}

/** Whether a directory (by key) is a `foo.target.wants`-like directory of links. */
export function isLinkDirectory(directory: string): boolean {
  return Object.keys(LINK_DIRECTORY_RELATIONS).some((suffix) => directory.endsWith(suffix));
}

/** The unit a `.wants`/`.requires`/`.upholds` directory belongs to, and the relation it adds. */
export function linkDirectoryRelation(
  directory: string,
): { unit: string; relation: 'Wants' | 'Requires' | 'Upholds' } | undefined {
  const name = baseName(directory);
  for (const [suffix, relation] of Object.entries(LINK_DIRECTORY_RELATIONS)) {
    if (name.endsWith(suffix)) return { unit: name.slice(0, -suffix.length), relation };
  }
  return undefined;
}
