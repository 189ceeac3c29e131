import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { findDirective } from '../../../server/src/service/catalog';
import {
  calendarPreview,
  checkCalendar,
  formatFromNow,
  formatTimestamp,
  localZoneOf,
} from '../../../server/src/service/values/calendar';
import { nextElapse, nextElapses } from '../../../server/src/service/values/calendar-next';
import { isKnownTimeZone, parseCalendar } from '../../../server/src/service/values/calendar-spec';
import {
  localFields,
  makeTime,
  utcFields,
  UTC_ZONE,
  zoneRules,
  type BrokenDownTime,
} from '../../../server/src/service/values/calendar-time';
import { TZDATA_VERSION, ZONE_NAMES } from '../../../server/src/service/values/calendar-zones';

const UTC_NAMES = { localNames: ['UTC', 'UTC'] as const };

function normalized(text: string): string {
  const parsed = parseCalendar(text, UTC_NAMES);
  return parsed.ok ? parsed.normalized : `invalid: ${parsed.message}`;
}

describe('calendar events: normalised forms (checked with systemd-analyze calendar)', () => {
  const cases: [string, string][] = [
    ['Fri,Tue,Sat..Sun,Mon', 'Mon,Tue,Fri..Sun *-*-* 00:00:00'],
    ['Tue,Sat 24-*-* 5,3:07', 'Tue,Sat 2024-*-* 03,05:07:00'],
    ['Thu *-4', 'Thu *-*-04 00:00:00'],
    ['minutely', '*-*-* *:*:00'],
    ['Thu..Thu,Thu *-9', 'Thu *-*-09 00:00:00'],
    ['Sun, 06:15', 'Sun *-*-* 06:15:00'],
    ['Thu..Sun,Mon 24-06-09 4:5:6', 'Mon,Thu..Sun 2024-06-09 04:05:06'],
    ['*-*-9 1:2:3', '*-*-09 01:02:03'],
    ['quarterly', '*-01,04,07,10-01 00:00:00'],
    ['11-20', '*-11-20 00:00:00'],
    ['weekly', 'Mon *-*-* 00:00:00'],
    ['friday *-07-* 18:30', 'Fri *-07-* 18:30:00'],
    ['Tue,Thu *-*-9,4,6 *:15:20', 'Tue,Thu *-*-04,06,09 *:15:20'],
    ['9,11,10,9:40,5,25', '*-*-* 09,10,11:05,25,40:00'],
    ['8..10:05,35', '*-*-* 08..10:05,35:00'],
    ['tue,thu *-2/3-2,9 *:05:10', 'Tue,Thu *-02/3-02,09 *:05:10'],
    ['Mon,Tue 11-02 07:06:05', 'Mon,Tue *-11-02 07:06:05'],
    ['06:05', '*-*-* 06:05:00'],
    ['monthly', '*-*-01 00:00:00'],
    ['2010-06-07 08:09', '2010-06-07 08:09:00'],
    ['08:09:10.1234565/2.5000005', '*-*-* 08:09:10.123457/2.500001'],
    ['2010-03..05-07', '2010-03..05-07 00:00:00'],
    ['2010-06-07 08:09 UTC', '2010-06-07 08:09:00 UTC'],
    ['weekly America/Chicago', 'Mon *-*-* 00:00:00 America/Chicago'],
    ['*:4/5', '*-*-* *:04/5:00'],
    ['semiannually', '*-01,07-01 00:00:00'],
    ['*-03~02', '*-03~02 00:00:00'],
    ['Sun *-10~07/1', 'Sun *-10~07/1 00:00:00'],
    // Beyond the man page
    ['@1395716396', '2014-03-25 02:59:56 UTC'],
    ['*:0/15', '*-*-* *:00/15:00'],
    ['*-*-* *:*:0/1', '*-*-* *:*:*'],
    ['0..5/2:00', '*-*-* 00..04/2:00:00'],
    ['3..3:00', '*-*-* 03:00:00'],
    ['*:*:1.5..3/0.5', '*-*-* *:*:01.500000..03/0.500000'],
    ['Mon-Wed 9:00', 'Mon..Wed *-*-* 09:00:00'],
    ['Mon..Sun', '*-*-* 00:00:00'],
    ['DAILY', '*-*-* 00:00:00'],
    ['bi-annually', '*-01,07-01 00:00:00'],
    ['*-*~* 00:00', '*-*-* 00:00:00'],
    ['69-1-1', '2069-01-01 00:00:00'],
    ['70-1-1', '1970-01-01 00:00:00'],
    ['daily utc', '*-*-* 00:00:00 UTC'],
    ['daily Etc/UTC', '*-*-* 00:00:00 Etc/UTC'],
  ];
  for (const [input, expected] of cases) {
    test(`${input} → ${expected}`, () => assert.equal(normalized(input), expected));
  }
});

describe('calendar events systemd refuses, with the reason', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['someday', /`someday` is not a weekday, a date or a shorthand/],
    ['today', /`today` is not a weekday/],
    ['now', /`now` is not a weekday/],
    ['25:00', /the hour 25 is outside 0…23/],
    ['*:60', /the minute 60 is outside 0…59/],
    ['*:50/20', /the minute 50\/20 never repeats/],
    ['0/24:00', /repetition \/24 is longer than the the hour range|never repeats/],
    ['*-13-01', /the month 13 is outside 1…12/],
    ['*-02-32', /the day 32 is outside 1…31/],
    ['2200-01-01', /the year 2200 is outside 1970…2199/],
    ['1969-12-31', /the year 1969 is outside/],
    ['*-*~29', /with `~`/],
    ['*-*~24,27', /the second item of a list may be at most 25/],
    ['*:*:0/0', /a repetition of 0/],
    ['5..3:00', /runs backwards/],
    ['*:*:1.5..2', /shorter than a second needs a repetition/],
    ['Mondays', /`Mondays` is not a weekday/],
    ['Fri..Mon', /from Monday towards Sunday/],
    ['Mon..', /no end/],
    ['Mon..Wed..Fri', /one weekday range cannot follow another/],
    ['Mon...Fri', /expected a weekday|not a weekday/],
    ['12', /expected `:` after the hour/],
    ['12:', /expected a number \(minute\)/],
    ['*/2:00', /rather than `\*\/…`/],
    ['1:2:3:4', /unexpected/],
    ['2024-01-01T12:00', /a space between the date and the time, not `T`/],
    ['*-*-* 12:00 Mars/Olympus', /expected `:` after the minutes|unexpected/],
    ['daily europe/berlin', /unexpected|not a weekday/],
    ['@', /seconds since 1970/],
    ['@99999999999', /the year .* is outside/],
    [' UTC', /a time zone needs an event before it/],
    ['*:*:5.', /must be followed by digits/],
    ['*-1,*-1', /expected a number|unexpected/],
  ];
  for (const [input, reason] of cases) {
    test(JSON.stringify(input), () => {
      const parsed = parseCalendar(input, UTC_NAMES);
      assert.equal(parsed.ok, false, `${input} was accepted`);
      if (!parsed.ok) assert.match(parsed.message, reason);
    });
  }

  test('the problem is located in the text where it can be', () => {
    const parsed = parseCalendar('Mon..Fri *-*-* 09:xx', UTC_NAMES);
    assert.ok(!parsed.ok);
    assert.equal(parsed.offset, 18);
  });

  test('a list may have 241 items, not 242', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => i % 60).join(',');
    assert.equal(parseCalendar(`*:${items(241)}`).ok, true);
    assert.equal(parseCalendar(`*:${items(242)}`).ok, false);
  });
});

describe('time zones', () => {
  test('the names systemd finds under /usr/share/zoneinfo', () => {
    for (const name of ['UTC', 'Europe/Berlin', 'US/Eastern', 'Etc/GMT+5', 'posix/Europe/Berlin', 'right/UTC', 'CET']) {
      assert.equal(isKnownTimeZone(name), true, name);
    }
    for (const name of [
      'europe/berlin',
      'Mars/Olympus',
      'Europe//Berlin',
      'Europe/Berlin/',
      '/etc/localtime',
      'CEST',
    ]) {
      assert.equal(isKnownTimeZone(name), false, name);
    }
  });

  test('the machine zone names are taken in standard or daylight-saving time', () => {
    const names = { localNames: ['CET', 'CEST'] as const };
    const summer = parseCalendar('daily CEST', names);
    assert.ok(summer.ok);
    assert.equal(summer.spec.dst, 1);
    const winter = parseCalendar('daily cet', names);
    assert.ok(winter.ok);
    assert.equal(winter.spec.dst, 0);
    assert.equal(winter.normalized, '*-*-* 00:00:00 CET');
    assert.equal(parseCalendar('daily CEST', UTC_NAMES).ok, false);
  });

  const zoneinfo = '/usr/share/zoneinfo/tzdata.zi';
  const installed = existsSync(zoneinfo) ? readFileSync(zoneinfo, 'utf8') : undefined;
  const version = installed ? /^# version (\S+)/m.exec(installed)?.[1] : undefined;
  test(
    'the zone list matches the installed tzdata of the same release',
    { skip: !installed ? `${zoneinfo} is absent` : version !== TZDATA_VERSION ? `tzdata ${version}` : false },
    () => {
      const names = new Set<string>();
      for (const line of installed!.split('\n')) {
        const fields = line.trim().split(/\s+/);
        if (fields[0] === 'Z') names.add(fields[1]!);
        if (fields[0] === 'L') names.add(fields[2]!);
      }
      assert.deepEqual(ZONE_NAMES.split(/\s+/).filter(Boolean).sort(), [...names].sort());
    },
  );
});

const at = (iso: string) => Date.parse(iso) * 1000;
const stamps = (times: readonly number[]) => times.map((usec) => new Date(usec / 1000).toISOString());

describe('next elapse', () => {
  function elapses(text: string, base: string, zone = 'UTC', names: readonly [string, string] = ['UTC', 'UTC']) {
    const parsed = parseCalendar(text, { localNames: names });
    assert.ok(parsed.ok, text);
    return stamps(nextElapses(parsed.spec, at(base), 5, { local: zoneRules(zone)! }).times);
  }

  test('weekdays at nine', () =>
    assert.deepEqual(elapses('Mon..Fri 09:00', '2023-11-14T22:13:20Z'), [
      '2023-11-15T09:00:00.000Z',
      '2023-11-16T09:00:00.000Z',
      '2023-11-17T09:00:00.000Z',
      '2023-11-20T09:00:00.000Z',
      '2023-11-21T09:00:00.000Z',
    ]));

  test('the last day of February, leap years included', () =>
    assert.deepEqual(elapses('*-02~01', '2023-01-01T00:00:00Z'), [
      '2023-02-28T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
      '2025-02-28T00:00:00.000Z',
      '2026-02-28T00:00:00.000Z',
      '2027-02-28T00:00:00.000Z',
    ]));

  test('fractional seconds', () =>
    assert.deepEqual(elapses('*:*:0/7.5', '2023-11-14T22:13:20.5Z').slice(0, 3), [
      '2023-11-14T22:13:22.500Z',
      '2023-11-14T22:13:30.000Z',
      '2023-11-14T22:13:37.500Z',
    ]));

  test('a time the clocks skip is skipped (Berlin, 31 March 2024)', () =>
    assert.deepEqual(elapses('*-*-* 02:30', '2024-03-31T00:30:00Z', 'Europe/Berlin', ['CET', 'CEST']).slice(0, 2), [
      '2024-04-01T00:30:00.000Z',
      '2024-04-02T00:30:00.000Z',
    ]));

  // systemd moves past the repeated hour: 01:30 EDT is followed by 02:00 EST, not by 01:00 EST.
  test('a repeated hour fires once (New York, 3 November 2024)', () =>
    assert.deepEqual(elapses('*:00/30', '2024-11-03T05:00:00Z', 'America/New_York', ['EST', 'EDT']).slice(0, 4), [
      '2024-11-03T05:30:00.000Z',
      '2024-11-03T07:00:00.000Z',
      '2024-11-03T07:30:00.000Z',
      '2024-11-03T08:00:00.000Z',
    ]));

  test('an event with its own zone', () =>
    assert.deepEqual(elapses('daily Asia/Kolkata', '2024-01-01T00:00:00Z').slice(0, 1), ['2024-01-01T18:30:00.000Z']));

  test('never, and past 2199', () => {
    const past = parseCalendar('2001-01-01');
    assert.ok(past.ok);
    assert.deepEqual(nextElapse(past.spec, at('2024-01-01T00:00:00Z'), { local: UTC_ZONE }), {
      ok: false,
      reason: 'never',
    });
    const impossible = parseCalendar('*-02-30');
    assert.ok(impossible.ok);
    assert.equal(nextElapses(impossible.spec, at('2024-01-01T00:00:00Z'), 5, { local: UTC_ZONE }).times.length, 0);
  });

  test('nothing runs away: every valid event answers quickly from any base', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('*-*-* *:*:*', 'Fri *-02-29', '*-*~28/3 23:59:59.999999', 'Sun *-*-01..07 03:00', '2199-12-31'),
        fc.integer({ min: 0, max: 7_000_000_000 }),
        (text, seconds) => {
          const parsed = parseCalendar(text);
          assert.ok(parsed.ok);
          const { times } = nextElapses(parsed.spec, seconds * 1_000_000, 3, { local: UTC_ZONE });
          for (let i = 1; i < times.length; i++) assert.ok(times[i]! > times[i - 1]!);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('broken-down time', () => {
  test('gmtime agrees with Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000, max: 8_000_000_000 }), (seconds) => {
        const f = utcFields(seconds);
        const d = new Date(seconds * 1000);
        assert.deepEqual(
          [f.year, f.month, f.day, f.hour, f.minute, f.second, f.weekday],
          [
            d.getUTCFullYear(),
            d.getUTCMonth(),
            d.getUTCDate(),
            d.getUTCHours(),
            d.getUTCMinutes(),
            d.getUTCSeconds(),
            d.getUTCDay(),
          ],
        );
      }),
    );
  });

  test('mktime normalises fields out of range', () => {
    const tm: BrokenDownTime = { ...utcFields(0), year: 2024, month: 1, day: 30, hour: 25, minute: -1, dst: -1 };
    const t = makeTime(UTC_ZONE, tm, { offset: 0 });
    assert.equal(t, Date.UTC(2024, 2, 2, 0, 59) / 1000);
    assert.deepEqual([tm.month, tm.day, tm.hour, tm.minute], [2, 2, 0, 59]);
  });

  test('local time in a zone', () => {
    const berlin = zoneRules('Europe/Berlin')!;
    const summer = localFields(berlin, Date.UTC(2024, 6, 1, 12) / 1000);
    assert.deepEqual([summer.hour, summer.dst], [14, 1]);
    const winter = localFields(berlin, Date.UTC(2024, 0, 1, 12) / 1000);
    assert.deepEqual([winter.hour, winter.dst], [13, 0]);
    const dublinWinter = localFields(zoneRules('Europe/Dublin')!, Date.UTC(2024, 0, 1, 12) / 1000);
    assert.equal(dublinWinter.dst, 1, 'tzdata marks Irish winter time as the daylight-saving part');
  });
});

describe('the checker for OnCalendar=', () => {
  const directive = findDirective('Timer', 'OnCalendar')!;
  const context = { directive, section: 'Timer', unitType: 'timer' as const, dropIn: false };
  const codes = (value: string) => checkCalendar(value, context).map((f) => `${f.code}:${f.severity}`);

  test('the catalog gives OnCalendar= the calendar kind', () => assert.equal(directive.kind, 'calendar'));

  test('valid events and resets say nothing', () => {
    for (const value of ['', 'daily', 'Mon..Fri 09:00', '*:0/15', '2025-06-01 12:00 Europe/Berlin', 'weekly %%']) {
      assert.deepEqual(codes(value), value === 'weekly %%' ? ['invalid-calendar:warning'] : [], value);
    }
  });

  test('systemd logs and ignores what it cannot read: a warning', () => {
    assert.deepEqual(codes('someday'), ['invalid-calendar:warning']);
    const [finding] = checkCalendar('Mon *-*-* 9:xx', context);
    assert.equal(finding?.offset, 12);
    assert.match(finding!.message, /systemd ignores this line/);
  });

  test('specifiers are resolved first', () => {
    assert.deepEqual(codes('%i'), []);
    assert.deepEqual(codes('*-*-* %Z:00'), ['unknown-specifier:warning']);
  });

  test('a zone abbreviation depends on the machine; a lower-case word is a mistake', () => {
    assert.deepEqual(codes('daily XYZT'), ['calendar-zone-abbreviation:information']);
    assert.deepEqual(codes('daily utcc'), ['invalid-calendar:warning']);
  });
});

describe('the preview the hover shows', () => {
  const utc = localZoneOf('UTC');
  const now = at('2023-11-14T22:13:20Z');

  test('laid out as systemd-analyze calendar prints it', () => {
    assert.deepEqual(calendarPreview('Mon..Fri 9:00', { nowUsec: now, zone: utc, iterations: 2 }), [
      '  Original form: Mon..Fri 9:00',
      'Normalized form: Mon..Fri *-*-* 09:00:00',
      '    Next elapse: Wed 2023-11-15 09:00:00 UTC',
      '       From now: 10h left',
      '       Iter. #2: Thu 2023-11-16 09:00:00 UTC',
      '       From now: 1 day 10h left',
    ]);
  });

  test('with the time in UTC where the machine is elsewhere', () => {
    const lines = calendarPreview('2024-01-01 00:00 UTC', { nowUsec: now, zone: localZoneOf('Europe/Berlin') })!;
    assert.deepEqual(lines.slice(2), [
      '    Next elapse: Mon 2024-01-01 01:00:00 ' + zoneRules('Europe/Berlin')!.abbreviationAt(1704067200),
      '       (in UTC): Mon 2024-01-01 00:00:00 UTC',
      '       From now: 1 month 16 days left',
    ]);
  });

  test('no UTC line where the machine is in UTC under another name', () => {
    const lines = calendarPreview('2024-01-01 00:00 UTC', { nowUsec: now, zone: localZoneOf('Etc/UTC') })!;
    assert.deepEqual(lines.slice(2, 4), [
      '    Next elapse: Mon 2024-01-01 00:00:00 UTC',
      '       From now: 1 month 16 days left',
    ]);
  });

  test('never', () =>
    assert.deepEqual(calendarPreview('2001-01-01', { nowUsec: now, zone: utc }), [
      '  Original form: 2001-01-01',
      'Normalized form: 2001-01-01 00:00:00',
      '    Next elapse: never',
    ]));

  test('nothing for what systemd cannot read or what has specifiers', () => {
    assert.equal(calendarPreview('someday', { nowUsec: now, zone: utc }), undefined);
    assert.equal(calendarPreview('*-*-%i', { nowUsec: now, zone: utc }), undefined);
  });

  test('timestamps and distances in systemd words', () => {
    assert.equal(formatTimestamp(at('2024-04-01T00:30:00Z'), UTC_ZONE), 'Mon 2024-04-01 00:30:00 UTC');
    const cases: [number, string][] = [
      [0, 'now'],
      [500, '500us left'],
      [1500, '1ms left'],
      [59_000_000, '59s left'],
      [61_000_000, '1min 1s left'],
      [3_600_000_000 + 120_000_000, '1h 2min left'],
      [7 * 3_600_000_000, '7h left'],
      [26 * 3_600_000_000, '1 day 2h left'],
      [3 * 86_400_000_000, '3 days left'],
      [9 * 86_400_000_000, '1 week 2 days left'],
      [40 * 86_400_000_000, '1 month 9 days left'],
      [400 * 86_400_000_000, '1 year 1 month left'],
      [-90_000_000, '1min 30s ago'],
    ];
    for (const [delta, text] of cases) assert.equal(formatFromNow(now + delta, now), text, String(delta));
  });
});

describe('calendar events never throw', () => {
  test('arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const parsed = parseCalendar(text);
        if (parsed.ok) nextElapses(parsed.spec, at('2024-01-01T00:00:00Z'), 2, { local: UTC_ZONE });
      }),
      { numRuns: 2000 },
    );
  });

  test('text built from the syntax', () => {
    const piece = fc.constantFrom(...'0123456789*-~.:,/ @'.split(''), 'Mon', 'sun', '..', 'UTC', 'Europe/Berlin');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const parsed = parseCalendar(pieces.join(''));
        if (parsed.ok) {
          assert.equal(parseCalendar(parsed.normalized).ok, true, `${parsed.normalized} does not read back`);
          nextElapses(parsed.spec, at('2024-01-01T00:00:00Z'), 2, { local: UTC_ZONE });
        }
      }),
      { numRuns: 3000 },
    );
  });
});
