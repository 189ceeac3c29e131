import type { Connection } from 'vscode-languageserver/browser';
import type { DirectoryEntry, UnitFileSystem } from '../service/workspace/fileSystem';

/** Requests the client answers with `vscode.workspace.fs`, for a server without a file system of its own. */
export const READ_DIRECTORY_REQUEST = 'systemdUnits/readDirectory';
export const READ_FILE_REQUEST = 'systemdUnits/readFile';

/**
 * The workspace as the editor sees it, for the browser server (a web worker has no file system): directories and
 * files read through the client, which works for any workspace VS Code can open (`vscode-vfs:`, `vscode-remote:`).
 * The client reports symbolic links without their target, so the index never reads through one.
 */
export function clientFileSystem(connection: Connection): UnitFileSystem {
  return {
    async readDirectory(uri) {
      try {
        const entries = await connection.sendRequest<DirectoryEntry[] | null>(READ_DIRECTORY_REQUEST, { uri });
        return Array.isArray(entries) ? entries : undefined;
      } catch {
        return undefined;
      }
    },
    async readFile(uri, maxBytes) {
      try {
        const text = await connection.sendRequest<string | null>(READ_FILE_REQUEST, { uri, maxBytes });
        return typeof text === 'string' ? text : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
