import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sanitizeSettings } from '../../../server/src/service/settings';
import { allCodes, checkFix } from './fixHelpers';

/** Lines systemd logs and ignores do not count for the checks it makes on the unit as a whole (systemd 252). */
describe('values systemd ignores do not count', () => {
  const install = (target: string) => `[Install]\nWantedBy=${target}\n`;

  test('a socket whose only Listen…= lines are invalid', () => {
    assert.deepEqual(allCodes(`[Socket]\nListenStream=0.0.0.0:99999\n${install('sockets.target')}`, 'a.socket'), [
      '2:invalid-listen-address:2',
      '1:socket-without-listen:1',
    ]);
    assert.deepEqual(
      allCodes(`[Socket]\nListenFIFO=run/a\nListenStream=80\n${install('sockets.target')}`, 'a.socket'),
      ['2:relative-path:2'],
    );
  });

  test('a timer with only invalid spans, or OnClockChange=no', () => {
    assert.deepEqual(allCodes(`[Timer]\nOnBootSec=soon\n${install('timers.target')}`, 'a.timer'), [
      '2:invalid-timespan:2',
      '1:timer-without-trigger:1',
    ]);
    assert.deepEqual(allCodes(`[Timer]\nOnClockChange=no\n${install('timers.target')}`, 'a.timer'), [
      '1:timer-without-trigger:1',
    ]);
    assert.deepEqual(
      allCodes(`[Timer]\nOnClockChange=yes\nOnClockChange=maybe\n${install('timers.target')}`, 'a.timer'),
      ['3:invalid-boolean:2'],
    );
    assert.deepEqual(
      allCodes(`[Timer]\nOnTimezoneChange=yes\nOnTimezoneChange=no\n${install('timers.target')}`, 'a.timer'),
      ['1:timer-without-trigger:1'],
    );
  });

  test('a path unit watching only a relative path', () => {
    assert.deepEqual(allCodes('[Path]\nPathModified=relative/file\n', 'a.path'), [
      '2:relative-path:2',
      '1:path-without-trigger:1',
    ]);
  });

  test('a service whose only ExecStart= systemd ignores', () => {
    assert.deepEqual(allCodes('[Service]\nExecStart=-usr/bin/true\n'), [
      '2:relative-executable:2',
      '1:missing-exec-start:1',
    ]);
    assert.deepEqual(allCodes('[Service]\nExecStart="/usr/bin/true\n'), [
      '2:unbalanced-quotes:2',
      '1:missing-exec-start:1',
    ]);
    // The first command is kept, so the line counts.
    assert.deepEqual(allCodes('[Service]\nType=oneshot\nExecStart=/usr/bin/true ; "/usr/bin/false\n'), [
      '3:unbalanced-quotes:2',
    ]);
    // A fatal problem fails the unit anyway; the line is not counted as missing.
    assert.deepEqual(allCodes('[Service]\nExecStart=usr/bin/true\n'), ['2:relative-executable:1']);
  });

  test('several commands on one ExecStart= line', () => {
    assert.deepEqual(allCodes('[Service]\nExecStart=/usr/bin/true ; /usr/bin/false\n'), ['2:multiple-exec-start:1']);
    assert.deepEqual(allCodes('[Service]\nType=oneshot\nExecStart=/usr/bin/true ; /usr/bin/false\n'), []);
    assert.deepEqual(allCodes('[Service]\nExecStart=/usr/bin/echo a \\; b\n'), []);
    assert.deepEqual(allCodes('[Service]\nExecStart=/usr/bin/true ; -usr/bin/x\n'), ['2:relative-executable:2']);
    assert.deepEqual(allCodes('[Service]\nExecStart=/usr/bin/true\nExecStart=-usr/bin/x\n'), [
      '3:relative-executable:2',
    ]);
  });
});

describe('fixes for values systemd rewrites', () => {
  test('StandardOutput=syslog becomes journal', () => {
    checkFix(
      '[Service]\nExecStart=/usr/bin/true\nStandardOutput=syslog\n',
      'obsolete-output',
      '[Service]\nExecStart=/usr/bin/true\nStandardOutput=journal\n',
    );
    checkFix(
      '[Service]\nExecStart=/usr/bin/true\nStandardError=syslog+console\n',
      'obsolete-output',
      '[Service]\nExecStart=/usr/bin/true\nStandardError=journal+console\n',
    );
  });
});

describe('keywords newer than the configured release', () => {
  const text = '[Service]\nType=notify-reload\nExecStart=/usr/bin/true\n';
  test('reported only with an older systemdVersion', () => {
    assert.deepEqual(allCodes(text, 'a.service', sanitizeSettings({ systemdVersion: 252 })), ['2:value-too-new:2']);
    assert.deepEqual(allCodes(text, 'a.service', sanitizeSettings({ systemdVersion: 253 })), []);
    assert.deepEqual(allCodes(text, 'a.service', sanitizeSettings({})), []);
  });
});
