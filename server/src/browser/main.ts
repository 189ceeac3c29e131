import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../server';
import { clientFileSystem } from './clientFileSystem';

/** The web-worker entry, for VS Code in the browser: the index holds the workspace, read through the client. */
declare const self: DedicatedWorkerGlobalScope;
const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, { host: () => ({ fileSystem: clientFileSystem(connection) }) });
