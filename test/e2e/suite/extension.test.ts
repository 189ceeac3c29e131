// The shared e2e tests (shared.ts) in code-server's NODE extension host (the remote extension host), loaded by
// mocha in index.ts. Node-only helpers are fine here; the tests themselves live in shared.ts.
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { serverCapabilities } from '../harness/capabilities';
import * as assert from './assert';
import { defineCommandTests } from './commands';
import { defineSecurityTests } from './security';
import { defineTests, type Host } from './shared';
import { defineWorkspaceTests } from './workspace';

const host: Host = {
  kind: 'node',
  repoRoot: resolve(__dirname, '..', '..', '..'),
  completionProvider: async () => {
    const extension = vscode.extensions.getExtension('systemd-units.systemd-units');
    return !!extension && !!(await serverCapabilities(extension.extensionPath)).completionProvider;
  },
  checkHost: (extension) => {
    assert.equal(typeof process?.versions?.node, 'string', 'the tests run in node');
    // code-server's web UI talks to the node extension host as a remote: its extensions are "workspace" extensions.
    assert.ok(vscode.env.remoteName, "the node extension host is code-server's remote extension host");
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace, 'extensionKind');
  },
};

defineTests(host);
defineWorkspaceTests(host);

// Node only: the commands that run systemctl and systemd-analyze do not exist in the web build.
defineCommandTests();
defineSecurityTests();
