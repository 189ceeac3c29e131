import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropInDirectoryNames } from '../../../server/src/service/workspace/dropInNames';
import { renderEffectiveUnit } from '../../../server/src/service/workspace/effectiveUnit';
import { effectiveUnitOf } from '../../../server/src/service/workspace/mergedUnit';
import { baseName, fileUri, joinUri, parentUri, uriKey } from '../../../server/src/service/workspace/uris';
import { ETC, openAt, rootsOf, serviceOver, SYSTEM, WORKSPACE } from './memoryWorkspace';

test('URIs are compared in one spelling, whatever encoder wrote them', () => {
  assert.equal(fileUri('/ws/getty@.service'), 'file:///ws/getty%40.service');
  assert.equal(uriKey('file:///ws/getty@.service'), uriKey('file:///ws/getty%40.service'));
  assert.equal(uriKey('FILE:///ws/a/'), 'file:///ws/a');
  assert.equal(joinUri('file:///ws/', 'a b.service'), 'file:///ws/a%20b.service');
  assert.equal(parentUri('file:///ws/x/a.service'), 'file:///ws/x');
  assert.equal(baseName('file:///ws/mnt-a%5Cx2db.mount'), 'mnt-a\\x2db.mount');
});

test('drop-in directories in the order systemd searches them', () => {
  assert.deepEqual(dropInDirectoryNames('foo.service'), ['foo.service.d']);
  assert.deepEqual(dropInDirectoryNames('foo-bar-baz.service'), [
    'foo-bar-baz.service.d',
    'foo-bar-.service.d',
    'foo-.service.d',
  ]);
  // An instance: its template after it, and each prefix with the instance, then with the template.
  assert.deepEqual(dropInDirectoryNames('foo-bar@x.service'), [
    'foo-bar@x.service.d',
    'foo-bar@.service.d',
    'foo-.service.d',
    'foo-@x.service.d',
    'foo-@.service.d',
  ]);
  assert.deepEqual(dropInDirectoryNames('-.slice'), ['-.slice.d']);
  assert.deepEqual(dropInDirectoryNames('user-1000.slice'), ['user-1000.slice.d', 'user-.slice.d']);
});

test('the index finds a unit by name, the workspace first, an instance by its template, an alias by its target', async () => {
  const { service } = await serviceOver({
    [`${WORKSPACE}/deploy/web.service`]: '[Service]\nExecStart=/bin/web\n',
    [`${SYSTEM}/web.service`]: '[Service]\nExecStart=/bin/old\n',
    [`${SYSTEM}/getty@.service`]: '[Service]\nExecStart=/sbin/agetty %I\n',
    [`${ETC}/dbus-org.example.service`]: { link: `${SYSTEM}/web.service` },
    [`${ETC}/masked.service`]: { link: '/dev/null' },
    [`${ETC}/multi-user.target.wants/web.service`]: { link: `${SYSTEM}/web.service` },
    [`${WORKSPACE}/chrony.service`]: '[Service]\nExecStart=/bin/chronyd\n[Install]\nAlias=chronyd.service\n',
  });
  const index = service.index;
  assert.ok(index.ready && index.coversMachine);
  assert.deepEqual(
    index.definitionsOf('web.service').map((file) => file.uri),
    ['file:///ws/deploy/web.service', 'file:///usr/lib/systemd/system/web.service'],
  );
  assert.deepEqual(
    index.definitionsOf('getty@tty1.service').map((file) => file.fileName),
    ['getty@.service'],
  );
  assert.equal(index.definitionsOf('dbus-org.example.service')[0]?.fileName, 'web.service');
  assert.equal(index.definitionsOf('chronyd.service')[0]?.fileName, 'chrony.service', 'an Alias= of the workspace');
  assert.ok(index.knowsUnit('masked.service'));
  assert.ok(index.knowsUnit('getty@tty7.service'));
  assert.ok(index.knowsUnit('multi-user.target'), 'a special unit');
  assert.ok(index.knowsUnit('dev-sda1.device'), 'devices have no files');
  assert.ok(!index.knowsUnit('nothing.service'));
  assert.ok(index.knowsUnit('nothing.service', new Set(['nothing.service'])), 'a name the host sees on the machine');
});

test('drop-ins apply in lexical order across directories; a name met first wins, an empty one masks', async () => {
  const { service } = await serviceOver(
    {
      [`${ETC}/foo.service.d/20-b.conf`]: '[Service]\nNice=1\n',
      [`${ETC}/foo.service.d/50-masked.conf`]: { link: '/dev/null' },
      [`${SYSTEM}/foo.service`]: '[Service]\nExecStart=/bin/foo\n',
      [`${SYSTEM}/foo.service.d/20-b.conf`]: '[Service]\nNice=2\n',
      [`${SYSTEM}/foo.service.d/10-a.conf`]: '[Service]\nNice=3\n',
      [`${SYSTEM}/foo.service.d/50-masked.conf`]: '[Service]\nNice=4\n',
      [`${SYSTEM}/service.d/00-all.conf`]: '[Service]\nTimeoutSec=5\n',
      [`${SYSTEM}/service.d/10-a.conf`]: '[Service]\nNice=9\n',
    },
    { roots: rootsOf([], [ETC, SYSTEM]) },
  );
  const index = service.index;
  const base = index.definitionsOf('foo.service')[0];
  const order = index
    .dropInsFor('foo.service', index.lookupDirectoriesFor(base))
    .map(
      (file) =>
        `${baseName(parentUri(file.uri))}/${file.fileName}@${file.uri.startsWith('file:///etc') ? 'etc' : 'usr'}`,
    );
  assert.deepEqual(order, ['service.d/00-all.conf@usr', 'foo.service.d/10-a.conf@usr', 'foo.service.d/20-b.conf@etc']);
});

test('the effective unit: single values replaced, lists reset by an empty assignment, each run of lines labelled', async () => {
  const { service } = await serviceOver({
    [`${WORKSPACE}/web.service`]:
      '[Unit]\nDescription=Web\nAfter=network.target\n\n[Service]\nType=simple\nExecStart=/bin/web\nEnvironment=A=1\n',
    [`${WORKSPACE}/web.service.d/10-exec.conf`]: '[Service]\nExecStart=\nExecStart=/bin/web --fast\nType=notify\n',
    [`${WORKSPACE}/web.service.d/20-unit.conf`]: '# a comment\n[Unit]\nDescription=Web server\nAfter=db.service\n',
  });
  const merged = effectiveUnitOf(service.index, fileUri(`${WORKSPACE}/web.service.d/20-unit.conf`));
  assert.ok(merged);
  const effective = renderEffectiveUnit(merged);
  assert.deepEqual(
    effective.sources.map((source) => source.label),
    ['/ws/web.service', '/ws/web.service.d/10-exec.conf', '/ws/web.service.d/20-unit.conf'],
  );
  assert.equal(
    effective.text,
    [
      '# web.service as systemd reads it: 2 drop-ins merged into the unit file, in the order they apply.',
      '# [1] /ws/web.service',
      '# [2] /ws/web.service.d/10-exec.conf',
      '# [3] /ws/web.service.d/20-unit.conf',
      '',
      '[Unit]',
      '# from [1] /ws/web.service',
      'After=network.target',
      '# from [3] /ws/web.service.d/20-unit.conf',
      'Description=Web server',
      'After=db.service',
      '',
      '[Service]',
      '# from [1] /ws/web.service',
      'Environment=A=1',
      '# from [2] /ws/web.service.d/10-exec.conf',
      'ExecStart=/bin/web --fast',
      'Type=notify',
      '',
    ].join('\n'),
  );
  // The same through the facade, with the editor's unsaved text of a drop-in.
  const document = openAt(`${WORKSPACE}/web.service.d/10-exec.conf`, '[Service]\nNice=5\n');
  const answer = service.getEffectiveUnit(document.uri, [document]);
  assert.ok(answer?.text.includes('Nice=5') && answer.text.includes('ExecStart=/bin/web\n'));
});

test('the indexer is bounded, skips hidden and build folders, and does not read through links leaving the roots', async () => {
  const { service, fileSystem } = await serviceOver({
    [`${WORKSPACE}/a.service`]: '[Service]\nExecStart=/bin/a\n',
    [`${WORKSPACE}/.git/b.service`]: '',
    [`${WORKSPACE}/node_modules/c.service`]: '',
    [`${WORKSPACE}/notes.txt`]: 'x',
    [`${WORKSPACE}/outside.service`]: { link: '/home/someone/secret.service' },
    '/home/someone/secret.service': '[Service]\nExecStart=/bin/secret\n',
    [`${WORKSPACE}/a.service.d/x.conf`]: { link: '/home/someone/x.conf' },
    '/home/someone/x.conf': '[Service]\n',
    [`${SYSTEM}/huge.service`]: 'x'.repeat(2 * 1024 * 1024),
  });
  const names = service.index.allFiles().map((file) => file.fileName);
  assert.deepEqual(names.sort(), ['a.service']);
  assert.ok(
    !fileSystem.reads.some((path) => path.startsWith('/home') || path.includes('huge')),
    fileSystem.reads.join(),
  );
  assert.ok(service.index.knowsUnit('outside.service'), 'a link is known by name');
});

test('file changes update the index: created, changed, deleted files and folders', async () => {
  const { service, fileSystem } = await serviceOver({ [`${WORKSPACE}/a.service`]: '[Unit]\nWants=b.service\n' });
  const index = service.index;
  fileSystem.set(`${WORKSPACE}/sub/b.service`, '[Unit]\n');
  fileSystem.set(`${WORKSPACE}/sub/b.service.d/x.conf`, '[Unit]\nDescription=x\n');
  assert.equal(await service.updateIndex([{ uri: fileUri(`${WORKSPACE}/sub`), type: 'created' }]), true);
  assert.equal(index.filesNamed('b.service').length, 1);
  assert.equal(index.dropInsFor('b.service', index.lookupDirectoriesFor(index.filesNamed('b.service')[0])).length, 1);
  fileSystem.set(`${WORKSPACE}/a.service`, '[Unit]\nWants=c.service\n');
  await service.updateIndex([{ uri: fileUri(`${WORKSPACE}/a.service`), type: 'changed' }]);
  assert.match(index.filesNamed('a.service')[0]!.text, /c\.service/);
  fileSystem.set(`${WORKSPACE}/sub/b.service`, undefined);
  fileSystem.set(`${WORKSPACE}/sub/b.service.d/x.conf`, undefined);
  await service.updateIndex([{ uri: fileUri(`${WORKSPACE}/sub`), type: 'deleted' }]);
  assert.equal(index.filesNamed('b.service').length, 0);
  assert.equal(index.allFiles().length, 1);
  // Outside every root: ignored.
  assert.equal(await service.updateIndex([{ uri: 'file:///elsewhere/x.service', type: 'created' }]), false);
});
