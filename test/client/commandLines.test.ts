import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  argvFor,
  displayCommand,
  installDirectory,
  installPlan,
  managerCommand,
  MANAGER_VERBS,
  unitCommand,
  UNIT_VERBS,
  verifyCommand,
  type CommandLine,
  type InstallPlan,
} from '../../client/src/commands/commandLines';
import { parseUnitName, type UnitName, type UnitType } from '../../client/src/commands/unitNames';
import { HOSTILE_NAMES } from './hostileNames';

const ROOT_USER = { uid: 0 };
const SOME_USER = { uid: 1000 };

function unit(name: string): UnitName {
  const parsed = parseUnitName(name);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function line(result: CommandLine | string): CommandLine {
  if (typeof result === 'string') throw new Error(result);
  return result;
}

test('unit commands: systemctl [--user] VERB -- UNIT, with sudo -S only for changes to the system manager', () => {
  const web = unit('web.service');
  const expected: Record<string, boolean> = {
    status: false,
    start: true,
    stop: true,
    restart: true,
    reload: true,
    kill: true,
    enable: true,
    disable: true,
    'is-enabled': false,
    'is-active': false,
    'list-dependencies': false,
  };
  assert.deepEqual([...UNIT_VERBS].sort(), Object.keys(expected).sort());
  for (const verb of UNIT_VERBS) {
    const system = line(unitCommand(verb, web, { scope: 'system' }));
    assert.deepEqual(system.argv, ['systemctl', verb, '--', 'web.service']);
    assert.equal(system.needsRoot, expected[verb], verb);
    assert.deepEqual(
      argvFor(system, SOME_USER),
      expected[verb] ? ['sudo', '-S', 'systemctl', verb, '--', 'web.service'] : system.argv,
    );
    assert.deepEqual(argvFor(system, ROOT_USER), system.argv, 'root needs no sudo');

    const user = line(unitCommand(verb, web, { scope: 'user' }));
    assert.deepEqual(user.argv, ['systemctl', '--user', verb, '--', 'web.service']);
    assert.equal(user.needsRoot, false);
    assert.deepEqual(argvFor(user, SOME_USER), user.argv, 'the user manager never needs sudo');
  }
});

test('an unknown verb is refused', () => {
  assert.equal(typeof unitCommand('poweroff' as never, unit('web.service'), { scope: 'system' }), 'string');
  assert.equal(typeof managerCommand('poweroff' as never, { scope: 'system' }), 'string');
});

test('templates: enable, disable and is-enabled take the template; the rest need an instance', () => {
  const getty = unit('getty@.service');
  for (const verb of UNIT_VERBS) {
    const result = unitCommand(verb, getty, { scope: 'system' });
    if (['enable', 'disable', 'is-enabled'].includes(verb)) {
      assert.deepEqual(line(result).argv, ['systemctl', verb, '--', 'getty@.service']);
    } else {
      assert.match(result as string, /needs an instance/, verb);
    }
  }
  assert.deepEqual(line(unitCommand('start', unit('getty@tty1.service'), { scope: 'system' })).argv, [
    'systemctl',
    'start',
    '--',
    'getty@tty1.service',
  ]);
});

test('a name that starts with dashes can only be a unit: it comes after --', () => {
  for (const name of ['--help.service', '-.slice', '--user.service', '-H.service']) {
    const argv = line(unitCommand('enable', unit(name), { scope: 'system' })).argv;
    assert.equal(argv.indexOf('--'), argv.length - 2, name);
    assert.equal(argv[argv.length - 1], name);
  }
});

test('any text either fails validation or ends up as the one argument after --', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...UNIT_VERBS), (text, verb) => {
      const parsed = parseUnitName(text);
      if (typeof parsed === 'string') return;
      assert.match(text, /^[A-Za-z0-9:_.\\@-]+\.[a-z]+$/);
      const result = unitCommand(verb, parsed, { scope: 'user' });
      if (typeof result === 'string') return;
      assert.deepEqual(result.argv.slice(-2), ['--', text]);
    }),
    { numRuns: 2000 },
  );
  for (const name of HOSTILE_NAMES) assert.equal(typeof parseUnitName(name), 'string', JSON.stringify(name));
});

test('manager commands: list-units --type, list-unit-files, list-sockets, daemon-reload', () => {
  assert.deepEqual([...MANAGER_VERBS], ['list-units', 'list-unit-files', 'list-sockets', 'daemon-reload']);
  assert.deepEqual(line(managerCommand('list-units', { scope: 'system', type: 'timer' })).argv, [
    'systemctl',
    'list-units',
    '--type=timer',
  ]);
  assert.deepEqual(line(managerCommand('list-units', { scope: 'user' })).argv, ['systemctl', '--user', 'list-units']);
  assert.deepEqual(line(managerCommand('list-unit-files', { scope: 'user' })).argv, [
    'systemctl',
    '--user',
    'list-unit-files',
  ]);
  assert.deepEqual(line(managerCommand('list-sockets', { scope: 'system' })).argv, ['systemctl', 'list-sockets']);
  const reload = line(managerCommand('daemon-reload', { scope: 'system' }));
  assert.deepEqual(argvFor(reload, SOME_USER), ['sudo', '-S', 'systemctl', 'daemon-reload']);
  assert.equal(line(managerCommand('list-units', { scope: 'system' })).needsRoot, false);
  for (const type of ['service;reboot', '$(reboot)', 'timer --root=/', '', 'Service'] as unknown as UnitType[]) {
    assert.equal(typeof managerCommand('list-units', { scope: 'system', type }), 'string', type);
  }
});

test('--root=DIR goes before the verb, must be absolute, and is never elevated', () => {
  const enable = line(unitCommand('enable', unit('web.service'), { scope: 'system', root: '/tmp/r oot' }));
  assert.deepEqual(enable.argv, ['systemctl', '--root=/tmp/r oot', 'enable', '--', 'web.service']);
  assert.deepEqual(argvFor(enable, SOME_USER), enable.argv);
  assert.equal(typeof unitCommand('enable', unit('web.service'), { scope: 'system', root: 'relative' }), 'string');
  assert.equal(typeof unitCommand('enable', unit('web.service'), { scope: 'system', root: '/a\0b' }), 'string');
});

function plan(result: InstallPlan | string): InstallPlan {
  if (typeof result === 'string') throw new Error(result);
  return result;
}

test('install: copy with mode 0644, daemon-reload, enable --now; sudo for the system manager', () => {
  const system = plan(
    installPlan({ source: '/home/me/p/web.service', unit: unit('web.service'), scope: 'system', home: '/home/me' }),
  );
  assert.equal(system.destination, '/etc/systemd/system/web.service');
  assert.deepEqual(
    system.commands.map((command) => argvFor(command, SOME_USER)),
    [
      ['sudo', '-S', 'install', '-D', '-m', '0644', '--', '/home/me/p/web.service', '/etc/systemd/system/web.service'],
      ['sudo', '-S', 'systemctl', 'daemon-reload'],
      ['sudo', '-S', 'systemctl', 'enable', '--now', '--', 'web.service'],
    ],
  );
  const user = plan(
    installPlan({ source: '/home/me/p/web.service', unit: unit('web.service'), scope: 'user', home: '/home/me/' }),
  );
  assert.deepEqual(
    user.commands.map((command) => argvFor(command, SOME_USER)),
    [
      ['install', '-D', '-m', '0644', '--', '/home/me/p/web.service', '/home/me/.config/systemd/user/web.service'],
      ['systemctl', '--user', 'daemon-reload'],
      ['systemctl', '--user', 'enable', '--now', '--', 'web.service'],
    ],
  );
});

test('install: XDG_CONFIG_HOME when absolute; a file already in place is not copied onto itself', () => {
  assert.equal(installDirectory('user', '/home/me', '/home/me/cfg'), '/home/me/cfg/systemd/user');
  assert.equal(installDirectory('user', '/home/me', 'relative'), '/home/me/.config/systemd/user');
  assert.equal(installDirectory('system', '/home/me', '/x'), '/etc/systemd/system');
  const inPlace = plan(
    installPlan({
      source: '/etc/systemd/system/web.service',
      unit: unit('web.service'),
      scope: 'system',
      home: '/root',
    }),
  );
  assert.deepEqual(
    inPlace.commands.map((command) => command.argv[1]),
    ['daemon-reload', 'enable'],
  );
});

test('install: a template is copied as it is and an instance of it enabled, if one is given', () => {
  const template = unit('worker@.service');
  const withInstance = plan(
    installPlan({
      source: '/p/worker@.service',
      unit: template,
      scope: 'user',
      home: '/h',
      instance: unit('worker@1.service'),
    }),
  );
  assert.deepEqual(withInstance.commands[0]!.argv.slice(-2), [
    '/p/worker@.service',
    '/h/.config/systemd/user/worker@.service',
  ]);
  assert.deepEqual(withInstance.commands[2]!.argv, [
    'systemctl',
    '--user',
    'enable',
    '--now',
    '--',
    'worker@1.service',
  ]);
  const copyOnly = plan(installPlan({ source: '/p/worker@.service', unit: template, scope: 'user', home: '/h' }));
  assert.equal(copyOnly.commands.length, 2);
  assert.match(
    installPlan({
      source: '/p/worker@.service',
      unit: template,
      scope: 'user',
      home: '/h',
      instance: unit('other@1.service'),
    }) as string,
    /not an instance of/,
  );
  assert.match(
    installPlan({ source: '/p/worker@1.service', unit: unit('worker@1.service'), scope: 'user', home: '/h' }) as string,
    /is an instance/,
  );
});

test('install: any source path is one argument after --; relative paths and NUL bytes are refused', () => {
  const source = '/home/me/a dir/$(reboot);`id`\n--force/web.service';
  const result = plan(installPlan({ source, unit: unit('web.service'), scope: 'user', home: '/home/me' }));
  const argv = result.commands[0]!.argv;
  assert.deepEqual(argv.slice(argv.indexOf('--')), ['--', source, '/home/me/.config/systemd/user/web.service']);
  assert.equal(
    typeof installPlan({ source: 'web.service', unit: unit('web.service'), scope: 'user', home: '/h' }),
    'string',
  );
  assert.equal(typeof installPlan({ source: '/a\0b', unit: unit('web.service'), scope: 'user', home: '/h' }), 'string');
  assert.equal(typeof installPlan({ source: '/a', unit: unit('web.service'), scope: 'user', home: '~' }), 'string');
});

test('verify: systemd-analyze verify --man=no -- FILE, never elevated', () => {
  const verify = line(verifyCommand('/home/me/-x.service'));
  assert.deepEqual(verify.argv, ['systemd-analyze', 'verify', '--man=no', '--', '/home/me/-x.service']);
  assert.deepEqual(argvFor(verify, SOME_USER), verify.argv);
  assert.equal(typeof verifyCommand('x.service'), 'string');
  assert.equal(typeof verifyCommand('/x\0.service'), 'string');
});

/** Harmless payloads: if the quoting were wrong, bash would print something else, and nothing worse. */
const DISPLAYED = [
  'plain',
  'web.service',
  'with space',
  "it's",
  '$(echo pwned)',
  '`echo pwned`',
  ';echo pwned',
  '"double"',
  'back\\slash',
  'new\nline',
  'esc\x1b[31mred',
  'tab\there',
  'ünïcode',
  'emoji😀',
  '',
  '--',
  '*',
  '~',
  '!bang',
  '#hash',
];

test('the displayed command line is what bash would need to get the same arguments', (t) => {
  const bash = spawnSync('bash', ['-c', 'true']);
  if (bash.error || bash.status !== 0) {
    t.skip('bash is not available');
    return;
  }
  const shown = displayCommand(['printf', '%s\\0', ...DISPLAYED]);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(shown, /[\x00-\x1f\x7f]/, 'no control character reaches the screen');
  assert.doesNotMatch(shown, /[^\x20-\x7e]/, 'nothing beyond ASCII either');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', shown], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(result.stdout.split('\0').slice(0, -1), DISPLAYED);
});
