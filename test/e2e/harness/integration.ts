// Runs the mocha suite (extensionTestsPath) inside code-server's node extension host. code-server has no
// --extensionDevelopmentPath flag, so the workbench page is opened with a `payload` query naming
// extensionDevelopmentPath (an empty runner extension, so the INSTALLED VSIX is the one under test) and
// extensionTestsPath as vscode-remote:// URIs. The workbench reports the outcome through window.codeAutomationExit.
import { REPORT_PREFIX } from '../suite/report';
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

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // VS Code >= 1.9x ignores the URL payload in built products unless the smoke-test driver is on; code-server's CLI
    // rejects --enable-smoke-test-driver, so switch it on in the configuration the page reads at start-up.
    await page.addInitScript(() => {
      const getAttribute = Element.prototype.getAttribute;
      Element.prototype.getAttribute = function (this: Element, name: string) {
        const value = getAttribute.call(this, name);
        if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && value) {
          const configuration = JSON.parse(value);
          configuration.developmentOptions = { ...configuration.developmentOptions, enableSmokeTestDriver: true };
          return JSON.stringify(configuration);
        }
        return value;
      };
    });
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
      if (at >= 0) console.log(text.slice(at + REPORT_PREFIX.length));
    });
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
    const timeout = Number(process.env.TEST_TIMEOUT_MS || 300_000);
    const timer = setTimeout(() => finish(`timeout after ${timeout} ms`), timeout);
    await page.goto(url);
    const code = await exited;
    clearTimeout(timer);
    console.log(`extension tests finished: exit code ${String(code)}`);
    return code === 0 ? 0 : 1;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
