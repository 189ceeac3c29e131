import type { MochaOptions, reporters, Runner } from 'mocha';

/** Every line of the suite's report starts with this, so the harness can pick it out of the workbench's console. */
export const REPORT_PREFIX = '[e2e] ';

/** The line that carries the counts, JSON after this prefix (the harness writes them to E2E_RESULTS). */
export const RESULTS_PREFIX = 'results ';

/** Prints one line of the report (code-server forwards the extension host's console to the page). */
export function report(line: string): void {
  console.log(REPORT_PREFIX + line);
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Prints the summary and the counts line the harness reads. */
export function reportCounts(counts: Counts): void {
  report(`mocha: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  report(RESULTS_PREFIX + JSON.stringify(counts));
}

type Base = typeof reporters.Base;

/**
 * A mocha reporter class that prints whole lines through console.log: code-server forwards the extension host's
 * console to the page without applying printf-style formats, so mocha's spec reporter would arrive as
 * "%s%s ✔ %s (%dms)". Built on the Base reporter of whichever mocha runs (node's or the browser bundle's).
 */
export function lineReporter(base: Base): Base {
  return class LineReporter extends base {
    constructor(runner: Runner, options?: MochaOptions) {
      super(runner, options);
      let depth = 0;
      const indent = () => '  '.repeat(depth);
      runner.on('suite', (suite) => {
        if (suite.title) report(indent() + suite.title);
        depth++;
      });
      runner.on('suite end', () => depth--);
      runner.on('pass', (test) => report(`${indent()}✔ ${test.title} (${test.duration ?? 0} ms)`));
      runner.on('pending', (test) => report(`${indent()}- ${test.title} (skipped)`));
      runner.on('fail', (test, error: Error) => {
        report(`${indent()}✘ ${test.fullTitle()}`);
        for (const line of String(error.stack || error.message)
          .split('\n')
          .slice(0, 12))
          report(`${indent()}    ${line}`);
      });
    }
  };
}
