import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RenameFile, TextDocumentEdit } from 'vscode-languageserver-types';
import { nodeFileSystem } from '../../../server/src/node/workspaceHost';
import { getLanguageService, type LanguageService } from '../../../server/src/service/languageService';
import {
  dependencyGraph,
  FORWARD_RELATIONS,
  renderDependencyTree,
} from '../../../server/src/service/workspace/dependencies';
import { fileUri } from '../../../server/src/service/workspace/uris';
import { ROOT } from '../../helpers';

/** The e2e workspace, whose project/ folder is a shop of 50+ units that refer to each other. */
const WORKSPACE = path.join(ROOT, 'test', 'e2e', 'fixtures', 'workspace');
const PROJECT = path.join(WORKSPACE, 'project');

let service: LanguageService;
before(async () => {
  service = getLanguageService({ fileSystem: nodeFileSystem, fileExists: () => false });
  await service.indexWorkspace([{ uri: fileUri(WORKSPACE), origin: 'workspace' }]);
});

function documentOf(relative: string): TextDocument {
  const file = service.index.fileAt(fileUri(path.join(PROJECT, relative)));
  assert.ok(file, relative);
  return TextDocument.create(file.uri, 'systemd-unit', 1, file.text);
}

/** The position of the first `needle` in a file of the project (plus `shift` characters). */
function at(relative: string, needle: string, shift = 1) {
  const document = documentOf(relative);
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${relative}`);
  return { document, position: document.positionAt(offset + shift) };
}

const relative = (uri: string) => path.relative(PROJECT, new URL(uri).pathname).replace(/%40/g, '@');

describe('the fixture project', () => {
  test('has 50+ unit files that check clean, but for the ordering cycle it keeps on purpose', () => {
    const units = readdirSync(PROJECT).filter((name) =>
      /\.(service|socket|timer|path|target|mount|automount|slice)$/.test(name),
    );
    assert.ok(units.length >= 50, `${units.length} units`);
    const found: string[] = [];
    for (const file of service.index.allFiles()) {
      if (!file.uri.includes('/project/')) continue;
      const document = TextDocument.create(file.uri, 'systemd-unit', 1, file.text);
      for (const diagnostic of service.doValidation(document)) found.push(`${relative(file.uri)} ${diagnostic.code}`);
    }
    assert.deepEqual(found.sort(), [
      'shop-legacy-export.service dependency-cycle',
      'shop-legacy-import.service dependency-cycle',
    ]);
  });

  test('go to definition: dependencies, instances, trigger partners', () => {
    const definition = (file: string, needle: string, shift = 1) => {
      const { document, position } = at(file, needle, shift);
      return service.findDefinition(document, position).map((link) => relative(link.targetUri));
    };
    assert.deepEqual(definition('shop-web.target', 'shop-api.service'), ['shop-api.service']);
    assert.deepEqual(definition('shop-workers.target', 'shop-worker@2.service'), ['shop-worker@.service']);
    assert.deepEqual(definition('shop-report.timer', '[Timer]'), ['shop-report-generate.service']);
    assert.deepEqual(definition('shop-db-backup.timer', '[Timer]'), ['shop-db-backup.service']);
    assert.deepEqual(definition('shop-metrics.socket', '[Socket]'), ['shop-metrics@.service']);
    assert.deepEqual(definition('shop-uploads.path', 'Unit='), ['shop-thumbnailer.service']);
    assert.deepEqual(definition('shop-api.service', 'OnFailure=shop-alert@%n.service', 12), ['shop-alert@.service']);
  });

  test('find references of the database across units and drop-ins', () => {
    const { document, position } = at('shop-db.service', '[Unit]');
    const places = new Set(service.findReferences(document, position, false).map((location) => relative(location.uri)));
    for (const file of ['shop-api.service', 'shop-data.target', 'shop-db-migrate.service', 'shop-worker@.service']) {
      assert.ok(places.has(file), file);
    }
    assert.ok(places.size >= 9, [...places].join(' '));
  });

  test('the effective unit of shop-api.service: the prefix drop-in and two of its own, in lexical order', () => {
    const effective = service.getEffectiveUnit(documentOf('shop-api.service').uri);
    assert.deepEqual(
      effective?.sources.map((source) => path.relative(PROJECT, source.label)),
      [
        'shop-api.service',
        'shop-.service.d/10-hardening.conf',
        'shop-api.service.d/10-limits.conf',
        'shop-api.service.d/20-environment.conf',
      ],
    );
    assert.match(effective!.text, /\nExecStart=\/usr\/bin\/shop-api serve --workers 8\n/);
    assert.doesNotMatch(effective!.text, /ExecStart=\/usr\/bin\/shop-api serve\n/);
    assert.match(effective!.text, /\nProtectSystem=strict\n/);
  });

  test('the dependency tree of shop.target, as systemctl list-dependencies would print it', () => {
    const tree = renderDependencyTree(dependencyGraph(service.index), 'shop.target', { relations: FORWARD_RELATIONS });
    const lines = tree.split('\n');
    assert.equal(lines[0], 'shop.target');
    assert.ok(lines.includes('  ├─shop-analytics.service'));
    assert.ok(lines.includes('  ├─shop-data.target'), tree);
    assert.ok(lines.includes('  │ ├─shop-cache.service'), tree);
    assert.ok(lines.includes('    ├─shop-worker@1.service'), tree);
    assert.equal(lines[lines.length - 2], '    └─shop-worker@3.service');
    assert.ok(lines.length > 30, tree);
  });

  test('renaming the cache touches every reference and moves nothing else', () => {
    const { document, position } = at('shop-sessions-cleanup.service', 'shop-cache.service');
    const edit = service.doRename(document, position, 'shop-redis.service');
    assert.ok(edit && !('error' in edit));
    const changes = edit.documentChanges ?? [];
    const edited = changes
      .filter((change): change is TextDocumentEdit => 'textDocument' in change)
      .map((change) => relative(change.textDocument.uri))
      .sort();
    assert.deepEqual(edited, ['shop-data.target', 'shop-frontend.service', 'shop-sessions-cleanup.service']);
    const renamed = changes
      .filter((change): change is RenameFile => 'kind' in change)
      .map((change) => relative(change.newUri));
    assert.deepEqual(renamed, ['shop-redis.service']);
  });

  test('workspace symbols find units by name', () => {
    const names = service.findWorkspaceSymbols('shop-wo').map((symbol) => symbol.name);
    assert.deepEqual(names.slice(0, 3).sort(), ['shop-worker@.service', 'shop-workers.slice', 'shop-workers.target']);
  });
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
describe(
  'against systemd-analyze verify',
  { skip: analyze.status === 0 ? false : 'systemd-analyze is not installed' },
  () => {
    test("systemd finds the same ordering cycle, and merges the gateway's ExecStart= from its drop-in as we do", () => {
      const units = readdirSync(PROJECT).filter((name) => /\.(service|target|socket|timer)$/.test(name));
      const run = spawnSync('systemd-analyze', ['verify', '--man=no', ...units], { cwd: PROJECT, encoding: 'utf8' });
      const output = `${run.stdout}${run.stderr}`;
      const cycle = [...output.matchAll(/Found (?:ordering cycle on|dependency on) ([^/\s]+)\/start/g)].map(
        (m) => m[1],
      );
      assert.deepEqual([...new Set(cycle)].sort(), ['shop-legacy-export.service', 'shop-legacy-import.service']);
      assert.match(output, /shop-gateway\.service: Command \/usr\/sbin\/shop-gateway/);
      assert.doesNotMatch(output, /has no ExecStart/);
    });
  },
);
