import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatTimespan, parseTimespan, USEC_INFINITY } from '../../../server/src/service/values/timespan';

function human(text: string): string {
  const result = parseTimespan(text);
  return result.ok ? formatTimespan(result.usec) : 'invalid';
}

describe('time spans', () => {
  const cases: [string, string][] = [
    ['90', '1min 30s'],
    ['1.5h', '1h 30min'],
    ['5 mins', 'invalid'],
    ['1min30s', '1min 30s'],
    ['0', '0'],
    ['infinity', 'infinity'],
    ['1M', '1month'],
    ['2w 3d', '2w 3d'],
    ['0.5s', '500ms'],
    ['123456789us', '2min 3.456789s'],
    ['1 5', '6s'],
    ['', 'invalid'],
    ['1ns', 'invalid'],
    ['1.5', '1.500000s'],
    ['61.25s', '1min 1.250000s'],
    ['3600.5', '1h 500ms'],
    ['1.0000001s', '1s'],
    ['5S', 'invalid'],
    ['1d 25h', '2d 1h'],
    ['45.123ms', '45.123ms'],
    ['1e3', 'invalid'],
    ['1µs', '1us'],
    ['-5', 'invalid'],
    ['5+5', 'invalid'],
    ['1.5.5', 'invalid'],
    ['+.5', 'invalid'],
    ['5.', 'invalid'],
    ['+5', '5s'],
    ['5 +5', '10s'],
    ['1s+2s', '3s'],
    ['.5', '500ms'],
    ['1.5 min', '1min 30s'],
    ['infinity ', 'infinity'],
    ['infinityx', 'invalid'],
    // strtoll() limits and systemd's overflow check (test/agreement/timespan.test.ts has thousands more)
    ['9223372036854775807us', '292271y 1w 1d 10h 54.775807s'],
    ['9223372036854775808us', 'invalid'],
    ['584541y', '584541y'],
    ['584542y', 'invalid'],
    ['\v-0', '0'],
    ['\v-0.5', '500ms'],
    ['\v-5', 'invalid'],
    ['\v+5', '5s'],
    ['\v.5', 'invalid'],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(human(input), expected));
  }

  test('infinity and overflow', () => {
    assert.deepEqual(parseTimespan('infinity'), { ok: true, usec: USEC_INFINITY });
    assert.equal(parseTimespan('600000y').ok, false);
  });
});
