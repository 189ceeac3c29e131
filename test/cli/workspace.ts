import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { ROOT } from '../helpers';

export const CLI = path.join(ROOT, 'dist', 'cli.js');

/**
 * A temporary folder for one CLI test file, removed after it: `write` puts a file there (folders made as needed),
 * `run` runs the built `systemd-units` in it.
 */
export function cliWorkspace(prefix: string) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(work, { recursive: true, force: true }));
  const write = (relative: string, text: string): string => {
    const file = path.join(work, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return { work, write, run };
}
