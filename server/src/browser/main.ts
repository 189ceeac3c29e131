import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../server';

/** The web-worker entry, for VS Code in the browser. */
declare const self: DedicatedWorkerGlobalScope;
startServer(createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self)));
