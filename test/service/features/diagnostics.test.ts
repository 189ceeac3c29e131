import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { elideLongQuotes } from '../../../server/src/service/features/diagnostics';
import { getLanguageService } from '../../../server/src/service/languageService';
import { sanitizeSettings } from '../../../server/src/service/settings';
import { describeDiagnostic, documentOf, UNIT_LEVEL_CODES } from '../../helpers';

const service = getLanguageService();

/** Diagnostics as `line:col-line:col code` strings, 1-based. */
function check(text: string, name = 'test.service', settings = sanitizeSettings({})): string[] {
  return service
    .doValidation(documentOf(text, name), settings)
    .filter((d) => !UNIT_LEVEL_CODES.has(String(d.code)))
    .map(describeDiagnostic);
}

describe('diagnostics: syntax', () => {
  test('a valid unit has none', () => {
    assert.deepEqual(
      check('[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n'),
      [],
    );
  });

  test('an unterminated section header is an error', () => {
    assert.deepEqual(check('[Service\nExecStart=/bin/true\n'), ['1:1-1:9 invalid-section-header']);
    assert.deepEqual(check('[Service] # note\n'), ['1:1-1:17 invalid-section-header']);
  });

  test('in a drop-in a broken header is a warning: systemd skips the drop-in and loads the unit', () => {
    const [d] = service.doValidation(documentOf('[Service\nRestart=always\n', 'foo.service.d/override.conf'));
    assert.equal(d?.code, 'invalid-section-header');
    assert.equal(d?.severity, 2);
    assert.match(String(d?.message), /skip this whole drop-in/);
  });

  test('bad characters in a section name are an error', () => {
    assert.deepEqual(check('[Ser"vice]\n'), ['1:2-1:10 invalid-section-header']);
  });

  test('a line before the first section', () => {
    assert.deepEqual(check('Foo=bar\njunk\n[Service]\nExecStart=/bin/true\n'), [
      '1:1-1:4 assignment-outside-section',
      '2:1-2:5 assignment-outside-section',
    ]);
  });

  test('a line without = and a line without a key', () => {
    assert.deepEqual(check('[Service]\n  junk line \n=foo\n'), ['2:3-2:12 missing-equals', '3:1-3:5 missing-key']);
  });

  test('lines inside a section systemd skips are not reported, as systemd does not', () => {
    assert.deepEqual(check('[Timer]\njunk\n[X-Mine]\nmore junk\n[Service]\nExecStart=/bin/true\n'), [
      '1:2-1:7 unknown-section',
    ]);
  });

  test('a continuation at the end of the file', () => {
    assert.deepEqual(check('[Service]\nExecStart=/bin/true \\'), ['2:21-2:22 continuation-at-eof']);
    assert.deepEqual(check('[Service]\nExecStart=/bin/true \\\n# note\n'), ['2:21-2:22 continuation-at-eof']);
  });

  test('a line longer than systemd reads is an error', () => {
    const diagnostics = check(`[Unit]\nDescription=${'a'.repeat(1024 * 1024)}\n`);
    assert.deepEqual(diagnostics, ['2:1-2:1 line-too-long']);
  });

  test('a file with a line too long gets only that finding: systemd reads nothing else in it (found by the fuzzer)', () => {
    const diagnostics = check(`[Unit]\nAfter=${'x '.repeat(600 * 1024)}\nFoo=bar\n`);
    assert.deepEqual(diagnostics, ['2:1-2:1 line-too-long']);
  });

  test('a long value is quoted in a message by its start only, and costs no edit-distance table (found by the fuzzer)', () => {
    const [diagnostic, ...rest] = service.doValidation(documentOf(`[Service]\nProtectProc=${'x'.repeat(300_000)}\n`));
    assert.equal(rest.filter((d) => !UNIT_LEVEL_CODES.has(String(d.code))).length, 0);
    assert.equal(diagnostic?.code, 'invalid-enum');
    const message = String(diagnostic.message);
    assert.match(message, /^"x{79}…" is not a value of ProtectProc=/);
    assert.ok(message.length < 400);
  });

  test('a message is at most 1,000 characters, whatever it shows unquoted', () => {
    assert.equal(elideLongQuotes(`Where=${'a'.repeat(5000)} does not match`).length, 1000);
    assert.equal(elideLongQuotes('short'), 'short');
  });

  test('one value gets at most 100 findings (found by the fuzzer)', () => {
    const diagnostics = check(`[Unit]\nAfter=${'x '.repeat(5000)}\n`);
    assert.equal(diagnostics.length, 100);
    assert.ok(diagnostics.every((d) => d.endsWith('invalid-unit-name')));
  });

  test('text that was not valid UTF-8', () => {
    assert.deepEqual(check('[Unit]\n# caf\ufffd is fine in a comment\nDescription=caf\ufffd\n'), [
      '3:16-3:17 invalid-utf8',
    ]);
  });

  test('a line systemd skips for its bad bytes counts for nothing elsewhere (found by the fuzzer)', () => {
    // Else the fix for dependency-without-order copied the bad bytes into a new After= line.
    assert.deepEqual(check('[Unit]\nRequires=db\ufffd.service\n[Service]\nExecStart=/bin/true\n'), [
      '2:10-2:21 invalid-unit-name',
      '2:12-2:13 invalid-utf8',
    ]);
  });
});

describe('diagnostics: sections by unit type', () => {
  test('each unit type reads [Unit], its own section and [Install]', () => {
    assert.deepEqual(check('[Unit]\n[Socket]\nListenStream=80\n[Install]\n', 'web.socket'), []);
    assert.deepEqual(check('[Unit]\n[Install]\n', 'x.target'), []);
  });

  test('a section of another unit type', () => {
    const [diagnostic] = service.doValidation(
      documentOf('[Timer]\nOnCalendar=daily\n[Service]\nExecStart=/bin/true\n'),
    );
    assert.equal(diagnostic?.code, 'unknown-section');
    assert.match(String(diagnostic!.message), /\.timer units/);
    assert.deepEqual(check('[Service]\nExecStart=/bin/true\n', 'x.target'), ['1:2-1:9 unknown-section']);
  });

  test('a section in the wrong case suggests the right one', () => {
    const [diagnostic] = service.doValidation(documentOf('[service]\nExecStart=/bin/true\n'));
    assert.equal(diagnostic?.code, 'unknown-section');
    assert.match(String(diagnostic!.message), /\[Service\]/);
  });

  test('X- sections are never reported', () => {
    assert.deepEqual(check('[X-Anything]\nFoo=1\n'), []);
  });

  test('drop-ins take the type of the unit they extend', () => {
    assert.deepEqual(check('[Service]\nRestart=always\n', 'foo.service.d/override.conf'), []);
    assert.deepEqual(check('[Socket]\n', 'foo.service.d/override.conf'), ['1:2-1:8 unknown-section']);
    assert.deepEqual(check('[Timer]\n', 'timer.d/10-all.conf'), []);
  });

  test('when the type is unknown, every unit section is accepted', () => {
    assert.deepEqual(check('[Timer]\n[Service]\n[Mount]\n', 'untitled-1'), []);
    assert.deepEqual(check('[Bogus]\n', 'untitled-1'), ['1:2-1:7 unknown-section']);
  });
});

describe('diagnostics: files not analysed', () => {
  test('a binary file gets one notice', () => {
    const diagnostics = service.doValidation(documentOf('\x7fELF\0\0\0\x01\x02junk=\n[Service'));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['binary-file'],
    );
  });

  test('a file too large gets one notice, fast', () => {
    const text = '[Unit]\n' + 'Description=x\n'.repeat(400_000);
    const started = Date.now();
    const diagnostics = service.doValidation(documentOf(text));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['file-too-large'],
    );
    assert.ok(Date.now() - started < 5000);
  });

  test('100,000 sections and a 1 MB line are analysed without trouble', () => {
    const sections = '[X-S]\nA=1\n'.repeat(100_000);
    assert.deepEqual(check(sections), []);
    const oneLine = `[Unit]\nDescription=${'a'.repeat(1_000_000)}\n`;
    assert.deepEqual(check(oneLine), []);
  });
});

describe('diagnostics: settings', () => {
  test('severity overrides and off', () => {
    const settings = sanitizeSettings({
      diagnostics: { severity: { 'missing-equals': 'error', 'unknown-section': 'off' } },
    });
    const diagnostics = service
      .doValidation(documentOf('[Timer]\n[Service]\njunk\n'), settings)
      .filter((d) => !UNIT_LEVEL_CODES.has(String(d.code)));
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [['missing-equals', 1]],
    );
  });

  test('the same parsed document checked under other settings gets fresh value findings', () => {
    const document = documentOf('[Service]\nType=notify-reload\nExecStart=/usr/bin/true\n');
    const v252 = sanitizeSettings({ systemdVersion: 252 });
    const codesUnder = (settings = sanitizeSettings({})) => service.doValidation(document, settings).map((d) => d.code);
    assert.deepEqual(codesUnder(v252), ['value-too-new']);
    assert.deepEqual(codesUnder(), []);
    assert.deepEqual(codesUnder(v252), ['value-too-new']);
  });

  test('disabled diagnostics report nothing', () => {
    assert.deepEqual(check('[Service\n', 'a.service', sanitizeSettings({ diagnostics: { enable: false } })), []);
  });

  test('the number of problems is capped', () => {
    const settings = sanitizeSettings({ diagnostics: { maxNumberOfProblems: 3 } });
    assert.equal(check('[Service]\n' + 'junk\n'.repeat(50), 'a.service', settings).length, 3);
  });

  test('every diagnostic has a code, a source and a range inside the document', () => {
    const text = 'x\n[Service\njunk\n=\n[Timer]\nA=\\';
    const document = documentOf(text);
    for (const d of service.doValidation(document)) {
      assert.equal(d.source, 'systemd-units');
      assert.match(String(d.code), /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(document.offsetAt(d.range.end) <= text.length);
    }
  });
});
