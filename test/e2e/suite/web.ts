// extensionTestsPath entry of the WEB WORKER extension host (VS Code for the Web). scripts/e2e.sh bundles this file
// with esbuild (platform browser, only `vscode` external, so any node built-in fails the build) into the web runner
// extension, whose package.json carries the run's options under "e2e". The worker loads the bundle with fetch and
// calls run(); code-server's workbench reports the outcome through codeAutomationExit.
import 'mocha/mocha.js'; // mocha's browser build: sets the globals Mocha and mocha
import * as vscode from 'vscode';
import * as assert from './assert';
import { lineReporter, report, reportCounts } from './report';
import { defineSecurityTests } from './security';
import { defineTests, type Host } from './shared';
import { defineWorkspaceTests } from './workspace';

export const WEB_RUNNER_ID = 'systemd-units-test.systemd-units-e2e-web-runner';

interface Options {
  grep?: string;
  repoRoot: string;
  completionProvider: boolean;
}

export function run(): Promise<void> {
  const runner = vscode.extensions.getExtension(WEB_RUNNER_ID);
  if (!runner) return Promise.reject(new Error(`${WEB_RUNNER_ID} (the development extension) is not in this host`));
  const options = runner.packageJSON.e2e as Options;
  const browserMocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  browserMocha.setup({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    reporter: lineReporter(Mocha.reporters.Base) as unknown as Mocha.MochaOptions['reporter'],
  });
  if (options.grep) browserMocha.grep(options.grep);

  const host: Host = {
    kind: 'web',
    repoRoot: options.repoRoot,
    completionProvider: async () => options.completionProvider,
    checkHost: (extension) => {
      const scope = globalThis as Record<string, unknown>;
      report(
        `    host: typeof process=${typeof scope.process}, typeof importScripts=${typeof scope.importScripts}, ` +
          `typeof require=${typeof scope.require}, navigator.userAgent=${String((scope.navigator as Navigator | undefined)?.userAgent).slice(0, 60)}`,
      );
      assert.equal(typeof scope.importScripts, 'function', 'the tests run in a web worker (importScripts exists)');
      assert.equal(typeof scope.process, 'undefined', 'no node `process` global');
      assert.equal(vscode.env.uiKind, vscode.UIKind.Web, 'uiKind');
      // UI = the extension runs on the user's side of a remote connection: here the browser's web worker host.
      assert.equal(extension.extensionKind, vscode.ExtensionKind.UI, 'extensionKind');
    },
  };
  defineTests(host);
  defineWorkspaceTests(host);

  defineSecurityTests();

  return new Promise((resolve, reject) => {
    const mochaRunner = browserMocha.run((failures) => {
      const counts = {
        passed: mochaRunner.stats?.passes ?? 0,
        failed: failures,
        skipped: mochaRunner.stats?.pending ?? 0,
      };
      reportCounts(counts);
      if (failures) reject(new Error(`${failures} e2e tests failed`));
      else resolve();
    });
  });
}
