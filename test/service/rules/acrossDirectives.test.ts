import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allCodes, checkFix } from './fixHelpers';

describe('what systemd checks before it loads a service', () => {
  const cases: [string, string[]][] = [
    ['[Unit]\nDescription=x\n', ['1:missing-exec-start:1']],
    ['[Service]\nExecStart=\n', ['1:missing-exec-start:1']],
    ['[Unit]\nSuccessAction=none\n[Service]\nType=oneshot\n', ['3:missing-exec-start:1']],
    ['[Service]\nExecStop=/usr/bin/true\n', ['1:missing-remain-after-exit:1']],
    ['[Service]\nExecStop=/usr/bin/true\nRemainAfterExit=yes\n', []],
    ['[Service]\nType=simple\nExecStop=/usr/bin/true\nRemainAfterExit=yes\n', ['1:exec-start-needs-oneshot:1']],
    ['[Unit]\nSuccessAction=reboot\n[Service]\nType=oneshot\n', []],
    ['[Service]\nExecStart=/usr/bin/true\nExecStart=/usr/bin/true\n', ['3:multiple-exec-start:1']],
    ['[Service]\nType=oneshot\nExecStart=/usr/bin/true\nExecStart=/usr/bin/true\n', []],
    ['[Service]\nExecStart=/usr/bin/true\nExecStart=\nExecStart=/usr/bin/true\n', []],
    ['[Service]\nType=oneshot\nExecStart=/usr/bin/true\nRestart=always\n', ['1:oneshot-restart:1']],
    ['[Service]\nType=oneshot\nExecStart=/usr/bin/true\nRestart=on-failure\n', []],
    ['[Service]\nType=dbus\nExecStart=/usr/bin/true\n', ['1:dbus-without-bus-name:1']],
    ['[Service]\nBusName=org.example.A\nExecStart=/usr/bin/true\n', []],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => assert.deepEqual(allCodes(text), expected));
  }

  test('drop-ins are not checked: the unit they extend may have what is missing', () =>
    assert.deepEqual(allCodes('[Service]\nRestart=always\n', 'foo.service.d/override.conf'), []));
});

describe('sockets, timers and path units need a trigger', () => {
  test('socket', () => {
    assert.deepEqual(allCodes('[Socket]\nAccept=no\n[Install]\nWantedBy=sockets.target\n', 'a.socket'), [
      '1:socket-without-listen:1',
    ]);
    assert.deepEqual(
      allCodes('[Socket]\nListenFIFO=/run/a.fifo\n[Install]\nWantedBy=sockets.target\n', 'a.socket'),
      [],
    );
    assert.deepEqual(
      allCodes('[Socket]\nListenStream=80\nListenStream=\n[Install]\nWantedBy=sockets.target\n', 'a.socket'),
      ['1:socket-without-listen:1'],
    );
  });

  test('timer and path', () => {
    assert.deepEqual(allCodes('[Timer]\nPersistent=true\n[Install]\nWantedBy=timers.target\n', 'a.timer'), [
      '1:timer-without-trigger:1',
    ]);
    assert.deepEqual(allCodes('[Timer]\nOnBootSec=5min\n[Install]\nWantedBy=timers.target\n', 'a.timer'), []);
    // systemd ignores an OnCalendar= it cannot read, so it does not make the timer fire.
    assert.deepEqual(allCodes('[Timer]\nOnCalendar=25:99\n[Install]\nWantedBy=timers.target\n', 'a.timer'), [
      '2:invalid-calendar:2',
      '1:timer-without-trigger:1',
    ]);
    assert.deepEqual(allCodes('[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n', 'a.timer'), []);
    assert.deepEqual(allCodes('[Path]\nMakeDirectory=yes\n', 'a.path'), ['1:path-without-trigger:1']);
    assert.deepEqual(allCodes('[Path]\nPathExists=/run/flag\n', 'a.path'), []);
  });
});

describe('missing-install-section', () => {
  test('timers and sockets without [Install], with the fix', () => {
    checkFix(
      '[Timer]\nOnCalendar=daily\n',
      'missing-install-section',
      '[Timer]\nOnCalendar=daily\n\n[Install]\nWantedBy=timers.target\n',
      'backup.timer',
    );
    assert.deepEqual(allCodes('[Socket]\nListenStream=80\n', 'a.socket'), ['1:missing-install-section:3']);
    assert.deepEqual(allCodes('[Unit]\n[Service]\nExecStart=/usr/bin/true\n'), []);
  });
});

describe('dependencies and ordering', () => {
  test('Requires=/Wants= without After= is information, with the fix', () => {
    const text = '[Unit]\nWants=db.service\n[Service]\nExecStart=/usr/bin/true\n';
    assert.deepEqual(allCodes(text), ['2:dependency-without-order:3']);
    checkFix(
      text,
      'dependency-without-order',
      '[Unit]\nWants=db.service\nAfter=db.service\n[Service]\nExecStart=/usr/bin/true\n',
    );
  });

  test('a line added after one continued into the end of the file is not swallowed by it', () => {
    const name = 'db.service.d/override.conf';
    checkFix(
      '[Unit]\nWants=db.service\nDescription=a \\',
      'dependency-without-order',
      '[Unit]\nWants=db.service\nDescription=a \\\n\nAfter=db.service\n',
      name,
    );
    checkFix(
      '[Unit]\nWants=db.service\nDescription=a \\\n',
      'dependency-without-order',
      '[Unit]\nWants=db.service\nDescription=a \\\n\nAfter=db.service\n',
      name,
    );
  });

  test('a name that is not a unit name gets no After= (found by the fuzzer)', () => {
    // Copied into a new line, a trailing backslash would have continued it onto the next one.
    const text = '[Unit]\nWants=db.service\\\\\\ ssh.service\nAfter=ssh.service\n[Service]\nExecStart=/usr/bin/true\n';
    assert.deepEqual(allCodes(text), ['2:invalid-unit-name:2']);
  });

  test('a list of 90,000 words is read once per distinct word (found by the fuzzer: slow)', () => {
    const text = `[Unit]\nWants=${'db.service '.repeat(90_000)}\n[Service]\nExecStart=/usr/bin/true\n`;
    assert.deepEqual(allCodes(text), ['2:dependency-without-order:3']);
  });

  test('targets, slices, ordered units and specifiers are left alone', () =>
    assert.deepEqual(
      allCodes(
        '[Unit]\nWants=a.target b.service %i.service\nAfter=b.service\nRequires=-.slice\n[Service]\nExecStart=/usr/bin/true\n',
      ),
      [],
    ));

  test('a target is ordered after what it wants by its default dependencies', () => {
    assert.deepEqual(allCodes('[Unit]\nWants=db.service\n', 'app.target'), []);
    assert.deepEqual(allCodes('[Unit]\nWants=db.service\nDefaultDependencies=no\n', 'app.target'), [
      '2:dependency-without-order:3',
    ]);
  });

  test('After=network-online.target without Wants=', () => {
    const text = '[Unit]\nAfter=network-online.target\n[Service]\nExecStart=/usr/bin/true\n';
    assert.deepEqual(allCodes(text), ['2:network-online-without-wants:3']);
    checkFix(
      text,
      'network-online-without-wants',
      '[Unit]\nAfter=network-online.target\nWants=network-online.target\n[Service]\nExecStart=/usr/bin/true\n',
    );
  });
});

describe('exec-start-without-reset', () => {
  test('a drop-in replacing the command must clear it first', () => {
    checkFix(
      '[Service]\nExecStart=/usr/bin/foo --new\n',
      'exec-start-without-reset',
      '[Service]\nExecStart=\nExecStart=/usr/bin/foo --new\n',
      'foo.service.d/override.conf',
    );
    assert.deepEqual(allCodes('[Service]\nExecStart=\nExecStart=/usr/bin/foo\n', 'foo.service.d/override.conf'), []);
    assert.deepEqual(allCodes('[Service]\nExecStart=/usr/bin/foo\n', 'foo.service'), []);
  });
});

describe('continuation-swallows-line', () => {
  test('a directive joined to the line above through a comment', () => {
    assert.deepEqual(allCodes('[Service]\nExecStart=/usr/bin/true \\\n# a note\nRestart=always\n'), [
      '4:continuation-swallows-line:3',
    ]);
    assert.deepEqual(allCodes('[Service]\nExecStart=/usr/bin/echo a \\\n  b \\\n  c\n'), []);
  });

  test('not the assignment itself, when backslash-only lines lead into it (found by the fuzzer)', () => {
    assert.deepEqual(allCodes('[Service]\n\\\n# a note\nExecStart=/usr/bin/true\n'), []);
    assert.deepEqual(allCodes('[Service]\n\\\nExecStart=/usr/bin/true \\\nType=simple\n'), [
      '4:continuation-swallows-line:3',
    ]);
  });
});

describe('user-unit-system-target', () => {
  test('a user unit wanted by multi-user.target, with the fix', () => {
    const name = 'home/me/.config/systemd/user/sync.service';
    const text = '[Service]\nExecStart=/usr/bin/true\n[Install]\nWantedBy=multi-user.target\n';
    assert.deepEqual(allCodes(text, name), ['4:user-unit-system-target:3']);
    checkFix(text, 'user-unit-system-target', text.replace('multi-user.target', 'default.target'), name);
    assert.deepEqual(allCodes(text), []);
  });
});
