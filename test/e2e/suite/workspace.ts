// End-to-end checks of the workspace index on the fixture shop (fixtures/workspace/project, 55 units and 7 drop-ins):
// go to definition, references, rename, links, symbols, the effective unit, Create Drop-in… and the index-based
// diagnostics. Web-safe (only `vscode`): run in the node extension host and in the browser's web worker host.
import * as vscode from 'vscode';
import * as assert from './assert';
import { report } from './report';
import type { Host } from './shared';
import { codeOf, hasCode, open, poll, waitForDiagnostics, workspaceUri } from './util';

/** The position just inside the first `needle` of a document. */
function positionOf(document: vscode.TextDocument, needle: string, shift = 1): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${document.uri.path}`);
  return document.positionAt(offset + shift);
}

function targetOf(location: vscode.Location | vscode.LocationLink): vscode.Uri {
  return 'targetUri' in location ? location.targetUri : location.uri;
}

/** What the extension exports for tests (client/src/common.ts ExtensionApi). */
interface UnitsApi {
  unitsTree: {
    children(node?: unknown): Promise<{ node: unknown; label: string; description: string | undefined }[]>;
  };
}

const nameOf = (uri: vscode.Uri) => decodeURIComponent(uri.path.slice(uri.path.lastIndexOf('/') + 1));

export function defineWorkspaceTests(host: Host): void {
  describe('workspace index: navigation, drop-ins and dependencies on the fixture shop', function () {
    this.timeout(90_000);

    before(async function () {
      await open('project', 'shop.target');
      // The index is built in the background: wait until a definition across files answers.
      const document = await open('project', 'shop-web.target');
      await poll('the workspace index', async () => {
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          document.uri,
          positionOf(document, 'shop-api.service'),
        );
        return found?.length ? found : undefined;
      });
    });

    it('goes to the definition of a dependency, a template instance and a timer partner', async function () {
      const definition = async (file: string, needle: string, shift = 1) => {
        const document = await open('project', file);
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          document.uri,
          positionOf(document, needle, shift),
        );
        return found.map((location) => nameOf(targetOf(location)));
      };
      assert.equal((await definition('shop-web.target', 'shop-api.service')).join(), 'shop-api.service');
      assert.equal((await definition('shop-workers.target', 'shop-worker@2.service')).join(), 'shop-worker@.service');
      assert.equal((await definition('shop-report.timer', '[Timer]')).join(), 'shop-report-generate.service');
      assert.equal((await definition('shop-metrics.socket', '[Socket]')).join(), 'shop-metrics@.service');
    });

    it('finds the references of a unit across the workspace', async function () {
      const document = await open('project', 'shop-db.service');
      const locations = await vscode.commands.executeCommand<vscode.Location[]>(
        'vscode.executeReferenceProvider',
        document.uri,
        positionOf(document, '[Unit]'),
      );
      const files = new Set(locations.map((location) => nameOf(location.uri)));
      report(`      ${locations.length} references in ${files.size} files`);
      assert.ok(files.has('shop-api.service') && files.has('shop-data.target'), [...files].join(' '));
      assert.ok(files.size >= 9, `${files.size} files`);
    });

    it('renames a unit: every reference and the file, in one edit', async function () {
      const document = await open('project', 'shop-sessions-cleanup.service');
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
        'vscode.executeDocumentRenameProvider',
        document.uri,
        positionOf(document, 'shop-cache.service'),
        'shop-redis.service',
      );
      const edited = edit.entries().map(([uri]) => nameOf(uri));
      assert.ok(edited.includes('shop-data.target') && edited.includes('shop-frontend.service'), edited.join(' '));
    });

    it('links Documentation= man pages and URLs', async function () {
      const document = await open('project', 'shop-frontend.service');
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
        'vscode.executeLinkProvider',
        document.uri,
      );
      const targets = links.map((link) => link.target?.toString(true) ?? '');
      assert.ok(targets.includes('https://man7.org/linux/man-pages/man8/nginx.8.html'), targets.join(' '));
      assert.ok(targets.includes('https://shop.example/docs/frontend'), targets.join(' '));
      if (host.kind === 'node') {
        // The node server sees files: EnvironmentFile=/etc/shop/shop.env is the workspace's etc/shop/shop.env.
        assert.ok(
          targets.some((target) => target.endsWith('/etc/shop/shop.env')),
          `a link to the environment file among ${targets.join(' ')}`,
        );
      }
    });

    it('outlines sections and directives, and finds units by name in the workspace', async function () {
      const document = await open('project', 'shop-api.service');
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      );
      assert.equal(symbols.map((symbol) => symbol.name).join(), '[Unit],[Service],[Install]');
      assert.ok(symbols[1]!.children.some((child) => child.name === 'ExecStart'));
      const units = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
        'vscode.executeWorkspaceSymbolProvider',
        'shop-worker',
      );
      assert.ok(
        units.some((symbol) => symbol.name === 'shop-worker@.service'),
        units.map((u) => u.name).join(),
      );
    });

    it('shows the effective unit: the file and its drop-ins merged, read-only', async function () {
      await vscode.commands.executeCommand(
        'systemdUnits.showEffectiveUnit',
        workspaceUri('project', 'shop-api.service'),
      );
      const editor = await poll('the effective unit editor', () => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.scheme === 'systemd-unit-effective' ? active : undefined;
      });
      const text = await poll('the merged text', () =>
        editor.document.getText().includes('--workers 8') ? editor.document.getText() : undefined,
      );
      assert.match(text, /^# shop-api\.service as systemd reads it: 3 drop-ins/);
      assert.match(text, /# \[2\] .*shop-\.service\.d\/10-hardening\.conf/);
      assert.match(text, /\nExecStart=\/usr\/bin\/shop-api serve --workers 8\n/);
      assert.equal(editor.document.languageId, 'systemd-unit');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('creates a drop-in with the section filled in, and the effective unit includes it', async function () {
      const unit = workspaceUri('project', 'shop-cache.service');
      await vscode.commands.executeCommand('systemdUnits.createDropIn', unit, 'override.conf');
      const created = workspaceUri('project', 'shop-cache.service.d', 'override.conf');
      const document = await poll('the new drop-in', async () => {
        const opened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === created.toString());
        return opened?.getText() === '[Service]\n' ? opened : undefined;
      });
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'MemoryMax=256M\n'));
      await document.save();
      await vscode.commands.executeCommand('systemdUnits.showEffectiveUnit', unit);
      await poll('the drop-in in the effective unit', () => {
        const text = vscode.window.activeTextEditor?.document.getText() ?? '';
        return text.includes('MemoryMax=256M') && text.includes('shop-cache.service.d/override.conf')
          ? text
          : undefined;
      });
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('reports an ordering cycle among the units, and a missing unit where the machine is known', async function () {
      const legacy = await open('project', 'shop-legacy-import.service');
      const diagnostics = await waitForDiagnostics(legacy.uri, 'dependency-cycle', hasCode('dependency-cycle'));
      const cycle = diagnostics.find((d) => codeOf(d) === 'dependency-cycle');
      assert.match(cycle!.message, /shop-legacy-import\.service → shop-legacy-export\.service/);
      const shop = await open('project', 'shop.target');
      if (host.kind === 'node') {
        const found = await waitForDiagnostics(shop.uri, 'unit-not-found', hasCode('unit-not-found'));
        assert.match(found.find((d) => codeOf(d) === 'unit-not-found')!.message, /shop-analytics\.service/);
      } else {
        // The browser server cannot see the machine, so nothing is said about units missing from it.
        await waitForDiagnostics(shop.uri, 'no diagnostics', (d) => d.length === 0);
      }
    });

    it('the units view groups the units and expands their dependencies, both ways', async function () {
      await vscode.commands.executeCommand('systemdUnits.refreshUnits');
      const extension = vscode.extensions.getExtension<UnitsApi>('systemd-units.systemd-units');
      assert.ok(extension?.isActive, 'the extension is active');
      const tree = extension.exports.unitsTree;
      const find = async (node: unknown, label: string) =>
        poll(`${label} in the units view`, async () =>
          (await tree.children(node)).find((child) => child.label === label),
        );
      const targets = await find(undefined, 'Targets');
      assert.ok((await tree.children(undefined)).some((group) => group.label === 'Services'));
      const web = await find(targets.node, 'shop-web.target');
      // shop-web.target: Wants=shop-frontend.service shop-api.service …
      const api = await find(web.node, 'shop-api.service');
      assert.match(api.description ?? '', /Wants/);
      report(`      shop-web.target → ${(await tree.children(web.node)).map((c) => c.label).join(', ')}`);

      await vscode.commands.executeCommand('systemdUnits.showReverseDependencies');
      const reverseTargets = await find(undefined, 'Targets');
      const reverseWeb = await find(reverseTargets.node, 'shop-web.target');
      // shop.target: Wants=shop-web.target …, so reversed, shop-web.target leads up to shop.target.
      const parents = (await tree.children(reverseWeb.node)).map((child) => child.label);
      report(`      reverse of shop-web.target → ${parents.join(', ')}`);
      assert.ok(parents.includes('shop.target'), parents.join(', '));
      await vscode.commands.executeCommand('systemdUnits.showDependencies');
    });
  });
}
