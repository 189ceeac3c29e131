// Runs the mocha suite (extensionTestsPath) inside one of code-server's extension hosts. code-server has no
// --extensionDevelopmentPath flag, so the workbench page is opened with a `payload` query naming
// extensionDevelopmentPath (an empty runner extension, so the INSTALLED VSIX is the one under test) and
// extensionTestsPath as vscode-remote:// URIs. VS Code runs the tests in the extension host of the runner extension
// that contains extensionTestsPath (test/e2e/runner: the node host; the generated web runner: the web worker host).
// The workbench reports the outcome through window.codeAutomationExit; the suite's counts come as a console line,
// written to E2E_RESULTS.
//
// E2E_HOST=web (VS Code for the Web): the extension under test is NOT installed in code-server; the installed VSIX's
// folder (EXT_DIR) is served over http by this harness and added to the workbench as a web extension
// (additionalBuiltinExtensions, as vscode.dev loads gallery extensions from a CDN), so the only host that can run it
// is the browser's web worker extension host (served through code-server's /proxy/<port>/, the workbench's origin). This harness then checks from outside that the browser fetched its
// browser entry and its web worker server (dist/client/browser.js, dist/server/browser.js) and never extension.js.
// (Forcing the copy installed in code-server into the web worker with "remote.extensionKind" does not work in VS Code
// 1.100: its web worker host refuses `new Worker(vscode-remote://...)`, "Creating workers from remote extensions is
// currently not supported".)
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { REPORT_PREFIX, RESULTS_PREFIX, type Counts } from '../suite/report';
import { launchChromium, required } from './browser';

async function main(): Promise<number> {
  const base = required('CS_URL');
  const authority = new URL(base).host;
  const remote = (path: string) => `vscode-remote://${authority}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(required('EXT_DEV_PATH'))],
    ['extensionTestsPath', remote(required('EXT_TESTS_PATH'))],
  ];
  const url =
    `${base}/?folder=${encodeURIComponent(required('WS_FOLDER'))}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const web = process.env.E2E_HOST === 'web';
  const fetched = new Set<string>();
  let counts: Counts | undefined;
  let server: Server | undefined;
  const webExtensions: { scheme: string; authority: string; path: string }[] = [];
  if (web) {
    const served = await serveExtension(resolve(required('EXT_DIR')), fetched);
    server = served.server;
    // Through code-server's own port proxy, so the workbench's Content-Security-Policy (connect-src 'self') allows it.
    webExtensions.push({ scheme: 'http', authority, path: `/proxy/${served.port}/extension` });
  }

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // VS Code >= 1.9x ignores the URL payload in built products unless the smoke-test driver is on; code-server's CLI
    // rejects --enable-smoke-test-driver, so switch it on in the configuration the page reads at start-up.
    await page.addInitScript((additionalBuiltinExtensions) => {
      const getAttribute = Element.prototype.getAttribute;
      Element.prototype.getAttribute = function (this: Element, name: string) {
        const value = getAttribute.call(this, name);
        if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && value) {
          const configuration = JSON.parse(value);
          configuration.developmentOptions = { ...configuration.developmentOptions, enableSmokeTestDriver: true };
          if (additionalBuiltinExtensions.length) {
            configuration.additionalBuiltinExtensions = [
              ...(configuration.additionalBuiltinExtensions ?? []),
              ...additionalBuiltinExtensions,
            ];
          }
          return JSON.stringify(configuration);
        }
        return value;
      };
    }, webExtensions);
    let finish: (code: unknown) => void = () => {};
    const exited = new Promise<unknown>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', () => {});
    await page.exposeFunction('codeAutomationExit', (code: unknown) => finish(code));
    page.on('console', (message) => {
      const text = message.text();
      if (process.env.E2E_DEBUG) console.log(`[console.${message.type()}] ${text.slice(0, 300)}`);
      // The suite's reporter prints whole lines that start with REPORT_PREFIX; the extension host's console reaches
      // the page as "%c INFO color: #33f <text>".
      const at = text.indexOf(REPORT_PREFIX);
      if (at < 0) return;
      const line = text.slice(at + REPORT_PREFIX.length);
      if (line.startsWith(RESULTS_PREFIX)) counts = JSON.parse(line.slice(RESULTS_PREFIX.length)) as Counts;
      else console.log(line);
    });
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
    const timeout = Number(process.env.TEST_TIMEOUT_MS || 300_000);
    const timer = setTimeout(() => finish(`timeout after ${timeout} ms`), timeout);
    await page.goto(url);
    const code = await exited;
    clearTimeout(timer);
    console.log(`extension tests finished: exit code ${String(code)}`);
    let ok = code === 0;
    if (web) {
      // Counted with the suite's tests, so a silent fallback to the node host fails the run.
      counts ??= { passed: 0, failed: 1, skipped: 0 };
      const checks: [string, boolean][] = [
        ['the browser fetched dist/client/browser.js (the web entry)', fetched.has('dist/client/browser.js')],
        ['the browser fetched dist/server/browser.js (the web worker server)', fetched.has('dist/server/browser.js')],
        [
          'the browser never fetched dist/client/extension.js (the node entry)',
          !fetched.has('dist/client/extension.js'),
        ],
      ];
      for (const [what, passed] of checks) {
        console.log(`  ${passed ? '✔' : '✘'} ${what}`);
        if (passed) counts.passed++;
        else counts.failed++;
        ok &&= passed;
      }
    }
    if (counts && process.env.E2E_RESULTS) await writeFile(process.env.E2E_RESULTS, JSON.stringify(counts));
    return ok ? 0 : 1;
  } finally {
    await browser.close();
    server?.close();
  }
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.md': 'text/markdown',
  '.png': 'image/png',
};

/** Serves `root` under /extension/ on a free port, with CORS (the workbench's origin differs); records the paths. */
async function serveExtension(root: string, fetched: Set<string>): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const relative = path.replace(/^\/extension\/?/, '');
    const file = resolve(root, relative);
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (!path.startsWith('/extension/') || !(file + sep).startsWith(root + sep) || file === root) {
      response.writeHead(404).end();
      return;
    }
    fetched.add(relative);
    readFile(join(file)).then(
      (body) =>
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the extension server has no port');
  return { server, port: address.port };
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
