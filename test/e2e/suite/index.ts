// extensionTestsPath entry of the NODE extension host: VS Code's extension host calls run() and reports its outcome
// (code-server through codeAutomationExit, @vscode/test-electron through the process exit code).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { lineReporter, reportCounts } from './report';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: lineReporter(Mocha.reporters.Base) });
  const grep = process.env.E2E_GREP;
  if (grep) mocha.grep(grep);
  mocha.addFile(join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const counts = { passed: runner.stats?.passes ?? 0, failed: failures, skipped: runner.stats?.pending ?? 0 };
      reportCounts(counts);
      // @vscode/test-electron reads the counts from here (the extension host inherits its environment).
      if (process.env.E2E_RESULTS) writeFileSync(process.env.E2E_RESULTS, JSON.stringify(counts));
      if (failures) reject(new Error(`${failures} e2e tests failed`));
      else resolve();
    });
  });
}
