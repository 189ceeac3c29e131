import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { nextElapses } from '../../server/src/service/values/calendar-next';
import { parseCalendar } from '../../server/src/service/values/calendar-spec';
import { localFields, zoneRules, type MktimeMemory } from '../../server/src/service/values/calendar-time';
import { generatedExpressions, MAN_PAGE_EXAMPLES } from './calendar-cases';

/**
 * Our calendar events against `systemd-analyze calendar --iterations=5` on this machine: the same verdict, the same
 * normalised form and the same five elapse times from the same base time (`--base-time=@…`), for the examples of
 * systemd.time(7) and a few thousand generated expressions, in a few time zones. Each batch is one process, so
 * the test takes seconds.
 *
 * Differences between systemd 252 and newer releases, as far as we know them:
 *
 * | Release          | Calendar events                                                                          |
 * | ---------------- | ---------------------------------------------------------------------------------------- |
 * | 252.31 and older | No step past a result before the start: with a zone abbreviation that forces summer time |
 * |                  | (`hourly EDT`) or in Europe/Dublin, an elapse can repeat or go back an hour.             |
 * | 252.38 (Debian)  | Carries the spring-2025 fix (systemd PR #36897): such a result moves on an hour. This is |
 * |                  | what this machine runs and what calendar-next.ts does.                                   |
 * | 253–256          | src/shared/calendarspec.c changed only in code style; same parsing and elapse times.     |
 * | 257+             | Not checked here (no such systemd on this machine); nothing known that reads differently.|
 *
 * None of these changes what is valid, so the checker needs no systemdVersion gate.
 *
 * What we cannot do like systemd, and leave out of the comparison:
 * - `right/…` zones count leap seconds; we compute them as the zone without `right/`.
 * - time zone abbreviations (`CET`, `EST`) come from the C library's tzname; we take them from Intl, which
 *   knows them for fewer zones. The batches here pass systemd's names in.
 */

const ITERATIONS = 5;

interface Batch {
  readonly name: string;
  /** TZ for systemd-analyze, and the zone we compute "local" events in. */
  readonly zone: string;
  /** The zone's tzname pair as glibc sets it. */
  readonly names: readonly [string, string];
  /** --base-time, in seconds since the epoch. */
  readonly base: number;
  readonly expressions: readonly string[];
}

/** Around a clock change: hours that are skipped or repeated, and the machine's own zone names. */
const CLOCK_CHANGE_EXAMPLES: readonly string[] = [
  'hourly',
  'minutely',
  '*:0/30',
  '*:0/20:0/7.5',
  '*-*-* 00..05:00',
  '*-*-* 01:00..59/10',
  '*-*-* 01:30',
  '*-*-* 02:00',
  '*-*-* 02:30',
  '*-*-* 02:30:00.5',
  '*-*-* 03:00',
  '*-*-* 01,02,03:15',
  '*-*-* 02:*:00',
  'Sun *-*-* 02:30',
  'Sun *-03,11-* 01..03:00,30',
  '*-03~01 02:30',
  '*-*~01..07 01:30',
  '*-03-31 02:30',
  '2024-11-03 01:30',
  '2024-11-03 01:*',
  '2024-04-07 01:45',
  '2024-04-07 02:15',
  'daily',
  'weekly',
];

/** The zone's tzname pair after each expression, for the batches of one zone. */
function withNames(names: readonly [string, string]): string[] {
  return names.flatMap((name) => [
    `daily ${name}`,
    `hourly ${name}`,
    `*-*-* 01:30 ${name}`,
    `*-*-* 02:30 ${name}`,
    `${name.toLowerCase() === name ? name.toUpperCase() : name.toLowerCase()}`,
    `Sun 03:00 ${name.toLowerCase()}`,
  ]);
}

const BATCHES: readonly Batch[] = [
  {
    name: 'UTC',
    zone: 'UTC',
    names: ['UTC', 'UTC'],
    base: 1700000000, // Tue 2023-11-14 22:13:20 UTC
    expressions: [...MAN_PAGE_EXAMPLES, ...generatedExpressions(2200, 252)],
  },
  {
    name: 'Europe/Berlin, before the spring change',
    zone: 'Europe/Berlin',
    names: ['CET', 'CEST'],
    base: 1711845000, // Sun 2024-03-31 01:30 CET, an hour before the clocks go forward
    expressions: [
      ...CLOCK_CHANGE_EXAMPLES,
      ...withNames(['CET', 'CEST']),
      ...MAN_PAGE_EXAMPLES,
      ...generatedExpressions(400, 7),
    ],
  },
  {
    name: 'America/New_York, in the repeated hour',
    zone: 'America/New_York',
    names: ['EST', 'EDT'],
    base: 1730611800, // Sun 2024-11-03 01:30 EDT, the first of the two 01:30s
    expressions: [
      ...CLOCK_CHANGE_EXAMPLES,
      ...withNames(['EST', 'EDT']),
      ...MAN_PAGE_EXAMPLES,
      ...generatedExpressions(400, 11),
    ],
  },
  {
    name: 'Europe/Dublin, where winter is the daylight-saving part',
    zone: 'Europe/Dublin',
    names: ['IST', 'GMT'],
    base: 1743285600, // Sat 2025-03-29 22:00 GMT, three hours before the clocks go forward
    expressions: [...CLOCK_CHANGE_EXAMPLES, ...withNames(['IST', 'GMT']), ...generatedExpressions(150, 5)],
  },
  {
    name: 'Australia/Lord_Howe, half-hour daylight saving',
    zone: 'Australia/Lord_Howe',
    names: ['+1030', '+11'],
    base: 1712415600, // Sun 2024-04-07 01:30 +11, in the repeated half hour
    expressions: [...CLOCK_CHANGE_EXAMPLES, ...withNames(['+1030', '+11']), ...generatedExpressions(200, 3)],
  },
];

interface Verdict {
  readonly accepted: boolean;
  readonly normalized?: string;
  /** Elapse times in whole seconds (systemd prints no fraction), UTC. */
  readonly times?: readonly number[];
  /** The local wall-clock times, `YYYY-MM-DD HH:MM:SS`. */
  readonly local?: readonly string[];
  /** systemd gave up computing the elapse (its 1,000-step limit). */
  readonly stuck?: boolean;
}

function systemdAnalyzeMissing(): string | undefined {
  const run = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) return 'systemd-analyze is not installed';
  const help = spawnSync('systemd-analyze', ['--help'], { encoding: 'utf8' });
  if (!help.stdout.includes('--base-time')) return 'this systemd-analyze has no --base-time';
  return undefined;
}

const STAMP = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/;

function utcSeconds(stamp: string): number {
  const m = STAMP.exec(stamp);
  assert.ok(m, `not a timestamp: ${stamp}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
}

/** Runs a command to its end and collects what it prints. */
function collect(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', () =>
      resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

/** Runs one batch through systemd-analyze (one process) and reads its verdict per expression. */
async function theirVerdicts(batch: Batch): Promise<Verdict[]> {
  const run = await collect(
    'systemd-analyze',
    ['calendar', `--iterations=${ITERATIONS}`, `--base-time=@${batch.base}`, '--', ...batch.expressions],
    { ...process.env, TZ: batch.zone, SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '', COLUMNS: '100000', LC_ALL: 'C.UTF-8' },
  );
  const lines = run.stdout.split('\n');
  let at = 0;
  return batch.expressions.map((expression): Verdict => {
    const rows: [string, string][] = [];
    while (at < lines.length && lines[at] !== '') {
      const line = lines[at++]!;
      const colon = line.indexOf(': ');
      rows.push([line.slice(0, colon).trim(), line.slice(colon + 2)]);
    }
    at++;
    if (rows.length === 0) {
      const stuck = run.stderr.includes(`Failed to determine next elapse for '${expression}'`);
      return stuck ? { accepted: true, stuck: true } : { accepted: false };
    }
    const normalized = rows.find(([label]) => label === 'Normalized form')?.[1];
    const elapses = rows.filter(([label]) => label === 'Next elapse' || label.startsWith('Iter. #'));
    const utcRows = batch.zone === 'UTC' ? elapses : rows.filter(([label]) => label === '(in UTC)');
    const never = elapses.length === 1 && elapses[0]![1] === 'never';
    return {
      accepted: true,
      normalized,
      times: never ? [] : utcRows.map(([, stamp]) => utcSeconds(stamp)),
      local: never ? [] : elapses.map(([, stamp]) => STAMP.exec(stamp)?.[0] ?? stamp),
    };
  });
}

function wallClock(seconds: number, zone: string): string {
  const f = localFields(zoneRules(zone)!, seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${f.year}-${two(f.month + 1)}-${two(f.day)} ${two(f.hour)}:${two(f.minute)}:${two(f.second)}`;
}

/** Ours, computed as one systemd-analyze process would: mktime()'s guess carries from one expression to the next. */
function ourVerdicts(batch: Batch): Verdict[] {
  const local = zoneRules(batch.zone);
  assert.ok(local, `Intl does not know ${batch.zone}`);
  const memory: MktimeMemory = { offset: 0 };
  return batch.expressions.map((expression): Verdict => {
    const parsed = parseCalendar(expression, { localNames: batch.names });
    if (!parsed.ok) return { accepted: false };
    const { times, end } = nextElapses(parsed.spec, batch.base * 1_000_000, ITERATIONS, { local, memory });
    if (times.length === 0 && end?.reason === 'stuck') return { accepted: true, stuck: true };
    const seconds = times.map((usec) => Math.floor(usec / 1_000_000));
    return {
      accepted: true,
      normalized: parsed.normalized,
      times: seconds,
      local: seconds.map((s) => wallClock(s, batch.zone)),
    };
  });
}

const missing = systemdAnalyzeMissing();
if (missing) console.log(`# calendar agreement skipped: ${missing}`);

// All batches run at once; each test waits for its own.
const runs = missing ? [] : BATCHES.map((batch) => theirVerdicts(batch));
// A batch whose test is not run must not leave an unhandled rejection behind.
for (const run of runs) run.catch(() => undefined);

BATCHES.forEach((batch, index) => {
  test(`calendar agreement with systemd-analyze: ${batch.name}`, { skip: missing ?? false }, async () => {
    const theirs = await runs[index]!;
    const ours = ourVerdicts(batch);
    let accepted = 0;
    let sameVerdict = 0;
    let sameForm = 0;
    let sameTimes = 0;
    let elapsing = 0;
    const differences: string[] = [];
    batch.expressions.forEach((expression, i) => {
      const a = theirs[i]!;
      const b = ours[i]!;
      const label = JSON.stringify(expression);
      if (a.accepted) accepted++;
      if (a.accepted !== b.accepted) {
        differences.push(`${label}: systemd ${a.accepted ? 'accepts' : 'rejects'}, we do not`);
        return;
      }
      sameVerdict++;
      if (!a.accepted) return;
      if (a.stuck || b.stuck) {
        if (a.stuck !== b.stuck) differences.push(`${label}: systemd stuck ${a.stuck}, ours ${b.stuck}`);
        return;
      }
      if (a.normalized === b.normalized) sameForm++;
      else
        differences.push(`${label}: normalised ${JSON.stringify(a.normalized)}, ours ${JSON.stringify(b.normalized)}`);
      if (a.times!.length > 0) elapsing++;
      if (JSON.stringify(a.times) === JSON.stringify(b.times) && JSON.stringify(a.local) === JSON.stringify(b.local)) {
        sameTimes++;
      } else {
        differences.push(`${label}: elapses ${a.local!.join(', ')} | ours ${b.local!.join(', ')}`);
      }
    });
    console.log(
      `# calendar ${batch.name} (TZ=${batch.zone}): ${batch.expressions.length} expressions, systemd accepts ` +
        `${accepted}; same verdict ${sameVerdict}, same normalised form ${sameForm}, same ${ITERATIONS} elapses ` +
        `${sameTimes} (${elapsing} that elapse at all)`,
    );
    assert.deepEqual(differences.slice(0, 30), [], `${differences.length} differences`);
  });
});

test('calendar agreement: the set covers enough expressions', () => {
  const total = BATCHES.reduce((sum, batch) => sum + batch.expressions.length, 0);
  assert.ok(total >= 2000, `only ${total} expressions`);
  const utc = BATCHES[0]!.expressions;
  assert.ok(new Set(utc).size > 1500, 'the generator repeats itself too much');
});
