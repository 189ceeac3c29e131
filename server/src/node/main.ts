import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { useMachineZone } from './machineZone';
import { nodeWorkspaceHost, unitSearchRoots } from './workspaceHost';

/** The node entry: the transport (--node-ipc, --stdio, --socket=N, --pipe=NAME) is taken from the command line. */
useMachineZone();
startServer(createConnection(ProposedFeatures.all), { host: nodeWorkspaceHost, unitSearchRoots });
