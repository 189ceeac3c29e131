/**
 * Runs `systemd-analyze security --offline=yes` on one service file, isolated in a temporary directory of its own
 * (`SYSTEMD_UNIT_PATH=<tmp>:`, so no other unit or drop-in beside the original can play a part), and reads its table:
 * each check's badness (with SYSTEMD_ANALYZE_DEBUG=1 systemd prints weight, badness and range) and the overall line.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What systemd said: each check's badness (undefined when it does not apply) and the overall exposure in tenths. */
export interface SystemdAssessment {
  readonly checks: ReadonlyMap<string, number | undefined>;
  readonly exposure: number;
  readonly label: string;
}

export type SystemdOutcome = { readonly ok: SystemdAssessment } | { readonly refused: string };

/** systemd-analyze's version line, or why it cannot be used. */
export function systemdAnalyze(): { version: string } | { skip: string } {
  const run = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) return { skip: 'systemd-analyze is not installed on this machine' };
  const version = run.stdout.split('\n')[0]!.trim();
  const probe = spawnSync('systemd-analyze', ['security', '--help'], { encoding: 'utf8' });
  if (!`${probe.stdout}`.includes('--offline'))
    return { skip: `${version}: systemd-analyze security has no --offline mode` };
  return { version };
}

const NOT_APPLICABLE = '18446744073709551615';

/** Reads the table printed with SYSTEMD_ANALYZE_DEBUG=1, and the overall line under it. */
export function parseSecurityTable(output: string): SystemdAssessment | undefined {
  const checks = new Map<string, number | undefined>();
  let exposure: number | undefined;
  let label = '';
  for (const line of output.split('\n')) {
    const overall = /Overall exposure level for .*: (\d+)\.(\d) ([A-Z]+)/.exec(line);
    if (overall) {
      exposure = Number(overall[1]) * 10 + Number(overall[2]);
      label = overall[3]!;
      continue;
    }
    if (!/^[✓✗ ] \S/.test(line)) continue;
    const tokens = line.slice(2).trim().split(/\s+/);
    if (tokens[0] === 'NAME') continue;
    // Columns from the right: [exposure] range badness weight; the exposure, when shown, has a decimal point.
    let end = tokens.length;
    if (tokens[end - 1]!.includes('.')) end--;
    const badness = tokens[end - 2]!;
    checks.set(tokens[0]!, badness === NOT_APPLICABLE ? undefined : Number(badness));
  }
  return exposure === undefined ? undefined : { checks, exposure, label };
}

function isolate(file: string, name: string, contents?: string, dropIn?: string): { directory: string; unit: string } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'systemd-units-security-'));
  const unit = path.join(directory, name);
  if (contents !== undefined) fs.writeFileSync(unit, contents);
  else fs.copyFileSync(file, unit);
  if (dropIn !== undefined) {
    fs.mkdirSync(`${unit}.d`);
    fs.writeFileSync(path.join(`${unit}.d`, 'override.conf'), dropIn);
  }
  return { directory, unit };
}

const ENV = {
  SYSTEMD_ANALYZE_DEBUG: '1',
  SYSTEMD_LOG_COLOR: '0',
  SYSTEMD_COLORS: '0',
  SYSTEMD_PAGER: '',
  SYSTEMD_URLIFY: '0',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
};

/**
 * Assesses one unit with systemd: `file` is copied under `name` (its own name when not given), or `contents` is
 * written there; `dropIn` becomes `NAME.d/override.conf` beside it.
 */
export function systemdSecurity(unit: {
  file?: string;
  name?: string;
  contents?: string;
  dropIn?: string;
}): Promise<SystemdOutcome> {
  const name = unit.name ?? path.basename(unit.file ?? 'unit.service');
  const { directory, unit: copy } = isolate(unit.file ?? '', name, unit.contents, unit.dropIn);
  return new Promise((resolve) => {
    const child = spawn(
      'systemd-analyze',
      ['security', '--offline=yes', '--man=no', '--generators=no', '--no-pager', copy],
      { env: { ...process.env, ...ENV, SYSTEMD_UNIT_PATH: `${directory}:` }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Decoded once at the end: a chunk may end inside a multi-byte character such as ✓.
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const finish = (outcome: SystemdOutcome) => {
      fs.rmSync(directory, { recursive: true, force: true });
      resolve(outcome);
    };
    child.on('error', (error) => finish({ refused: error.message }));
    child.on('close', () => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const parsed = parseSecurityTable(stdout);
      finish(parsed ? { ok: parsed } : { refused: (stderr.trim() || stdout.trim()).split('\n').slice(-1)[0] ?? '' });
    });
  });
}

/** Runs the jobs at most `limit` at a time, keeping their order in the results. */
export async function inParallel<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
