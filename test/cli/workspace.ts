import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { ROOT } from '../helpers';

export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `systemd-units` in `cwd`; `nodeArgs` go to node before the script (a `--require`, say). */
export function runCli(
  cwd: string,
  args: readonly string[],
  { nodeArgs = [], ...options }: SpawnSyncOptions & { nodeArgs?: readonly string[] } = {},
): CliRun {
  const result = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], { cwd, encoding: 'utf8', ...options });
  return { status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/**
 * A temporary folder for one CLI test file, removed after it: `write` puts a file there (folders made as needed,
 * open to every user), `run` runs the built `systemd-units` in it.
 */
export function cliWorkspace(prefix: string) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(work, { recursive: true, force: true }));
  const write = (relative: string, text: string, mode = 0o644): string => {
    const file = path.join(work, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
    fs.writeFileSync(file, text, { mode });
    return file;
  };
  const run = (...args: string[]): CliRun => runCli(work, args);
  return { work, write, run };
}
