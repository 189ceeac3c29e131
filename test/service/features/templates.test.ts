import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { previewParts } from '../../../server/src/service/features/templates';
import { checkCalendar } from '../../../server/src/service/values/calendar';
import type { ValueContext } from '../../../server/src/service/values/checker';
import {
  expandSpecifiers,
  specifierValue,
  unescapeUnitName,
  unescapeUnitPath,
  unitNameParts,
  type SpecifierUnit,
} from '../../../server/src/service/values/specifiers';
import { getLanguageService } from '../../../server/src/service/languageService';
import { sanitizeSettings } from '../../../server/src/service/settings';
import { unitFileKindOf } from '../../../server/src/service/unitFileKind';
import { documentOf, withCursor } from '../../helpers';

const service = getLanguageService();

function unitOf(name: string, userUnit = false): SpecifierUnit {
  return { parts: unitNameParts(name), userUnit };
}

const value = (letter: string, unit: SpecifierUnit) => {
  const answer = specifierValue(letter, unit);
  return answer.known ? answer.value : `<${answer.reason}>`;
};

describe('specifiers of a unit name', () => {
  test('an instance: every name-derived specifier', () => {
    const unit = unitOf('container-db@dev-sda1.service');
    const expected: Record<string, string> = {
      n: 'container-db@dev-sda1.service',
      N: 'container-db@dev-sda1',
      p: 'container-db',
      P: 'container/db',
      i: 'dev-sda1',
      I: 'dev/sda1',
      j: 'db',
      J: 'db',
      f: '/dev/sda1',
      d: '/run/credentials/container-db@dev-sda1.service',
      '%': '%',
    };
    for (const [letter, result] of Object.entries(expected)) assert.equal(value(letter, unit), result, `%${letter}`);
  });

  test('a plain unit: empty instance, %f from the prefix', () => {
    const unit = unitOf('home-alice-data.mount');
    assert.equal(value('i', unit), '');
    assert.equal(value('I', unit), '');
    assert.equal(value('f', unit), '/home/alice/data');
    assert.equal(value('j', unit), 'data');
    assert.equal(value('p', unit), 'home-alice-data');
  });

  test('directories and user of the system manager; of a user manager only what is fixed', () => {
    const system = unitOf('web.service');
    assert.deepEqual(
      ['t', 'S', 'C', 'L', 'E', 'T', 'V', 'u', 'U', 'h', 's'].map((l) => value(l, system)),
      ['/run', '/var/lib', '/var/cache', '/var/log', '/etc', '/tmp', '/var/tmp', 'root', '0', '/root', '/bin/sh'],
    );
    const user = unitOf('web.service', true);
    assert.equal(value('t', user), '<user>');
    assert.equal(value('h', user), '<user>');
    assert.equal(value('T', user), '/tmp');
  });

  test('what only the machine knows stays unknown', () => {
    for (const letter of 'aAbBHlmMoqvwW') assert.equal(value(letter, unitOf('web.service')), '<machine>');
  });

  test('%f of an instance that is no normalised path cannot be expanded', () => {
    assert.equal(value('f', unitOf('x@a--b.service')), '<invalid>');
    assert.equal(value('f', unitOf('x@-.service')), '/');
  });

  test('a template file is previewed as the chosen instance; drop-ins as their unit', () => {
    assert.equal(
      previewParts(unitFileKindOf('/etc/systemd/system/getty@.service'), 'tty3')?.name,
      'getty@tty3.service',
    );
    assert.equal(previewParts(unitFileKindOf('/etc/systemd/system/web.service'), 'tty3')?.name, 'web.service');
    assert.equal(previewParts(unitFileKindOf('/etc/systemd/system/web.service.d/x.conf'), 'tty3')?.name, 'web.service');
  });

  test('expansion keeps %% as one percent sign and machine specifiers as written', () => {
    const { text, kept } = expandSpecifiers('/srv/%i/%H-100%%', unitOf('app@blue.service'));
    assert.equal(text, '/srv/blue/%H-100%');
    assert.deepEqual([...kept], ['%H']);
  });
});

describe('unescaping agrees with systemd-escape', () => {
  const inputs = [
    'dev-sda1',
    'a\\x2db',
    'a\\x2fb',
    '-',
    '-foo',
    'foo-',
    'a--b',
    'a-.-b',
    'a-..-b',
    '\\x2dfoo',
    'caf\\xc3\\xa9',
    'bad\\x',
    'bad\\xZZ',
    'x\\x00y',
    'plain',
    'a:b_c.d',
    'tty1',
    'with\\x20space',
  ];
  const available = spawnSync('systemd-escape', ['--version']).status === 0;
  test('unit names and paths', { skip: available ? false : 'systemd-escape is not installed' }, () => {
    for (const input of inputs) {
      for (const path of [false, true]) {
        const result = spawnSync('systemd-escape', ['-u', ...(path ? ['-p'] : []), '--', input], { encoding: 'utf8' });
        const theirs = result.status === 0 ? result.stdout.replace(/\n$/, '') : undefined;
        const ours = path ? unescapeUnitPath(input) : unescapeUnitName(input);
        assert.equal(ours, theirs, `${path ? '-p ' : ''}${input}`);
      }
    }
  });
});

describe('hover and preview', () => {
  const hover = (marked: string, name: string, settings = sanitizeSettings({})) => {
    const { text, offset } = withCursor(marked);
    const document = documentOf(text, name);
    const answer = service.doHover(document, document.positionAt(offset), settings);
    return (answer?.contents as MarkupContent | undefined)?.value ?? '';
  };

  test('a specifier in a template shows what it becomes for the preview instance', () => {
    const text = '[Service]\nExecStart=/usr/bin/app --name %|i\n';
    assert.match(hover(text, 'app@.service'), /For `app@example\.service` this is `example`\./);
    const settings = sanitizeSettings({ templates: { previewInstance: 'blue' } });
    assert.match(hover(text, 'app@.service', settings), /this is `blue`/);
    assert.match(hover('[Service]\nExecStart=/usr/bin/app %|H\n', 'app.service'), /comes from the machine/);
  });

  test('an invalid preview instance in the settings falls back to the default', () => {
    assert.equal(sanitizeSettings({ templates: { previewInstance: 'a b' } }).templates.previewInstance, 'example');
  });

  test('Preview as Instance expands every value and says what it left', () => {
    const document = documentOf(
      '[Unit]\nDescription=App %i on %H\n\n[Service]\nExecStart=/usr/bin/app --dir %S/%p/%i\n',
      'app@.service',
    );
    const answer = service.previewInstance(document, 'green');
    assert.ok('text' in answer);
    assert.equal(answer.name, 'app@green.service');
    assert.ok(answer.text.includes('Description=App green on %H\n'), answer.text);
    assert.ok(answer.text.includes('ExecStart=/usr/bin/app --dir /var/lib/app/green\n'), answer.text);
    assert.match(answer.text, /^# Preview of app@green\.service/);
    assert.match(answer.text, /%H/);
    assert.deepEqual(service.previewInstance(document, 'no spaces'), {
      error: "'no spaces' cannot be an instance name: use letters, digits and : _ . \\ @ - only.",
    });
  });
});

describe('found by the fuzzer', () => {
  test('a calendar value cut short is reported inside the value, and a man: link with broken bytes is no link', () => {
    const value = 'Sun *-*-* 03:10:';
    const [finding] = checkCalendar(value, {} as ValueContext);
    assert.equal(finding?.code, 'invalid-calendar');
    assert.ok(finding.offset + finding.length <= value.length, `${finding.offset}+${finding.length}`);
    const broken = documentOf('[Unit]\nDocumentation=man:a\ud800b(8)\n', 'x.service');
    assert.deepEqual(service.findDocumentLinks(broken), []);
  });

  test('specifiers in a long value are expanded in one pass', () => {
    const long = 'x'.repeat(100_000);
    assert.equal(expandSpecifiers(`${long}%n${long}%`, unitOf('a.service')).text, `${long}a.service${long}%`);
  });
});
