// The same e2e suite in desktop VS Code, through @vscode/test-electron, where VS Code can be downloaded (it cannot on
// machines that only reach the npm and Debian registries: use `npm run test:e2e`, which runs code-server, there).
//
//   npm run package && npx tsc -p test/e2e/tsconfig.json && node test/e2e/run-electron.js [path/to.vsix]
//
// VSCODE_VERSION picks the version (default: stable). On Linux without a display, run it under xvfb-run -a.
// The VSIX is installed into a fresh extensions folder, so the packaged extension is tested, not the source tree;
// the development extension is the empty test/e2e/runner.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
/* global require, setTimeout, clearTimeout */
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } = require('@vscode/test-electron');

const ROOT = path.resolve(__dirname, '..', '..');
const DOWNLOAD_TIMEOUT_MS = 120_000;

function fail(message) {
  console.error(`run-electron: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(2);
}

async function download() {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)),
      DOWNLOAD_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION || 'stable', timeout: 30_000 }),
      deadline,
    ]);
  } catch (error) {
    fail(
      `could not download VS Code (${error instanceof Error ? error.message : String(error)}). ` +
        'This machine probably cannot reach update.code.visualstudio.com; run `npm run test:e2e` (code-server) instead.',
    );
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const vsix = path.resolve(process.argv[2] || path.join(ROOT, 'systemd-units.vsix'));
  const testsPath = path.join(ROOT, 'out', 'e2e', 'suite', 'index.js');
  if (!existsSync(vsix)) fail(`no VSIX at ${vsix}; run \`npm run package\` first`);
  if (!existsSync(testsPath)) fail(`no ${testsPath}; run \`npx tsc -p test/e2e/tsconfig.json\` first`);

  const vscodeExecutablePath = await download();
  const work = mkdtempSync(path.join(tmpdir(), 'systemd-units-e2e-electron-'));
  const extensionsDir = path.join(work, 'ext');
  const workspace = path.join(work, 'ws');
  const results = path.join(work, 'results.json');
  cpSync(path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });

  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
  const installed = spawnSync(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (installed.status !== 0) fail(`installing ${vsix} failed`);

  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: path.join(ROOT, 'test', 'e2e', 'runner'),
      extensionTestsPath: testsPath,
      extensionTestsEnv: { E2E_RESULTS: results, E2E_GREP: process.env.E2E_GREP || '' },
      launchArgs: [
        workspace,
        '--extensions-dir',
        extensionsDir,
        '--user-data-dir',
        path.join(work, 'udd'),
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
      ],
    });
  } catch (error) {
    console.error(`run-electron: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  const counts = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { passed: 0, failed: 1 };
  if (code === 0 && counts.failed === 0) rmSync(work, { recursive: true, force: true });
  else console.log(`e2e files kept in ${work}`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(code || (counts.failed ? 1 : 0));
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
