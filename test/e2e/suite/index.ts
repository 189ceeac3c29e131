// extensionTestsPath entry: VS Code's extension host calls run() and reports its outcome (code-server through
// codeAutomationExit, @vscode/test-electron through the process exit code).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { report as say } from './report';

/**
 * A reporter that prints whole lines through console.log: code-server forwards the extension host's console to the
 * page without applying printf-style formats, so mocha's spec reporter would arrive as "%s%s ✔ %s (%dms)".
 */
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let depth = 0;
    const indent = () => '  '.repeat(depth);
    runner.on('suite', (suite) => {
      if (suite.title) say(indent() + suite.title);
      depth++;
    });
    runner.on('suite end', () => depth--);
    runner.on('pass', (test) => say(`${indent()}✔ ${test.title} (${test.duration ?? 0} ms)`));
    runner.on('pending', (test) => say(`${indent()}- ${test.title} (skipped)`));
    runner.on('fail', (test, error: Error) => {
      say(`${indent()}✘ ${test.fullTitle()}`);
      for (const line of String(error.stack || error.message)
        .split('\n')
        .slice(0, 12))
        say(`${indent()}    ${line}`);
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: LineReporter });
  const grep = process.env.E2E_GREP;
  if (grep) mocha.grep(grep);
  mocha.addFile(join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      const skipped = runner.stats?.pending ?? 0;
      say(`mocha: ${passed} passed, ${failures} failed, ${skipped} skipped`);
      // The harness reads the counts from here (the extension host inherits code-server's environment).
      if (process.env.E2E_RESULTS) {
        writeFileSync(process.env.E2E_RESULTS, JSON.stringify({ passed, failed: failures, skipped }));
      }
      if (failures) reject(new Error(`${failures} e2e tests failed`));
      else resolve();
    });
  });
}
