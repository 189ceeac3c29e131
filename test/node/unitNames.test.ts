import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { UnitNameIndex } from '../../server/src/node/unitNames';
import { getLanguageService } from '../../server/src/service/languageService';
import { documentOf, withCursor } from '../helpers';

const root = mkdtempSync(path.join(tmpdir(), 'systemd-units-index-'));
after(() => rmSync(root, { recursive: true, force: true }));
for (const [file, text] of [
  ['deploy/web.service', '[Service]\nExecStart=/usr/bin/true\n'],
  ['deploy/web.socket', '[Socket]\nListenStream=80\n'],
  ['deploy/app.target', '[Unit]\n'],
  ['deploy/web.service.d/override.conf', '[Service]\n'],
  ['node_modules/hidden.service', ''],
  ['notes.txt', ''],
]) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

test('the index reads unit names from the workspace folders, not drop-ins, notes or node_modules', async () => {
  const index = new UnitNameIndex();
  index.setWorkspaceFolders([pathToFileURL(root).href, 'untitled:nothing']);
  await index.refresh();
  const names = index.unitNames();
  for (const name of ['web.service', 'web.socket', 'app.target']) assert.ok(names.includes(name), name);
  for (const name of ['override.conf', 'hidden.service', 'notes.txt']) assert.ok(!names.includes(name), name);
});

test('completion offers the host units after the well-known ones, filtered by what the directive takes', async () => {
  const index = new UnitNameIndex();
  index.setWorkspaceFolders([pathToFileURL(root).href]);
  await index.refresh();
  const service = getLanguageService(index);
  const labels = (marked: string) => {
    const { text, offset } = withCursor(marked);
    const document = documentOf(text);
    return service.doComplete(document, document.positionAt(offset)).items.map((item) => String(item.label));
  };
  const after = labels('[Unit]\nAfter=|\n');
  assert.equal(new Set(after).size, after.length, 'each unit offered once');
  assert.ok(after.includes('web.socket') && after.includes('network-online.target'));
  assert.ok(after.indexOf('network-online.target') < after.indexOf('web.socket'));
  const wantedBy = labels('[Install]\nWantedBy=|\n');
  assert.ok(wantedBy.includes('app.target') && !wantedBy.some((label) => label.startsWith('web.')));
  assert.ok(!labels('[Service]\nSockets=|\n').includes('web.service'));
});
