import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers';
import { cliWorkspace } from './workspace';

const { work, write, run } = cliWorkspace('systemd-units-cli-');

const good = write('good/web.service', '[Unit]\nDescription=Web\n\n[Service]\nExecStart=/usr/bin/true\n');
const broken = write('broken/bad.service', '[Unit]\nDescription=Bad\n[Service\nExecStart=/usr/bin/true\n');
write('warned/odd.socket', '[Socket]\nListenStream=80\njunk\n[Install]\nWantedBy=sockets.target\n');

describe('systemd-units lint', () => {
  test('text: file:line:col: severity code message; exit 0 without errors', () => {
    const result = run('lint', 'good', 'warned');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      `${path.join('warned', 'odd.socket')}:3:1: warning missing-equals ${'Expected "Key=Value", but this line has no "="; systemd ignores it.'}\n`,
    );
  });

  test('json: the syntax error with its line, exit 1', () => {
    const result = run('lint', '--format', 'json', broken);
    assert.equal(result.status, 1);
    assert.deepEqual(JSON.parse(result.stdout), [
      {
        file: broken,
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 9,
        severity: 'error',
        code: 'invalid-section-header',
        message: 'A section header must end with "]" and hold nothing after it; systemd will refuse to load this file.',
      },
    ]);
  });

  test('json: an empty array for a clean file', () => {
    const result = run('lint', '--format=json', good);
    assert.equal(result.status, 0);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });

  test('sarif: 2.1.0 with rules, relative URIs and regions', () => {
    const result = run('lint', '--format', 'sarif', 'broken', 'warned');
    assert.equal(result.status, 1);
    const log = JSON.parse(result.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const [runLog] = log.runs;
    assert.equal(runLog.tool.driver.name, 'systemd-units');
    const ruleIds = runLog.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(ruleIds.includes('invalid-section-header'));
    for (const rule of runLog.tool.driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    assert.deepEqual(
      runLog.results.map(
        (r: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[];
        }) => [
          r.ruleId,
          r.level,
          r.locations[0]!.physicalLocation.artifactLocation.uri,
          r.locations[0]!.physicalLocation.region,
        ],
      ),
      [
        [
          'invalid-section-header',
          'error',
          'broken/bad.service',
          { startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 },
        ],
        ['missing-equals', 'warning', 'warned/odd.socket', { startLine: 3, startColumn: 1, endLine: 3, endColumn: 5 }],
      ],
    );
    for (const r of runLog.results) assert.equal(runLog.tool.driver.rules[r.ruleIndex].id, r.ruleId);
  });

  test('directories are searched for unit files and drop-ins only', () => {
    write('tree/etc/foo.service.d/override.conf', '[Service\n');
    write('tree/etc/notes.txt', '[Service\n');
    write('tree/etc/other.conf', '[Service\n');
    write('tree/etc/.#foo.service0123456789abcdef', '[Service\n');
    write('tree/etc/node_modules/x.service', '[Service\n');
    const result = run('lint', '--format', 'json', 'tree');
    assert.deepEqual(
      JSON.parse(result.stdout).map((p: { file: string }) => p.file),
      [path.join('tree', 'etc', 'foo.service.d', 'override.conf')],
    );
  });

  test('a file named on the command line is checked whatever its name', () => {
    const named = write('named/unit.txt', '[Service\n');
    assert.equal(run('lint', named).status, 1);
  });

  test('an unreadable path is reported on stderr, the rest still checked, exit 2', () => {
    const result = run('lint', '--format', 'json', 'missing.service', broken);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /missing\.service: no such file or directory/);
    assert.equal(JSON.parse(result.stdout).length, 1);
  });

  test('a symlink loop does not hang', { skip: process.platform === 'win32' }, () => {
    write('loop/a.service', '[Service]\nExecStart=/usr/bin/true\n');
    fs.symlinkSync('.', path.join(work, 'loop', 'self'));
    fs.symlinkSync(path.join(work, 'loop'), path.join(work, 'loop', 'back'));
    const result = run('lint', 'loop');
    assert.equal(result.status, 0, result.stderr);
  });

  test('invalid UTF-8 and a binary file get clear diagnostics', () => {
    const latin1 = path.join(work, 'enc', 'latin1.service');
    fs.mkdirSync(path.dirname(latin1), { recursive: true });
    fs.writeFileSync(
      latin1,
      Buffer.from('[Unit]\nDescription=caf\xe9\n[Service]\nExecStart=/usr/bin/true\n', 'latin1'),
    );
    const binary = path.join(work, 'enc', 'blob.service');
    fs.writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0x5b]));
    const result = run('lint', '--format', 'json', 'enc');
    assert.deepEqual(
      JSON.parse(result.stdout).map((p: { code: string }) => p.code),
      ['binary-file', 'invalid-utf8'],
    );
  });

  test('a file too large is not read, only reported', () => {
    const big = path.join(work, 'big', 'huge.service');
    fs.mkdirSync(path.dirname(big), { recursive: true });
    fs.writeFileSync(big, Buffer.alloc(5 * 1024 * 1024, 'a'));
    const result = run('lint', '--format', 'json', big);
    assert.equal(result.status, 0);
    assert.deepEqual(
      JSON.parse(result.stdout).map((p: { code: string }) => p.code),
      ['file-too-large'],
    );
  });

  test('--fix applies the safe fixes in place and reports what is left', () => {
    const file = write(
      'fix/app.service',
      '[Unit]\nWantedBy=multi-user.target\n[Service]\nexecstart=/usr/bin/true\nCPUShares=100\n',
    );
    const result = run('lint', '--fix', '--format', 'json', file);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /app\.service: applied 2 fix\(es\)/);
    assert.equal(
      fs.readFileSync(file, 'utf8'),
      '[Unit]\n[Service]\nExecStart=/usr/bin/true\nCPUShares=100\n\n[Install]\nWantedBy=multi-user.target\n',
    );
    assert.deepEqual(
      JSON.parse(result.stdout).map((p: { code: string; line: number }) => `${p.line}:${p.code}`),
      ['4:deprecated-directive'],
    );
  });

  test('--fix never touches a file with a broken section header', () => {
    const text = '[Service\nexecstart=/usr/bin/true\n';
    const file = write('fix/broken.service', text);
    assert.equal(run('lint', '--fix', file).status, 1);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });

  test('bad usage exits 2 with a message', () => {
    for (const args of [
      [],
      ['lint'],
      ['lint', '--format', 'xml', good],
      ['lint', '--bogus', good],
      ['frobnicate'],
      ['lint', '--systemd-version', 'new', good],
    ]) {
      const result = run(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^systemd-units: .+\n\nUsage:/);
    }
  });

  test('--systemd-version accepts a number or latest; --help and --version', () => {
    assert.equal(run('lint', '--systemd-version', '252', good).status, 0);
    assert.equal(run('lint', '--systemd-version', 'latest', good).status, 0);
    assert.match(run('--help').stdout, /systemd-units lint/);
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    assert.equal(run('--version').stdout.trim(), version);
  });
});

describe('systemd-units deps', () => {
  write('deps/app.target', '[Unit]\nWants=web.service db.service\nRequires=base.target\n');
  write('deps/base.target', '[Unit]\nWants=app.target cache.service\n');
  write('deps/web.service', '[Unit]\nRequires=db.service\nAfter=db.service\n[Service]\nExecStart=/bin/web\n');
  write('deps/db.service', '[Service]\nExecStart=/bin/db\n[Install]\nWantedBy=multi-user.target\n');
  write('deps/cache.service', '[Unit]\nBindsTo=db.service\n[Service]\nExecStart=/bin/cache\n');
  write('deps/web.service.d/pull.conf', '[Unit]\nWants=cache.service\n');

  test('the tree as systemctl list-dependencies prints it: targets expanded, a loop cut with "..."', () => {
    const result = run('deps', 'app.target', 'deps');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        'app.target',
        '  ├─db.service',
        '  ├─web.service',
        '  └─base.target',
        '    ├─cache.service',
        '    └─...',
        '',
      ].join('\n'),
    );
  });

  test('--all expands every unit; --reverse lists the units that depend on it; a unit file names the unit', () => {
    assert.equal(
      run('deps', '--all', 'web.service', 'deps').stdout,
      ['web.service', '  ├─cache.service', '  │ └─db.service', '  └─db.service', ''].join('\n'),
    );
    assert.equal(
      run('deps', '--reverse', path.join('deps', 'db.service')).stdout,
      [
        'db.service',
        '  ├─cache.service',
        '  ├─web.service',
        '  ├─app.target',
        '  │ └─base.target',
        '  │   └─...',
        '  └─multi-user.target',
        '',
      ].join('\n'),
    );
    assert.equal(run('deps', '--after', 'web.service', 'deps').stdout, 'web.service\n  └─db.service\n');
  });

  test('bad usage and missing paths', () => {
    assert.equal(run('deps').status, 2);
    assert.equal(run('deps', '--reverse', '--after', 'a.service', 'deps').status, 2);
    const missing = run('deps', 'a.service', 'deps', 'nowhere');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nowhere: no such file or directory/);
    assert.equal(missing.stdout, 'a.service\n');
  });
});
