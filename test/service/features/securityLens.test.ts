import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../../server/src/service/languageService';
import { documentOf } from '../../helpers';

const service = getLanguageService();

describe('the exposure lens', () => {
  test('sits on the [Service] header with the score, the label and the open checks', () => {
    const lenses = service.getCodeLenses(documentOf('[Unit]\nDescription=x\n\n[Service]\nExecStart=/bin/true\n'));
    assert.equal(lenses.length, 1);
    const [lens] = lenses;
    assert.deepEqual(lens!.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } });
    assert.equal(lens!.command?.title, 'Exposure 9.6 UNSAFE — 75 checks open');
    assert.equal(lens!.command?.command, 'systemdUnits.showSecurityReport');
    assert.deepEqual(lens!.command?.arguments, ['file:///units/test.service']);
  });

  test('the score follows the file', () => {
    const text = '[Service]\nExecStart=/bin/true\nDynamicUser=yes\nPrivateNetwork=yes\nProtectSystem=strict\n';
    const [lens] = service.getCodeLenses(documentOf(text));
    assert.match(lens!.command!.title, /^Exposure (\d+)\.\d [A-Z]+ — \d+ checks open$/);
    assert.notEqual(lens!.command!.title, 'Exposure 9.6 UNSAFE — 75 checks open');
  });

  test('no lens on other unit types, on drop-ins, or on a service without [Service]', () => {
    assert.deepEqual(service.getCodeLenses(documentOf('[Socket]\nListenStream=80\n', 'web.socket')), []);
    const dropIn = TextDocument.create('file:///u/web.service.d/10-x.conf', 'systemd-unit', 1, '[Service]\nUser=x\n');
    assert.deepEqual(service.getCodeLenses(dropIn), []);
    assert.deepEqual(service.getCodeLenses(documentOf('[Unit]\nDescription=x\n')), []);
  });

  test('an untitled buffer with a [Service] section counts as a service', () => {
    const untitled = TextDocument.create('untitled:Untitled-1', 'systemd-unit', 1, '[Service]\nExecStart=/bin/true\n');
    assert.equal(service.getCodeLenses(untitled).length, 1);
  });
});

describe('the hardening report', () => {
  test('gives the score, each open check with the setting to add, and the rest', () => {
    const markdown = service.getSecurityReport(documentOf('[Service]\nExecStart=/bin/true\nPrivateTmp=yes\n'));
    assert.ok(markdown);
    assert.match(markdown, /^# Hardening report for test\.service\n/);
    assert.match(markdown, /\*\*Exposure 9\.\d UNSAFE\*\* — 74 of 81 checks open\./);
    assert.match(markdown, /\| ✗ \| `PrivateNetwork=` \| 0\.5 \| Uses the host’s network \| `PrivateNetwork=yes` \|/);
    assert.match(markdown, /## Checks that pass\n[\s\S]*\| ✓ \| `PrivateTmp=` \|/);
    assert.match(markdown, /## Checks that do not apply\n[\s\S]*`RemoveIPC=`/);
    // Pipes inside a cell are escaped, so the table keeps its columns.
    assert.match(markdown, /`CapabilityBoundingSet=~CAP_SET\(UID\\\|GID\\\|PCAP\)`/);
  });

  test('says when systemd would refuse the unit', () => {
    const markdown = service.getSecurityReport(documentOf('[Service]\nExecStart=/bin/true\nUser=a:b\n'));
    assert.match(markdown ?? '', /> systemd would refuse to load this unit: User=a:b/);
  });

  test('is undefined for what is not a service', () => {
    assert.equal(service.getSecurityReport(documentOf('[Timer]\nOnCalendar=daily\n', 'a.timer')), undefined);
  });
});
