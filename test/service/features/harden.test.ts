import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-types';
import { getLanguageService, type LanguageService } from '../../../server/src/service/languageService';
import { sanitizeSettings, type Settings } from '../../../server/src/service/settings';
import { documentOf } from '../../helpers';

const service = getLanguageService();
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

function hardenAction(
  text: string,
  options: { name?: string; settings?: Settings; using?: LanguageService } = {},
): CodeAction | undefined {
  const document = documentOf(text, options.name);
  const actions = (options.using ?? service).getCodeActions(document, WHOLE, undefined, options.settings);
  return actions.find((action) => action.title === 'Harden this service');
}

/** Applies "Harden this service"; returns the new text. */
function harden(text: string, options: Parameters<typeof hardenAction>[1] = {}): string {
  const action = hardenAction(text, options);
  assert.ok(action?.edit?.changes, `no "Harden this service" for ${JSON.stringify(text)}`);
  assert.equal(action.kind, 'refactor.rewrite');
  const document = documentOf(text, options.name);
  return TextDocument.applyEdits(document, action.edit.changes[document.uri]!);
}

const settingLines = (text: string) => text.split('\n').filter((line) => /^[A-Za-z]+=/.test(line));
const added = (before: string, after: string) => {
  const old = new Set(settingLines(before));
  return settingLines(after).filter((line) => !old.has(line));
};

const UNITS: Readonly<Record<string, string>> = {
  bare: '[Unit]\nDescription=bare\n\n[Service]\nExecStart=/usr/bin/app\n',
  networked:
    '[Unit]\nDescription=web\nAfter=network-online.target\nWants=network-online.target\n\n' +
    '[Service]\nExecStart=/usr/bin/web --port 8080\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n',
  stateful:
    '[Unit]\nDescription=db\n\n[Service]\nType=forking\nUser=db\nStateDirectory=db\nPIDFile=/run/db/db.pid\n' +
    'ExecStart=/usr/sbin/db --log /var/log/db/db.log\n',
  early: '[Unit]\nDescription=early\nDefaultDependencies=no\n\n[Service]\nType=oneshot\nExecStart=/usr/lib/early\n',
  partial: '[Service]\nExecStart=/usr/bin/app\nPrivateTmp=no\nNoNewPrivileges=yes\nSystemCallFilter=@system-service\n',
  crlf: '[Unit]\r\nDescription=crlf\r\n\r\n[Service]\r\nExecStart=/usr/bin/app',
  template: '[Unit]\nDescription=worker %i\n\n[Service]\nUser=%i\nExecStart=/usr/bin/worker %i\n',
};

describe('Harden this service', () => {
  for (const [name, text] of Object.entries(UNITS)) {
    test(`${name}: applies, adds no diagnostic, and lowers the exposure`, () => {
      const unitName = name === 'template' ? 'worker@.service' : 'test.service';
      const hardened = harden(text, { name: unitName });
      const before = documentOf(text, unitName);
      const after = TextDocument.create(before.uri, 'systemd-unit', 2, hardened);
      const problems = (document: TextDocument) =>
        service.doValidation(document).map((d) => `${String(d.code)}: ${d.message}`);
      const old = new Set(problems(before));
      assert.deepEqual(
        problems(after).filter((problem) => !old.has(problem)),
        [],
        hardened,
      );
      const exposureBefore = service.assessSecurity(before)!.exposure;
      const exposureAfter = service.assessSecurity(after)!.exposure;
      assert.ok(exposureAfter < exposureBefore, `${exposureBefore} → ${exposureAfter}`);
      // Once applied, there is nothing left to add: the action is not offered again.
      assert.equal(hardenAction(hardened, { name: unitName }), undefined);
    });
  }

  test('the block goes at the end of [Service], commented, before [Install]', () => {
    const hardened = harden(UNITS['networked']!);
    assert.match(hardened, /Restart=on-failure\n\n# Hardening added by "Harden this service"[^\n]*\n#/);
    assert.match(hardened, /\n\[Install\]\nWantedBy=multi-user.target\n$/);
    for (const line of hardened.split('\n')) assert.ok(line.length <= 400);
  });

  test('keeps the network when the unit is ordered after a network target', () => {
    const lines = added(UNITS['networked']!, harden(UNITS['networked']!));
    assert.ok(lines.includes('RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK'), lines.join('\n'));
    assert.ok(!lines.some((line) => line.startsWith('PrivateNetwork=') || line.startsWith('IPAddressDeny=')));
  });

  test('keeps the network when a .socket of the same name starts it, or Sockets= names one', () => {
    const withSocket = getLanguageService({ unitNames: () => ['web.socket', 'other.service'] });
    const viaPartner = added(UNITS['bare']!, harden(UNITS['bare']!, { name: 'web.service', using: withSocket }));
    assert.ok(viaPartner.includes('RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK'));
    const viaSockets = added('', harden('[Service]\nExecStart=/usr/bin/app\nSockets=app.socket\n'));
    assert.ok(!viaSockets.includes('PrivateNetwork=yes'));
  });

  test('cuts the network when nothing in the file needs it', () => {
    const lines = added(UNITS['bare']!, harden(UNITS['bare']!));
    assert.ok(lines.includes('PrivateNetwork=yes'));
    assert.ok(lines.includes('RestrictAddressFamilies=AF_UNIX'));
    assert.ok(lines.includes('IPAddressDeny=any'));
  });

  test('keeps the places a service writes writable under ProtectSystem=strict', () => {
    const lines = added(UNITS['stateful']!, harden(UNITS['stateful']!));
    assert.ok(lines.includes('ProtectSystem=strict'), lines.join('\n'));
    assert.ok(lines.includes('ReadWritePaths=-/run/db -/var/log/db'), lines.join('\n'));
    // Without a word about where it writes, only /usr, /boot and /etc become read-only.
    assert.ok(added(UNITS['bare']!, harden(UNITS['bare']!)).includes('ProtectSystem=full'));
  });

  test('never touches a setting the file already has, even one set to no', () => {
    const lines = added(UNITS['partial']!, harden(UNITS['partial']!));
    for (const key of ['PrivateTmp', 'NoNewPrivileges', 'SystemCallFilter', 'SystemCallErrorNumber'])
      assert.ok(!lines.some((line) => line.startsWith(`${key}=`)), key);
  });

  test('suggests DynamicUser= and PrivateUsers= only in comments', () => {
    const hardened = harden(UNITS['bare']!);
    assert.ok(!settingLines(hardened).some((line) => /^(DynamicUser|PrivateUsers)=/.test(line)));
    assert.match(hardened, /\n#DynamicUser=yes\n#PrivateUsers=yes\n/);
  });

  test('leaves what the commands show a need for: clocks for a time daemon, W^X for a JIT, setuid helpers', () => {
    const time = added('', harden('[Unit]\nBefore=time-sync.target\n[Service]\nExecStart=/usr/sbin/ntpd -n\n'));
    assert.ok(!time.includes('ProtectClock=yes'));
    assert.ok(time.some((line) => line.startsWith('SystemCallFilter=~') && !line.includes('@clock')));
    const jit = added('', harden('[Service]\nExecStart=/usr/bin/node /srv/app/server.js\n'));
    assert.ok(!jit.includes('MemoryDenyWriteExecute=yes'));
    const sudo = added('', harden('[Service]\nExecStart=/usr/bin/sudo -u app /usr/bin/app\n'));
    assert.ok(!sudo.includes('NoNewPrivileges=yes'));
  });

  test('an unprivileged service loses every capability; a root one only rarely needed ones', () => {
    const user = added('', harden('[Service]\nUser=app\nExecStart=/usr/bin/app\n'));
    assert.ok(user.includes('CapabilityBoundingSet='));
    assert.ok(user.includes('ProtectProc=invisible'));
    const root = added('', harden(UNITS['bare']!));
    const caps = root.find((line) => line.startsWith('CapabilityBoundingSet=~'));
    assert.ok(caps && caps.includes('CAP_SYS_BOOT') && !caps.includes('CAP_SYS_ADMIN') && !caps.includes('CAP_SETUID'));
    assert.ok(!root.includes('ProtectProc=invisible'));
  });

  test('adds no directive newer than the configured systemd version', () => {
    const settings = sanitizeSettings({ systemdVersion: 240 });
    const hardened = harden(UNITS['bare']!, { settings });
    const lines = added(UNITS['bare']!, hardened);
    for (const key of ['ProtectClock', 'ProtectKernelLogs', 'ProtectHostname', 'RestrictSUIDSGID', 'ProtectProc'])
      assert.ok(!lines.some((line) => line.startsWith(`${key}=`)), key);
    const document = TextDocument.create(documentOf('').uri, 'systemd-unit', 1, hardened);
    assert.deepEqual(
      service.doValidation(document, settings).filter((d) => d.code === 'directive-too-new'),
      [],
    );
  });

  test('is offered only in the [Service] section of a service, and only when something is left to add', () => {
    const document = documentOf(UNITS['networked']!);
    const inUnit = { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } };
    const inService = { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } };
    const titles = (range: typeof inUnit) => service.getCodeActions(document, range).map((a) => a.title);
    assert.ok(!titles(inUnit).includes('Harden this service'));
    assert.ok(titles(inService).includes('Harden this service'));
    assert.ok(
      !service
        .getCodeActions(document, inService, ['quickfix'])
        .some((action) => action.title === 'Harden this service'),
      'not a quick fix',
    );
    assert.equal(hardenAction('[Socket]\nListenStream=80\n', { name: 'web.socket' }), undefined);
    assert.equal(hardenAction(harden(UNITS['bare']!)), undefined, 'nothing is left to add the second time');
  });
});

test('hardening after a continued line, in a file with lone \\r line endings, adds nothing to that line', () => {
  // Found by the fuzzer: a "\n" inserted just after a lone "\r" made one "\r\n" of them, so the empty line that ended
  // ExecStart='s continuation vanished and the added lines were read as part of its value.
  const text = '[Unit]\rDescription=x\r\r[Service]\rType=oneshot\rExecStart=/usr/bin/app \\\r\r';
  const after = harden(text);
  const codes = (source: string) =>
    service
      .doValidation(documentOf(source))
      .map((diagnostic) => String(diagnostic.code))
      .filter((code) => code === 'continuation-swallows-line' || code === 'missing-equals');
  assert.deepEqual(codes(after), codes(text));
  assert.ok(added(text.replace(/\r/g, '\n'), after.replace(/\r\n?/g, '\n')).includes('NoNewPrivileges=yes'));
  assert.ok(!after.includes('\r\n'), "only the file's own lone \\r line endings");
});
