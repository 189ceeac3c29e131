import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathOfUnitName, unitNameOfPath } from '../../../server/src/service/rules/mountUnit';
import { allCodes, applyFix, service } from './fixHelpers';
import { documentOf } from '../../helpers';

describe('mount unit names', () => {
  test('escaped as systemd-escape --path does', () => {
    assert.equal(unitNameOfPath('/mnt/data', 'mount'), 'mnt-data.mount');
    assert.equal(unitNameOfPath('/', 'mount'), '-.mount');
    assert.equal(unitNameOfPath('/mnt/my-disk', 'mount'), 'mnt-my\\x2ddisk.mount');
    assert.equal(unitNameOfPath('//mnt/./x/', 'automount'), 'mnt-x.automount');
    assert.equal(unitNameOfPath('/.dot', 'mount'), '\\x2edot.mount');
    assert.equal(unitNameOfPath('/a.b/c:d_e', 'mount'), 'a.b-c:d_e.mount');
    assert.equal(unitNameOfPath('/mnt/my disk', 'mount'), 'mnt-my\\x20disk.mount');
    assert.equal(unitNameOfPath('/home/été', 'mount'), 'home-\\xc3\\xa9t\\xc3\\xa9.mount');
  });

  test('and back', () => {
    assert.equal(pathOfUnitName('mnt-data.mount'), '/mnt/data');
    assert.equal(pathOfUnitName('-.mount'), '/');
    assert.equal(pathOfUnitName('mnt-my\\x2ddisk.mount'), '/mnt/my-disk');
    assert.equal(pathOfUnitName('home-\\xc3\\xa9t\\xc3\\xa9.mount'), '/home/été');
    assert.equal(pathOfUnitName('mnt-bad\\q.mount'), undefined);
  });
});

describe('what systemd checks before it loads a mount unit', () => {
  const cases: [string, string, string[]][] = [
    ['mnt-data.mount', '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/data\n', []],
    ['mnt-data.mount', '[Mount]\nWhat=/dev/sdb1\n', []],
    ['mnt-data.mount', '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/data/\n', []],
    ['mnt-data.mount', '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/other\n', ['3:mount-where-mismatch:1']],
    ['mnt-a-b.mount', '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/a-b\n', ['3:mount-where-mismatch:1']],
    ['mnt-data.mount', '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/other\nWhere=\n', []],
    // The relative Where= is ignored (with a warning), so the one before it stands.
    [
      'mnt-data.mount',
      '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/other\nWhere=mnt/data\n',
      ['4:relative-path:2', '3:mount-where-mismatch:1'],
    ],
    ['mnt-data.mount', '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/%j\n', []],
    ['mnt-data.mount', '[Mount]\nWhere=/mnt/data\n', ['1:mount-missing-what:1']],
    ['mnt-data.mount', '[Mount]\nWhat=/dev/sdb1\nWhat=\nWhere=/mnt/data\n', ['1:mount-missing-what:1']],
    ['mnt-data.mount', '[Mount]\nWhat=%Z\n', ['2:unknown-specifier:2', '1:mount-missing-what:1']],
    ['mnt-data.mount', '[Unit]\nDescription=x\n', ['1:mount-missing-what:1']],
    ['-.mount', '[Mount]\nWhere=/\n', []],
    ['proc.mount', '[Mount]\nWhat=proc\nWhere=/proc\n', ['3:mount-api-filesystem:1']],
    ['sys-fs-cgroup-x.mount', '[Mount]\nWhat=x\n', ['1:mount-api-filesystem:1']],
    ['mnt-x.automount', '[Automount]\nWhere=/mnt/y\n', ['2:mount-where-mismatch:1']],
    ['mnt-x.automount', '[Automount]\nTimeoutIdleSec=10\n', []],
  ];
  for (const [name, text, expected] of cases) {
    test(`${name}: ${JSON.stringify(text)}`, () => assert.deepEqual(allCodes(text, name), expected));
  }

  test('a name split at a backslash still matches its own Where=', () => {
    // `file:///units/mnt-a\x2db.mount` is read as the file `x2db.mount` in a folder `mnt-a`.
    assert.deepEqual(allCodes('[Mount]\nWhat=x\nWhere=/mnt/a-b\n', 'mnt-a\\x2db.mount'), []);
  });

  test('drop-ins are not checked', () =>
    assert.deepEqual(allCodes('[Mount]\nWhere=/mnt/other\n', 'mnt-data.mount.d/override.conf'), []));

  test('the fix sets Where= to the path of the file name, and is not applied by fix-all', () => {
    const text = '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/other\n';
    const fixesOf = (name: string) => {
      const document = documentOf(text, name);
      const diagnostic = service.doValidation(document).find((d) => d.code === 'mount-where-mismatch');
      assert.ok(diagnostic, name);
      return service
        .getCodeActions(document, diagnostic.range)
        .filter((action) => action.diagnostics?.[0]?.code === 'mount-where-mismatch');
    };
    const [fix] = fixesOf('mnt-data.mount');
    assert.ok(fix && !fix.isPreferred, 'a fix that is not preferred');
    assert.equal(fix.title, 'Set Where= to /mnt/data, the path of the file name');
    const document = documentOf(text, 'mnt-data.mount');
    assert.equal(
      TextDocument.applyEdits(document, fix.edit!.changes![document.uri]!),
      '[Mount]\nWhat=/dev/sdb1\nWhere=/mnt/data\n',
    );
    assert.throws(() => applyFix(text, 'mount-where-mismatch', 'mnt-data.mount'), /no preferred fix/);
    // A backslash escape in the file name is part of the name: `\x2d` stands for `-`.
    assert.equal(fixesOf('mnt-my\\x2ddata.mount')[0]?.title, 'Set Where= to /mnt/my-data, the path of the file name');
  });

  test('a Where= of 40,000 characters is not escaped whole to be compared (found by the fuzzer: 80 ms)', () => {
    const path = `/mnt/${'a b'.repeat(14_000)}`;
    assert.ok(unitNameOfPath(path, 'mount', 256).length < 300);
    assert.equal(unitNameOfPath(path, 'mount').length, 4 + 14_000 * 6 + 6);
    assert.deepEqual(allCodes(`[Mount]\nWhat=/dev/sdb1\nWhere=${path}\n`, 'mnt-data.mount'), []);
  });
});
