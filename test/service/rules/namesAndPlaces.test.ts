import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sanitizeSettings } from '../../../server/src/service/settings';
import { documentOf } from '../../helpers';

import { checkFix, codes, diagnosticsOf, service } from './fixHelpers';

describe('unknown-directive', () => {
  test('wrong case, with the fix', () => {
    assert.deepEqual(codes('[Service]\nexecstart=/usr/bin/true\n'), ['2:unknown-directive:2']);
    checkFix('[Service]\nexecstart=/usr/bin/true\n', 'unknown-directive', '[Service]\nExecStart=/usr/bin/true\n');
    checkFix('[Install]\nWantedBY=multi-user.target\n', 'unknown-directive', '[Install]\nWantedBy=multi-user.target\n');
  });

  test('a typo suggests the nearest directive of the section', () => {
    const [d] = diagnosticsOf('[Service]\nExecStrat=/usr/bin/true\n');
    assert.match(String(d!.message), /Did you mean ExecStart=\?/);
    checkFix('[Service]\nRestartSecs=5\n', 'unknown-directive', '[Service]\nRestartSec=5\n');
  });

  test('X- keys are never reported; nothing close means no fix', () => {
    assert.deepEqual(codes('[Service]\nX-Anything=1\nExecStart=/usr/bin/true\n'), []);
    const [d] = diagnosticsOf('[Service]\nZzzzqqq=1\n');
    assert.equal(d!.code, 'unknown-directive');
    assert.match(String(d!.message), /X-/);
  });

  test('nothing is reported inside sections systemd skips', () =>
    assert.deepEqual(codes('[X-Mine]\nexecstart=1\n[Timer]\nFoo=1\n'), ['3:unknown-section:2']));
});

describe('misplaced-directive', () => {
  test('moves to an existing section', () =>
    checkFix(
      '[Unit]\nDescription=x\nWantedBy=multi-user.target\n\n[Install]\nAlias=y.service\n',
      'misplaced-directive',
      '[Unit]\nDescription=x\n\n[Install]\nAlias=y.service\nWantedBy=multi-user.target\n',
    ));

  test('creates the section when missing, keeping CRLF and a missing final newline in mind', () => {
    checkFix(
      '[Unit]\nWantedBy=multi-user.target\n[Service]\nExecStart=/usr/bin/true\n',
      'misplaced-directive',
      '[Unit]\n[Service]\nExecStart=/usr/bin/true\n\n[Install]\nWantedBy=multi-user.target\n',
    );
    checkFix(
      '[Service]\r\nStartLimitIntervalSec=10\r\nExecStart=/usr/bin/true',
      'misplaced-directive',
      '[Service]\r\nExecStart=/usr/bin/true\r\n\r\n[Unit]\r\nStartLimitIntervalSec=10\r\n',
    );
  });

  test('a continued line moved into a file with lone CR line endings keeps the empty line that ends it (found by the fuzzer)', () => {
    checkFix(
      '[Service]\rStartLimitIntervalSec=10 \\\r\rExecStart=/usr/bin/true\r',
      'misplaced-directive',
      '[Service]\rExecStart=/usr/bin/true\r\r[Unit]\rStartLimitIntervalSec=10 \\\r\r',
    );
  });

  test('a line continued into the end of the file is not moved (found by the fuzzer)', () => {
    const text = '[Unit]\n[Service]\nExecStart=/usr/bin/true\nBefore=basic.target \\';
    const [d] = diagnosticsOf(text).filter((x) => x.code === 'misplaced-directive');
    assert.ok(d);
    assert.deepEqual(service.getCodeActions(documentOf(text), d.range, ['quickfix']), []);
  });

  test('a setting of another unit type has no fix', () => {
    const [d] = diagnosticsOf('[Service]\nListenStream=80\nExecStart=/usr/bin/true\n');
    assert.equal(d!.code, 'misplaced-directive');
    assert.match(String(d!.message), /\[Socket\] \(\.socket\)/);
    assert.deepEqual(service.getCodeActions(documentOf('[Service]\nListenStream=80\n'), d!.range, ['quickfix']), []);
  });
});

describe('deprecated-directive', () => {
  test('ignored settings are warnings, with the successor as fix', () => {
    assert.deepEqual(codes('[Service]\nMemoryLimit=1G\n'), ['2:deprecated-directive:2']);
    checkFix('[Service]\nMemoryLimit=1G\n', 'deprecated-directive', '[Service]\nMemoryMax=1G\n');
  });

  test('with systemd 252 the cgroup-v1 settings still work: warned as 252 warns, or information', () => {
    const v252 = sanitizeSettings({ systemdVersion: 252 });
    assert.deepEqual(codes('[Service]\nMemoryLimit=1G\n', 'a.service', v252), ['2:deprecated-directive:2']);
    assert.deepEqual(codes('[Service]\nBlockIOWeight=100\n', 'a.service', v252), ['2:deprecated-directive:3']);
  });

  test('a successor on another scale is offered, never applied on its own', () => {
    const document = documentOf('[Service]\nCPUShares=100\n');
    const [d] = service.doValidation(document);
    const actions = service.getCodeActions(document, d!.range);
    assert.ok(actions.some((a) => a.title.includes('CPUWeight') && !a.isPreferred));
  });

  test('old names that still work are information, and the fix moves them where they belong', () => {
    assert.deepEqual(codes('[Service]\nStartLimitInterval=10\n'), ['2:deprecated-directive:3']);
    checkFix(
      '[Unit]\nDescription=x\n[Service]\nStartLimitInterval=10\n',
      'deprecated-directive',
      '[Unit]\nDescription=x\nStartLimitIntervalSec=10\n[Service]\n',
    );
    checkFix('[Unit]\nBindTo=a.service\n', 'deprecated-directive', '[Unit]\nBindsTo=a.service\n');
  });

  test('a name read in [Service] only for compatibility moves to [Unit], not renamed to itself (found by the fuzzer)', () => {
    checkFix(
      '[Unit]\nDescription=x\n[Service]\nStartLimitAction=none\nExecStart=/bin/true\n',
      'deprecated-directive',
      '[Unit]\nDescription=x\nStartLimitAction=none\n[Service]\nExecStart=/bin/true\n',
    );
  });
});

describe('directive-too-new', () => {
  test('only when a version is set, and only for newer directives', () => {
    const text = '[Service]\nExecStart=/usr/bin/true\nProtectHostname=yes\n';
    assert.deepEqual(codes(text), []);
    assert.deepEqual(codes(text, 'a.service', sanitizeSettings({ systemdVersion: 230 })), ['3:directive-too-new:2']);
    assert.deepEqual(codes(text, 'a.service', sanitizeSettings({ systemdVersion: 262 })), []);
  });
});

describe('suppression comments', () => {
  test('disable= silences codes for the rest of the file', () =>
    assert.deepEqual(codes('[Service]\nexecstart=1\n# systemd-units: disable=unknown-directive\nfoo=1\nbar=2\n'), [
      '2:unknown-directive:2',
    ]));

  test('disable-next-line= silences one line; all silences every code', () => {
    assert.deepEqual(codes('[Service]\n# systemd-units: disable-next-line=unknown-directive\nfoo=1\nbar=2\n'), [
      '4:unknown-directive:2',
    ]);
    assert.deepEqual(codes('[Service]\n; systemd-units: disable=all\nfoo=1\njunk\n'), []);
  });
});

describe('fix all', () => {
  test('one action per code with several fixable problems, and source.fixAll', () => {
    const document = documentOf('[Service]\nexecstart=/usr/bin/true\nrestart=always\n');
    const [first] = service.doValidation(document);
    const titles = service.getCodeActions(document, first!.range).map((a) => a.title);
    assert.ok(titles.includes('Fix all "unknown-directive" problems in the file'), titles.join(' | '));
    const [fixAll] = service.getCodeActions(document, first!.range, ['source.fixAll']);
    assert.equal(fixAll?.kind, 'source.fixAll.systemd-units');
    assert.equal(
      TextDocument.applyEdits(document, fixAll!.edit!.changes![document.uri]!),
      '[Service]\nExecStart=/usr/bin/true\nRestart=always\n',
    );
  });

  test('lines moved to the same section all go in one fix-all (found by the fuzzer: one per round before)', () => {
    const document = documentOf(
      '[Unit]\nDescription=x\n[Service]\nAfter=a.service\nWants=a.service\nExecStart=/bin/true\n',
    );
    const [first] = service.doValidation(document);
    const [fixAll] = service.getCodeActions(document, first!.range, ['source.fixAll']);
    assert.equal(
      TextDocument.applyEdits(document, fixAll!.edit!.changes![document.uri]!),
      '[Unit]\nDescription=x\nAfter=a.service\nWants=a.service\n[Service]\nExecStart=/bin/true\n',
    );
  });

  test('new sections at the end of the file go in one fix-all too, each once', () => {
    const document = documentOf(
      '[Service]\nAfter=a.service\nWantedBy=multi-user.target\nBefore=b.service\nExecStart=/bin/true\n',
    );
    const [first] = service.doValidation(document);
    const [fixAll] = service.getCodeActions(document, first!.range, ['source.fixAll']);
    assert.equal(
      TextDocument.applyEdits(document, fixAll!.edit!.changes![document.uri]!),
      // Before= waits for the next round: a second [Unit] would be a second section of that name.
      '[Service]\nBefore=b.service\nExecStart=/bin/true\n\n[Unit]\nAfter=a.service\n\n[Install]\nWantedBy=multi-user.target\n',
    );
  });

  test('fixAll() for the CLI leaves a file with a broken header alone', () => {
    const broken = '[Service\nexecstart=/usr/bin/true\n';
    assert.deepEqual(service.fixAll(documentOf(broken)), { text: broken, fixed: 0 });
  });
});
