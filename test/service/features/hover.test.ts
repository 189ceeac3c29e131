import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { allDirectives } from '../../../server/src/service/catalog';
import { sectionsOf, UNIT_TYPES } from '../../../server/src/service/catalog/unitTypes';
import { getLanguageService } from '../../../server/src/service/languageService';
import { sanitizeSettings } from '../../../server/src/service/settings';
import { documentOf, ROOT, withCursor } from '../../helpers';

const service = getLanguageService();

/** The hover at the `|` cursor: its markdown and the text its range covers, or null. */
function hoverAt(marked: string, name = 'test.service', settings = sanitizeSettings({})) {
  const { text, offset } = withCursor(marked);
  const document = documentOf(text, name);
  const hover = service.doHover(document, document.positionAt(offset), settings);
  if (!hover) return null;
  const range = hover.range!;
  return {
    markdown: (hover.contents as MarkupContent).value,
    covers: text.slice(document.offsetAt(range.start), document.offsetAt(range.end)),
  };
}

function check(marked: string, covers: string, ...expected: (string | RegExp)[]) {
  const hover = hoverAt(marked);
  assert.ok(hover, `no hover for ${JSON.stringify(marked)}`);
  assert.equal(hover.covers, covers);
  for (const part of expected) {
    if (typeof part === 'string')
      assert.ok(hover.markdown.includes(part), `${JSON.stringify(part)} not in:\n${hover.markdown}`);
    else assert.match(hover.markdown, part);
  }
}

describe('hover: directive names', () => {
  test('name, section, summary, value syntax, link', () =>
    check(
      '[Service]\nRest|art=on-failure\n',
      'Restart',
      '**Restart=** · [Service]',
      'Value:',
      'systemd.service.html#Restart=',
    ));

  test('the cursor at either end of the name', () => {
    check('[Service]\n|Type=simple\n', 'Type', '**Type=**');
    check('[Service]\nType|=simple\n', 'Type', '**Type=**');
  });

  test('shared exec settings in every section that accepts them', () => {
    check('[Socket]\nPrivate|Tmp=yes\n', 'PrivateTmp', '· [Socket]', 'systemd.exec.html#PrivateTmp=');
    check('[Service]\nPrivate|Tmp=yes\n', 'PrivateTmp', '· [Service]');
  });

  test('lists say that they add up and how to reset them', () =>
    check('[Service]\nExecStart|Pre=/bin/true\n', 'ExecStartPre', /more than once/));

  test('a directive in the wrong section still explains itself, with a warning', () =>
    check('[Unit]\nWanted|By=multi-user.target\n', 'WantedBy', '[Install]', '⚠'));

  test('deprecated directives name their replacement', () =>
    check('[Service]\nMemory|Limit=1G\n', 'MemoryLimit', 'Deprecated: use `MemoryMax=` instead.'));

  test('a directive newer than the configured systemd version says so', () => {
    const hover = hoverAt('[Service]\nProtect|Hostname=yes\n', 'a.service', sanitizeSettings({ systemdVersion: 230 }));
    assert.match(hover!.markdown, /Needs systemd \d+ or newer; `systemdUnits.systemdVersion` is 230/);
    assert.doesNotMatch(hoverAt('[Service]\nProtect|Hostname=yes\n')!.markdown, /Needs systemd/);
  });

  test('unknown directives and X- keys get no hover', () => {
    assert.equal(hoverAt('[Service]\nExecStrat|=/bin/true\n'), null);
    assert.equal(hoverAt('[Service]\nX-My|Key=1\n'), null);
    assert.equal(hoverAt('Descr|iption=before any section\n'), null);
  });
});

describe('hover: sections', () => {
  test('a section header explains the section and the unit type', () =>
    check('[Ser|vice]\nExecStart=/bin/true\n', 'Service', '**[Service]**', '**.service**', 'systemd.service.html'));

  test('[Unit] in a timer also explains timers', () => {
    const hover = hoverAt('[Un|it]\n', 'backup.timer');
    assert.ok(hover!.markdown.includes('**.timer**'));
  });

  test('an unknown section gets no hover', () => assert.equal(hoverAt('[Bo|gus]\n'), null));
});

describe('hover: values', () => {
  test('an enum value means something', () => check('[Service]\nType=no|tify\n', 'notify', '**Type=notify**'));

  test('enum values of Restart=', () =>
    check('[Service]\nRestart=on-fail|ure\n', 'on-failure', '**Restart=on-failure**'));

  test('a time span is normalised as systemd prints it', () => {
    check('[Service]\nRestartSec=9|0\n', '90', '= **1min 30s**');
    check('[Service]\nTimeoutStopSec=1.5|h\n', '1.5h', '= **1h 30min**');
  });

  test('a byte size is normalised', () =>
    check('[Service]\nMemoryMax=1.5|G\n', '1.5G', '= **1.5 GiB** (1610612736 bytes)'));

  test('booleans', () => check('[Service]\nPrivateTmp=ye|s\n', 'yes', 'turns this on'));

  test('specifiers', () => {
    check('[Service]\nExecStart=/usr/bin/agetty %|I\n', '%I', '**%I**');
    check('[Unit]\nDescription=Getty on |%i\n', '%i', '**%i**');
  });

  test('well-known units in dependency lists', () =>
    check(
      '[Unit]\nAfter=network.target network-on|line.target\n',
      'network-online.target',
      '**network-online.target**',
      'systemd.special.html',
    ));

  test('in a value of a million characters: specifiers still, no word searched to its ends (found by the fuzzer)', () => {
    check(`[Unit]\nDescription=${'%%x'.repeat(100_000)} |%i\n`, '%i', '**%i**');
    assert.equal(hoverAt(`[Unit]\nAfter=${'a'.repeat(500_000)}|${'b'.repeat(500_000)}\n`), null);
    check(
      `[Unit]\nAfter=${'x '.repeat(400_000)}network-on|line.target\n`,
      'network-online.target',
      '**network-online.target**',
    );
  });

  test('values of unknown directives get no hover', () => assert.equal(hoverAt('[Service]\nBogus=ye|s\n'), null));
});

describe('hover: calendar events', () => {
  // Dates far ahead, so the answer does not depend on the day the test runs.
  test('the normalised form and the next elapses, as systemd-analyze calendar prints them', () => {
    const hover = hoverAt('[Timer]\nOnCalendar=2099-01-01..03 12:|00 UTC\n', 'a.timer');
    assert.ok(hover);
    assert.equal(hover.covers, '2099-01-01..03 12:00 UTC');
    assert.match(hover.markdown, /^```text\n {2}Original form: 2099-01-01\.\.03 12:00 UTC\n/);
    assert.match(hover.markdown, /Normalized form: 2099-01-01\.\.03 12:00:00 UTC\n/);
    for (const line of [
      'Thu 2099-01-01 12:00:00 UTC',
      'Iter. #2: ',
      'Fri 2099-01-02 12:00:00 UTC',
      'Iter. #3: ',
      'Sat 2099-01-03 12:00:00 UTC',
      'From now: ',
    ]) {
      assert.ok(hover.markdown.includes(line), `${line} not in\n${hover.markdown}`);
    }
    assert.ok(!hover.markdown.includes('Iter. #4'), 'there are only three');
    assert.ok(hover.markdown.includes('systemd.time.html#Calendar%20Events'));
  });

  test('a shorthand', () => {
    const hover = hoverAt('[Timer]\nOnCalendar=dai|ly\n', 'a.timer');
    assert.ok(hover);
    assert.match(hover.markdown, /Normalized form: \*-\*-\* 00:00:00\n +Next elapse: \w{3} \d{4}-\d\d-\d\d 00:00:00 /);
    assert.match(hover.markdown, /Iter\. #5: /);
  });

  test('an event in the past never elapses', () =>
    check('[Timer]\nOnCalendar=2001-01-|01\n', '2001-01-01', 'Next elapse: never'));

  test('no preview for what systemd cannot read; the diagnostic says why', () => {
    assert.equal(hoverAt('[Timer]\nOnCalendar=some|day\n', 'a.timer'), null);
    assert.equal(hoverAt('[Timer]\nOnCalendar=*-*-%|i\n', 'a.timer')?.covers, '%i');
  });
});

describe('hover: every directive', () => {
  test('each of the 1,468 section/directive pairs answers with its docs and man page link', () => {
    const fileFor = (section: string) =>
      `x.${UNIT_TYPES.find((type) => sectionsOf(type).includes(section) && type !== 'target' && type !== 'device')}`;
    let count = 0;
    for (const directive of allDirectives()) {
      for (const section of directive.sections) {
        const hover = hoverAt(`[${section}]\n${directive.name}|=\n`, fileFor(section));
        assert.ok(hover, `${section}/${directive.name}`);
        assert.ok(hover.markdown.startsWith(`**${directive.name}=** · [${section}]`), hover.markdown);
        assert.ok(hover.markdown.includes(`](${directive.url})`), `${section}/${directive.name} has no link`);
        count++;
      }
    }
    assert.equal(count, 1468);
  });

  test('the version shown is the release that added it; old directives show none', () => {
    assert.doesNotMatch(hoverAt('[Unit]\nAft|er=x.service\n')!.markdown, /Since systemd/);
    assert.match(hoverAt('[Service]\nProtect|Hostname=yes\n')!.markdown, /Since systemd 2\d\d\./);
  });
});

test('the hover transcript in the README is what the service shows', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const quoted = readme
    .split('\n')
    .filter((line) => line.startsWith('>'))
    .map((line) => line.replace(/^> ?/, ''))
    .join(' ');
  const shown = hoverAt('[Service]\nRes|tart=on-failure\n')!.markdown;
  const words = (text: string) => text.replace(/\s+/g, ' ').trim();
  assert.equal(words(quoted), words(shown));
});
