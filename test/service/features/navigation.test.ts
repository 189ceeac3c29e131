import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, LocationLink, RenameFile, TextDocumentEdit } from 'vscode-languageserver-types';
import { withCursor } from '../../helpers';
import { openAt, serviceOver, SYSTEM, WORKSPACE } from '../workspace/memoryWorkspace';

const files = {
  [`${WORKSPACE}/app.target`]: '[Unit]\nDescription=App\nWants=web.service worker@1.service\n',
  [`${WORKSPACE}/web.service`]:
    '[Unit]\nAfter=db.service\nRequires=db.service\n[Service]\nExecStart=/bin/web\n[Install]\nWantedBy=app.target\n',
  [`${WORKSPACE}/web.socket`]: '[Socket]\nListenStream=80\n',
  [`${WORKSPACE}/db.service`]: '[Service]\nExecStart=/bin/db\n',
  [`${WORKSPACE}/db.service.d/limits.conf`]: '[Service]\nLimitNOFILE=4096\n',
  [`${WORKSPACE}/worker@.service`]:
    '[Unit]\nPartOf=app.target\nAfter=db.service\n[Service]\nExecStart=/bin/worker %i\n',
  [`${WORKSPACE}/backup.timer`]: '[Timer]\nOnCalendar=daily\nUnit=db-backup.service\n',
  [`${WORKSPACE}/db-backup.service`]: '[Service]\nType=oneshot\nExecStart=/bin/backup\n',
  [`${WORKSPACE}/echo.socket`]: '[Socket]\nListenStream=7\nAccept=yes\n',
  [`${WORKSPACE}/echo@.service`]: '[Service]\nExecStart=/bin/cat\nStandardInput=socket\n',
  [`${SYSTEM}/network.service`]: '[Service]\nExecStart=/bin/net\n',
};

/** Opens a file of the workspace with a `|` cursor in its text. */
function at(path: string, marked: string): { document: TextDocument; position: { line: number; character: number } } {
  const { text, offset } = withCursor(marked);
  const document = openAt(path, text);
  return { document, position: document.positionAt(offset) };
}

const targets = (links: readonly LocationLink[]) => links.map((link) => link.targetUri.replace('file://', ''));

test('go to definition on a unit name in a dependency, an [Install] list, an instance and Unit=', async () => {
  const { service } = await serviceOver(files);
  const definition = (path: string, marked: string) => {
    const { document, position } = at(path, marked);
    return targets(service.findDefinition(document, position));
  };
  assert.deepEqual(definition(`${WORKSPACE}/app.target`, '[Unit]\nWants=w|eb.service worker@1.service\n'), [
    '/ws/web.service',
  ]);
  assert.deepEqual(definition(`${WORKSPACE}/app.target`, '[Unit]\nWants=web.service worker@1.ser|vice\n'), [
    '/ws/worker%40.service',
  ]);
  assert.deepEqual(definition(`${WORKSPACE}/web.service`, '[Install]\nWantedBy=|app.target\n'), ['/ws/app.target']);
  assert.deepEqual(definition(`${WORKSPACE}/x.service`, '[Unit]\nAfter=network.service|\n'), [
    '/usr/lib/systemd/system/network.service',
  ]);
  assert.deepEqual(definition(`${WORKSPACE}/backup.timer`, '[Timer]\nUnit=db-back|up.service\n'), [
    '/ws/db-backup.service',
  ]);
  // The origin range is the whole unit name, so the editor underlines all of it.
  const { document, position } = at(`${WORKSPACE}/app.target`, '[Unit]\nWants=a.service web|.service\n');
  const [link] = service.findDefinition(document, position);
  assert.deepEqual(link?.originSelectionRange, { start: { line: 1, character: 16 }, end: { line: 1, character: 27 } });
  // Not on a unit name: nothing.
  assert.deepEqual(definition(`${WORKSPACE}/web.service`, '[Service]\nExecStart=/bin/w|eb\n'), []);
  assert.deepEqual(definition(`${WORKSPACE}/web.service`, '[Unit]\nAfter=nowhere|.service\n'), []);
});

test('go to definition from a socket, timer or path to the unit it starts', async () => {
  const { service } = await serviceOver(files);
  const definition = (path: string, marked: string) => {
    const { document, position } = at(path, marked);
    return targets(service.findDefinition(document, position));
  };
  assert.deepEqual(definition(`${WORKSPACE}/web.socket`, '[Soc|ket]\nListenStream=80\n'), ['/ws/web.service']);
  assert.deepEqual(definition(`${WORKSPACE}/backup.timer`, '[Ti|mer]\nOnCalendar=daily\nUnit=db-backup.service\n'), [
    '/ws/db-backup.service',
  ]);
  assert.deepEqual(definition(`${WORKSPACE}/backup.timer`, '[Timer]\nOnCalendar=daily\nU|nit=db-backup.service\n'), [
    '/ws/db-backup.service',
  ]);
  // Accept=yes: one instance of the template per connection.
  assert.deepEqual(definition(`${WORKSPACE}/echo.socket`, '[|Socket]\nListenStream=7\nAccept=yes\n'), [
    '/ws/echo%40.service',
  ]);
});

test('find references across the workspace, instances of a template included', async () => {
  const { service } = await serviceOver(files);
  const references = (path: string, marked: string, declaration = false) => {
    const { document, position } = at(path, marked);
    return service
      .findReferences(document, position, declaration)
      .map(
        (l: Location) => `${l.uri.replace('file:///ws/', '')}:${l.range.start.line + 1}:${l.range.start.character + 1}`,
      );
  };
  assert.deepEqual(references(`${WORKSPACE}/web.service`, '[Unit]\nAfter=db.serv|ice\nRequires=db.service\n'), [
    'web.service:2:7',
    'web.service:3:10',
    'worker%40.service:3:7',
  ]);
  assert.deepEqual(references(`${WORKSPACE}/db.service`, '[Serv|ice]\nExecStart=/bin/db\n', true), [
    'db.service:1:1',
    'web.service:2:7',
    'web.service:3:10',
    'worker%40.service:3:7',
  ]);
  assert.deepEqual(references(`${WORKSPACE}/worker@.service`, '[U|nit]\n'), ['app.target:3:19']);
  // The editor's unsaved text counts.
  const { document, position } = at(`${WORKSPACE}/app.target`, '[Unit]\nWants=web.service db.serv|ice\n');
  assert.ok(service.findReferences(document, position, false).some((l) => l.uri.endsWith('app.target')));
});

test('rename a unit: every reference in the workspace, the file and its drop-in directory', async () => {
  const { service } = await serviceOver(files);
  const { document, position } = at(`${WORKSPACE}/web.service`, '[Unit]\nAfter=d|b.service\nRequires=db.service\n');
  assert.deepEqual(service.prepareRename(document, position), {
    range: { start: { line: 1, character: 6 }, end: { line: 1, character: 16 } },
    placeholder: 'db.service',
  });
  const edit = service.doRename(document, position, 'database.service', { confirm: true });
  assert.ok(edit && !('error' in edit));
  const changes = edit.documentChanges ?? [];
  const textEdits = changes.filter((change): change is TextDocumentEdit => 'textDocument' in change);
  assert.deepEqual(
    textEdits.map((change) => [
      change.textDocument.uri.replace('file:///ws/', ''),
      change.edits.map((e) => ('newText' in e ? e.newText : '')),
    ]),
    [
      ['web.service', ['database.service', 'database.service']],
      ['worker%40.service', ['database.service']],
    ],
  );
  const renames = changes.filter((change): change is RenameFile => 'kind' in change && change.kind === 'rename');
  assert.deepEqual(
    renames.map((change) => `${change.oldUri} -> ${change.newUri}`),
    [
      'file:///ws/db.service -> file:///ws/database.service',
      'file:///ws/db.service.d -> file:///ws/database.service.d',
    ],
  );
  assert.ok(
    renames.every((change) => change.annotationId && edit.changeAnnotations?.[change.annotationId]?.needsConfirmation),
  );
});

test('renaming a template renames its instances; bad names and installed units are refused', async () => {
  const { service } = await serviceOver(files);
  const template = at(`${WORKSPACE}/worker@.service`, '[Un|it]\n');
  const edit = service.doRename(template.document, template.position, 'job@.service');
  assert.ok(edit && !('error' in edit));
  const texts = (edit.documentChanges ?? []).flatMap((change) =>
    'edits' in change ? change.edits.map((e) => ('newText' in e ? e.newText : '')) : [],
  );
  assert.deepEqual(texts, ['job@1.service']);

  const refusal = (marked: string, newName: string) => {
    const { document, position } = at(`${WORKSPACE}/app.target`, marked);
    const answer = service.doRename(document, position, newName);
    return answer && 'error' in answer ? answer.error : undefined;
  };
  assert.match(refusal('[Unit]\nWants=web.ser|vice\n', 'web.socket') ?? '', /keeps its type/);
  assert.match(refusal('[Unit]\nWants=web.ser|vice\n', 'we b.service') ?? '', /not a valid unit name/);
  assert.match(refusal('[Unit]\nWants=web.ser|vice\n', 'web@.service') ?? '', /not a template/);
  assert.match(refusal('[Unit]\nWants=web.ser|vice\n', 'db.service') ?? '', /already exists/);
  assert.match(refusal('[Unit]\nWants=worker@1.ser|vice\n', 'x@1.service') ?? '', /instance of worker@\.service/);
  assert.match(refusal('[Unit]\nAfter=network.ser|vice\n', 'net.service') ?? '', /installed on this machine/);
  const prepared = at(`${WORKSPACE}/app.target`, '[Unit]\nAfter=network.ser|vice\n');
  assert.ok(service.prepareRename(prepared.document, prepared.position) !== null);
  const nothing = at(`${WORKSPACE}/app.target`, '[Unit]\nDescription=A|pp\n');
  assert.equal(service.prepareRename(nothing.document, nothing.position), null);
});

test('workspace symbols: units by name, letters in order, the workspace first', async () => {
  const { service } = await serviceOver(files);
  const names = (query: string) => service.findWorkspaceSymbols(query).map((symbol) => symbol.name);
  assert.deepEqual(names('web'), ['web.socket', 'web.service']);
  assert.deepEqual(names('dbsvc').slice(0, 2), ['db.service', 'db-backup.service']);
  assert.ok(names('').includes('db.service.d/limits.conf'));
  assert.ok(names('network').includes('network.service'));
  assert.equal(service.findWorkspaceSymbols('worker')[0]?.location.uri, 'file:///ws/worker%40.service');
});
