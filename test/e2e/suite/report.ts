/** Every line of the suite's report starts with this, so the harness can pick it out of the workbench's console. */
export const REPORT_PREFIX = '[e2e] ';

/** Prints one line of the report (code-server forwards the extension host's console to the page). */
export function report(line: string): void {
  console.log(REPORT_PREFIX + line);
}
