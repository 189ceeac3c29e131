import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(human(input), expected));
  }

  test('infinity and overflow', () => {
    assert.deepEqual(parseTimespan('infinity'), { ok: true, usec: USEC_INFINITY });
    assert.equal(parseTimespan('600000y').ok, false);
  });
});

/** Generated inputs, the same on every run: numbers, fractions, units, spacing and some garbage. */
function generatedInputs(count: number): string[] {
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const units = [
    '',
    's',
    'sec',
    'min',
    'm',
    'ms',
    'us',
    'h',
    'hr',
    'd',
    'w',
    'M',
    'y',
    'month',
    'minutes',
    'mins',
    'x',
    'µs',
  ];
  const inputs: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const n = 1 + random(3);
    for (let j = 0; j < n; j++) {
      let number = String(random(5) === 0 ? random(100000) : random(100));
      if (random(4) === 0) number += '.' + String(random(1000)).padStart(1 + random(3), '0');
      parts.push(number + (random(3) === 0 ? ' ' : '') + units[random(units.length)]);
    }
    inputs.push(parts.join(random(2) === 0 ? ' ' : ''));
  }
  return inputs;
}

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const skip = analyze.status === 0 ? false : 'systemd-analyze is not installed here';

test('differential: the same answers as systemd-analyze timespan', { skip }, () => {
  const mismatches: string[] = [];
  for (const input of generatedInputs(400)) {
    const result = spawnSync('systemd-analyze', ['timespan', '--', input], { encoding: 'utf8' });
    const theirs = result.status === 0 ? (/Human: (.*)/.exec(result.stdout)?.[1] ?? '?') : 'invalid';
    const ours = human(input);
    if (ours !== theirs) mismatches.push(`${JSON.stringify(input)}: ours ${ours}, systemd ${theirs}`);
  }
  assert.deepEqual(mismatches, []);
});
