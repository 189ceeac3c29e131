import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { nodeWorkspaceHost, unitSearchRoots } from '../node/workspaceHost';
import { startServer } from '../server';

/**
 * `systemd-units lsp --stdio`: the language server over standard input and output. A module of its own, loaded
 * only for this command, so that `lint` does not pay for loading the LSP libraries.
 */
export function runLanguageServer(): void {
  startServer(
    createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(process.stdin),
      new StreamMessageWriter(process.stdout),
    ),
    { host: nodeWorkspaceHost, unitSearchRoots },
  );
}
