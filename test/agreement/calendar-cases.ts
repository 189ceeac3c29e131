/**
 * Calendar events for the differential test: the examples of systemd.time(7) and a generated set, seeded so every
 * run checks the same expressions. The generator covers each piece of the syntax, right and wrong.
 */

/** The examples of systemd.time(7) (systemd 252), valid and invalid, in an order of our own. */
export const MAN_PAGE_EXAMPLES: readonly string[] = [
  '03-05',
  'hourly',
  'Mon,Sun 12-*-* 2,1:23',
  '*-*-7 0:0:0',
  '12..14:10,20,30',
  '08:05:40',
  'weekly Pacific/Auckland',
  'now',
  'Wed..Sat,Tue 12-10-15 1:2:3',
  '*-*-* 12:00 America/New_York',
  'weekly',
  'quarterly',
  '2012-11-23 11:12:13',
  'Wed *-1',
  '05:40',
  'Wed..Wed,Wed *-1',
  'Fri 2012-11-23 11:12:13',
  '*-02~03',
  '2003-03-05 05:40 UTC',
  'monthly',
  'yearly',
  '2003-03-05',
  '11min ago',
  'Wed, 17:48',
  '2012-11-23',
  'Mon *-05~07/1',
  '10-15',
  '2012-11-23 11:12:13 UTC',
  '@1395716396',
  'tomorrow',
  '2012-11-23T11:12:13Z',
  '2012-11-23 11:12:13 Europe/Berlin',
  'Thu,Fri 2012-*-1,5 11:12:13',
  'Sat,Thu,Mon..Wed,Sat..Sun',
  '*:2/3',
  '12-11-23 11:12:13',
  'today',
  'monday *-12-* 17:00',
  '2003-02..04-05',
  '-5s',
  '12,14,13,12:20,10,30',
  'minutely',
  'Sat,Sun 12-05 08:05:40',
  '11:12',
  '*-*-* *:*:0/5',
  '+3h30min',
  'Mon,Fri *-*-3,1,2 *:30:45',
  '05:40:23.4200004/3.1700005',
  'annually',
  'mon,fri *-1/2-1,3 *:30:45',
  '03-05 08:05:40',
  '11:12:13',
  '2003-03-05 05:40',
  'yesterday',
  'daily',
  'semiannually',
  'daily UTC',
  'Sat,Sun 08:05:40',
];

/** mulberry32: a small seeded generator, so the set is the same on every run. */
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

/** Spellings of each weekday, Monday first. */
const WEEKDAY_WORDS: readonly (readonly string[])[] = [
  ['Mon', 'Monday', 'mon', 'MONDAY'],
  ['Tue', 'tuesday', 'TUE'],
  ['Wed', 'WEDNESDAY', 'wed'],
  ['Thu', 'Thursday', 'thu'],
  ['Fri', 'friday', 'FRI'],
  ['Sat', 'Saturday', 'SAT', 'sat'],
  ['Sun', 'sunday', 'Sunday'],
];
const BAD_WEEKDAYS = [
  'Mo',
  'Mondays',
  'Frid',
  'Sonntag',
  'Mon...Fri',
  'Fri..Mon',
  'Mon..',
  'Mon,,Tue',
  'Mon..Wed..Fri',
];
const SHORTHANDS = [
  'minutely',
  'hourly',
  'daily',
  'monthly',
  'weekly',
  'yearly',
  'annually',
  'anually',
  'quarterly',
  'semiannually',
  'semi-annually',
  'biannually',
  'bi-annually',
  'Daily',
  'WEEKLY',
  'secondly',
  'fortnightly',
  'biweekly',
];
const ZONES = [
  'UTC',
  'utc',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Etc/GMT+5',
  'Etc/GMT-14',
  'Europe/Dublin',
  'Africa/Casablanca',
  'America/Sao_Paulo',
  'Pacific/Auckland',
  'posix/Europe/Berlin',
  'Etc/UTC',
  'GMT',
  'CET',
  'EST5EDT',
  'US/Eastern',
  'europe/berlin',
  'Mars/Olympus',
  'Europe//Berlin',
  'Europe/Berlin/',
  'CEST',
  'PST',
  'Z',
];

export function generatedExpressions(count: number, seed = 252): string[] {
  const next = random(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;

  const number = (max: number, width = 1): string => {
    const value = chance(0.08) ? max + 1 + int(40) : int(max + 1);
    return chance(0.3) ? String(value).padStart(width, '0') : String(value);
  };
  const item = (max: number, min = 0): string => {
    const start = min + int(max - min + 1);
    const roll = next();
    if (roll < 0.45) return chance(0.07) ? number(max) : String(start);
    if (roll < 0.65) return `${start}..${chance(0.85) ? start + int(max - start + 3) : int(max + 1)}`;
    if (roll < 0.85) return `${start}/${chance(0.1) ? 0 : 1 + int(Math.max(1, max / 2))}`;
    if (roll < 0.97) return `${start}..${start + int(max - start + 2)}/${1 + int(Math.max(1, max / 3))}`;
    return pick(['', '-1', 'x', `${start}.`, `${start}..`, `/2`, `${start}/`]);
  };
  const chain = (max: number, min = 0): string => {
    if (chance(0.3)) return '*';
    const items = Array.from({ length: 1 + (chance(0.3) ? int(4) : 0) }, () => item(max, min));
    return items.join(',');
  };
  const secondItem = (): string => {
    const whole = int(chance(0.05) ? 70 : 60);
    const fraction = chance(0.3) ? `.${String(int(10 ** (1 + int(8)))).padStart(1 + int(3), '0')}` : '';
    const roll = next();
    if (roll < 0.5) return `${whole}${fraction}`;
    if (roll < 0.7) return `${whole}${fraction}/${1 + int(30)}${chance(0.3) ? '.5' : ''}`;
    if (roll < 0.85) return `${whole}..${whole + int(20)}${chance(0.2) ? '.25' : ''}`;
    if (roll < 0.97) return `${whole}${fraction}..${whole + int(20)}/${chance(0.3) ? '0.5' : 1 + int(10)}`;
    return pick(['.5', '5.', '1.5..2', '0..0.5', '2147', '99999999999']);
  };
  const seconds = (): string =>
    chance(0.25) ? '*' : Array.from({ length: 1 + (chance(0.2) ? int(3) : 0) }, secondItem).join(',');
  const weekdays = (): string => {
    if (chance(0.06)) return pick(BAD_WEEKDAYS);
    const parts = Array.from({ length: 1 + int(3) }, () => {
      const a = int(7);
      if (chance(0.35)) {
        const b = chance(0.85) ? a + int(7 - a) : int(7);
        return `${pick(WEEKDAY_WORDS[a]!)}${chance(0.8) ? '..' : '-'}${pick(WEEKDAY_WORDS[b]!)}`;
      }
      return pick(WEEKDAY_WORDS[a]!);
    });
    return parts.join(',') + (chance(0.05) ? ',' : '');
  };
  const year = (): string => {
    const roll = next();
    if (roll < 0.3) return '*';
    if (roll < 0.45) return String(int(100)).padStart(2, '0');
    if (roll < 0.55) return `${2020 + int(20)}..${2025 + int(30)}`;
    if (roll < 0.62) return `${2020 + int(10)}/${1 + int(5)}`;
    if (roll < 0.68) return pick(['1969', '2200', '2199', '1970', '0', '99', '69', '70', '2024,2026', '*/2']);
    return String(2000 + int(60));
  };
  const date = (): string => {
    const roll = next();
    const month = chain(12, 1);
    const day = chance(0.9) ? chain(31, 1) : pick(['29', '30', '31', '0', '32']);
    if (roll < 0.55) return `${year()}-${month}${chance(0.12) ? '~' : '-'}${day}`;
    if (roll < 0.85) return `${month}${chance(0.12) ? '~' : '-'}${day}`;
    if (roll < 0.93) return `${month}~${chance(0.8) ? String(1 + int(31)) : `${1 + int(28)}/${1 + int(5)}`}`;
    return pick(['*-*-*', '2024-02-29', '*-02-30', '2023-02-29', '*-*~1', '*-*~28', '*-*~29', '2024~01-01']);
  };
  const time = (): string => {
    const roll = next();
    if (roll < 0.45) return `${chain(23)}:${chain(59)}:${seconds()}`;
    if (roll < 0.85) return `${chain(23)}:${chain(59)}`;
    return pick(['*:*', '*:0/15', '*/2:00', '24:00', '12', '12:', ':30', '1:2:3:4', '00:00:00.000001', '*:*:*']);
  };
  const zone = () => pick(ZONES);
  const garbageAlphabet = '0123456789*-~.:,/ @MonTueFriSatUTCday';

  const out: string[] = [];
  while (out.length < count) {
    const roll = next();
    let expression: string;
    if (roll < 0.08) {
      expression = pick(SHORTHANDS) + (chance(0.08) ? ` ${zone()}` : '');
    } else if (roll < 0.12) {
      const value = pick([
        String(int(4102444800)),
        String(int(7258118400)),
        '0',
        '-1',
        '+5',
        ' 5',
        '',
        'x',
        '99999999999999999999',
        '18446744073709551615',
        '4102444799',
        '7258118399',
        '7258118400',
      ]);
      expression = `@${value}${chance(0.05) ? ` ${zone()}` : chance(0.1) ? ' 12:00' : ''}`;
    } else if (roll < 0.16) {
      const length = 1 + int(14);
      expression = Array.from({ length }, () => garbageAlphabet[int(garbageAlphabet.length)]).join('');
    } else {
      const parts: string[] = [];
      if (chance(0.3)) parts.push(weekdays());
      const shape = next();
      if (shape < 0.45) parts.push(date(), time());
      else if (shape < 0.7) parts.push(date());
      else parts.push(time());
      if (chance(0.025)) parts.push(zone());
      expression = parts.join(chance(0.04) ? '  ' : ' ');
    }
    if (expression.length > 0 && !expression.includes('\n')) out.push(expression);
  }
  return out;
}
