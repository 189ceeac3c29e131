import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { useMachineZone } from '../node/machineZone';
import { nodeWorkspaceHost, unitSearchRoots } from '../node/workspaceHost';
import { startServer } from '../server';

/**
 * `systemd-units lsp --stdio`: the language server over standard input and output. A module of its own, loaded
 * only for this command, so that `lint` does not pay for loading the LSP libraries.
 */
export function runLanguageServer(): void {
  useMachineZone();
  // Given the streams themselves (not readers over them), the library ends the process when the client closes them.
  startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), {
    host: nodeWorkspaceHost,
    unitSearchRoots,
  });
}
