import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatTimespan, parseTimespan } from '../../server/src/service/values/timespan';

/**
 * Our time spans against systemd's parse_sec() and format_timespan(), on a few thousand generated inputs: the
 * same verdict, the same microseconds and the same "Human:" form as `systemd-analyze timespan`.
 *
 * `systemd-analyze timespan` stops at the first input it cannot read, so one process per invalid input would be
 * slow. The verdicts come instead from one `systemd-analyze verify` of a timer with an `OnActiveSec=` line per
 * input (parse_sec() again; systemd logs each line it ignores), and the valid inputs then go through `timespan`
 * in one process. Inputs a unit file cannot carry as they are (spaces at either end, `%`, a trailing backslash)
 * go through `timespan` directly, one run per invalid one.
 *
 * systemd 253–256 parse and print time spans as 252 does (src/basic/time-util.c changed only in style there).
 */

const UNITS = [
  'us',
  'usec',
  'µs',
  'μs',
  'ms',
  'msec',
  's',
  'sec',
  'second',
  'seconds',
  'm',
  'min',
  'minute',
  'minutes',
  'h',
  'hr',
  'hour',
  'hours',
  'd',
  'day',
  'days',
  'w',
  'week',
  'weeks',
  'M',
  'month',
  'months',
  'y',
  'year',
  'years',
];
const WRONG_UNITS = [
  'S',
  'Sec',
  'mins',
  'hrs',
  'ns',
  'Ms',
  'H',
  'D',
  'W',
  'Y',
  'secs',
  'x',
  'µ',
  'mo',
  'yr',
  'infinity',
];
const GARBAGE = ['-', '+', '.', '..', ',', '1e3', '0x10', '\t', '\v', '#', 'abc', '∞', '½', '1_000', '١'];

/** mulberry32, seeded: the same inputs on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatedTimespans(count: number, seed = 252): string[] {
  const next = random(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  const number = (): string => {
    const roll = next();
    let text: string;
    if (roll < 0.5) text = String(int(100));
    else if (roll < 0.75) text = String(int(100000));
    else if (roll < 0.85) text = String(int(10)).padStart(2 + int(3), '0');
    else if (roll < 0.93) text = pick(['9223372036854775807', '9223372036854775808', '18446744073709551615', '584542']);
    else text = pick(['', '0', '1']);
    if (chance(0.3)) text += '.' + String(int(10 ** (1 + int(7)))).padStart(1 + int(3), '0');
    else if (chance(0.04)) text += '.';
    if (chance(0.05)) text = '.' + String(int(1000));
    if (chance(0.06)) text = pick(['+', '-', ' +', '\v-', '\v+', '\f']) + text;
    return text;
  };
  const unit = () => (chance(0.12) ? '' : chance(0.1) ? pick(WRONG_UNITS) : pick(UNITS));
  const space = () => pick(['', '', '', ' ', '  ', '\t']);
  const out: string[] = [];
  while (out.length < count) {
    const roll = next();
    let input: string;
    if (roll < 0.04) {
      input = pick(['infinity', ' infinity ', 'infinity s', 'infinityx', 'Infinity', '-infinity', '5 infinity']);
    } else if (roll < 0.09) {
      input = Array.from({ length: 1 + int(4) }, () => pick([...GARBAGE, ...UNITS, '5', ' '])).join('');
    } else {
      // Spaces at either end of a line are lost in a unit file, so most inputs keep them inside.
      const parts = Array.from({ length: 1 + int(chance(0.3) ? 5 : 2) }, () => {
        const after = unit();
        return number() + (after ? space() : '') + after;
      });
      input = parts.join(pick([' ', '', ' ', '  ']));
      if (chance(0.01)) input = ` ${input}`;
      if (chance(0.01)) input = `${input} `;
    }
    if (!input.includes('\n') && !input.includes('\0')) out.push(input);
  }
  return out;
}

interface Verdict {
  readonly ok: boolean;
  readonly usec?: string;
  readonly human?: string;
}

function run(args: readonly string[]): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('systemd-analyze', args, {
      env: { ...process.env, SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '', LC_ALL: 'C.UTF-8', COLUMNS: '100000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        status,
      }),
    );
  });
}

/** `systemd-analyze timespan` on inputs it accepts; reads one table per input. */
function readTables(stdout: string): { usec: string; human: string }[] {
  return stdout
    .split('\n\n')
    .filter((block) => block.trim().length > 0)
    .map((block) => ({
      usec: /^\s*(?:μ|u)s: (\d+)$/m.exec(block)?.[1] ?? '?',
      human: /^\s*Human: (.*)$/m.exec(block)?.[1] ?? '?',
    }));
}

/** Whether a unit file line `OnActiveSec=<input>` gives systemd exactly the input. */
function fitsInUnitFile(input: string): boolean {
  return (
    input === input.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '') &&
    input.length > 0 &&
    !input.includes('%') &&
    !input.endsWith('\\') &&
    !/[\r\n]/.test(input)
  );
}

async function theirVerdicts(inputs: readonly string[]): Promise<Verdict[]> {
  const verdicts = new Map<string, Verdict>();
  const embeddable = [...new Set(inputs.filter(fitsInUnitFile))];
  const directory = mkdtempSync(join(tmpdir(), 'timespan-agreement-'));
  try {
    const unit = join(directory, 'spans.timer');
    const header = '[Unit]\nDescription=time spans\n\n[Timer]\nOnCalendar=daily\n';
    writeFileSync(unit, header + embeddable.map((input) => `OnActiveSec=${input}\n`).join(''));
    writeFileSync(join(directory, 'spans.service'), '[Service]\nExecStart=/bin/true\n');
    const verify = await run(['verify', '--man=no', unit]);
    const firstLine = header.split('\n').length; // the first OnActiveSec= line, 1-based
    const rejected = new Set<number>();
    for (const match of verify.stderr.matchAll(/spans\.timer:(\d+): Failed to parse timer value/g)) {
      rejected.add(Number(match[1]) - firstLine);
    }
    const accepted = embeddable.filter((_, i) => !rejected.has(i));
    embeddable.forEach((input, i) => rejected.has(i) && verdicts.set(input, { ok: false }));
    const shown = await run(['timespan', '--', ...accepted]);
    assert.equal(shown.status, 0, `systemd-analyze timespan refused what verify took: ${shown.stderr}`);
    const tables = readTables(shown.stdout);
    assert.equal(tables.length, accepted.length, 'one table per input');
    accepted.forEach((input, i) => verdicts.set(input, { ok: true, ...tables[i]! }));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  // The rest through `timespan` itself; a run stops at the first input it refuses, so each refusal costs a run.
  // Three chains of runs at once.
  const rest = [...new Set(inputs.filter((input) => !verdicts.has(input)))];
  const chain = async (part: string[]) => {
    while (part.length > 0) {
      const shown = await run(['timespan', '--', ...part]);
      const tables = readTables(shown.stdout);
      tables.forEach((table, i) => verdicts.set(part[i]!, { ok: true, ...table }));
      if (shown.status === 0) break;
      verdicts.set(part[tables.length]!, { ok: false });
      part = part.slice(tables.length + 1);
    }
  };
  await Promise.all([0, 1, 2].map((k) => chain(rest.filter((_, i) => i % 3 === k))));
  return inputs.map((input) => verdicts.get(input)!);
}

function ourVerdict(input: string): Verdict {
  const parsed = parseTimespan(input);
  return parsed.ok ? { ok: true, usec: parsed.usec.toString(), human: formatTimespan(parsed.usec) } : { ok: false };
}

const version = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const missing = version.error || version.status !== 0 ? 'systemd-analyze is not installed' : undefined;
if (missing) console.log(`# time span agreement skipped: ${missing}`);

test('time span agreement with systemd-analyze timespan', { skip: missing ?? false }, async () => {
  const inputs = [
    ...generatedTimespans(2400),
    // Every unit spelling once, alone and after a fraction.
    ...UNITS.flatMap((unit) => [`1${unit}`, `2.5 ${unit}`]),
    ...WRONG_UNITS.map((unit) => `3${unit}`),
  ];
  const theirs = await theirVerdicts(inputs);
  let accepted = 0;
  let same = 0;
  const differences: string[] = [];
  inputs.forEach((input, i) => {
    const a = theirs[i]!;
    const b = ourVerdict(input);
    if (a.ok) accepted++;
    if (a.ok === b.ok && a.usec === b.usec && a.human === b.human) same++;
    else differences.push(`${JSON.stringify(input)}: systemd ${JSON.stringify(a)}, ours ${JSON.stringify(b)}`);
  });
  console.log(
    `# time spans: ${inputs.length} inputs, systemd accepts ${accepted}; same verdict, microseconds and ` +
      `normalised form for ${same}`,
  );
  assert.deepEqual(differences.slice(0, 30), [], `${differences.length} differences`);
});
