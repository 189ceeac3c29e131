/**
 * The file access the workspace index needs, given by the host: node's `fs` in the node server and the CLI, requests
 * to the editor in the browser, a map in tests. Read-only: nothing here writes.
 */

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface DirectoryEntry {
  readonly name: string;
  readonly type: EntryType;
  /**
   * For a symbolic link: the URI it finally points to (`file:///dev/null` for a masked unit), or undefined when it is
   * dangling or the host cannot tell. The index never reads through a link whose target is outside its roots.
   */
  readonly target?: string | undefined;
  /** For a file (or a link's target), its size in bytes when the host knows it. */
  readonly size?: number | undefined;
}

export interface UnitFileSystem {
  /** The entries of a directory; undefined when it does not exist or cannot be read. */
  readDirectory(uri: string): Promise<readonly DirectoryEntry[] | undefined>;
  /** A file's text; undefined when it cannot be read or is larger than `maxBytes`. */
  readFile(uri: string, maxBytes: number): Promise<string | undefined>;
}

/** Where the index looks, in systemd's order of precedence within each origin (earlier wins). */
export interface IndexRoot {
  readonly uri: string;
  /** A workspace folder (walked deeply, editable) or a unit directory of the machine (read-only, two levels). */
  readonly origin: 'workspace' | 'system';
  /** A directory of the per-user manager (`~/.config/systemd/user`, `/usr/lib/systemd/user`). */
  readonly user?: boolean;
}
