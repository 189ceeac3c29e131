import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { UNIT_TYPES } from '../server/src/service/catalog/unitTypes';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('the language is contributed for every unit type and for drop-ins', () => {
  const [language] = pkg.contributes.languages;
  assert.equal(language.id, 'systemd-unit');
  assert.deepEqual(
    language.extensions,
    UNIT_TYPES.map((type) => `.${type}`),
  );
  for (const type of UNIT_TYPES) {
    for (const pattern of [`**/*.${type}.d/*.conf`, `**/${type}.d/*.conf`, `**/*.${type}.d/.#*.conf*`]) {
      assert.ok(language.filenamePatterns.includes(pattern), `missing ${pattern}`);
    }
  }
  const firstLine = new RegExp(language.firstLine);
  assert.ok(firstLine.test('[Unit]') && firstLine.test('[Service]  ') && !firstLine.test('[section]'));
  assert.ok(existsSync(path.join(ROOT, language.configuration)));
});

test('the grammar, snippets and entry points the manifest names exist', () => {
  const [grammar] = pkg.contributes.grammars;
  assert.equal(grammar.scopeName, 'source.systemd');
  assert.equal(JSON.parse(readFileSync(path.join(ROOT, grammar.path), 'utf8')).scopeName, 'source.systemd');
  for (const snippets of pkg.contributes.snippets) assert.ok(existsSync(path.join(ROOT, snippets.path)));
  for (const entry of [pkg.main, pkg.browser, pkg.bin['systemd-units']]) {
    assert.ok(existsSync(path.join(ROOT, entry)), `${entry} is not built`);
  }
  assert.equal(pkg.name, 'systemd-units');
  assert.equal(pkg.displayName, 'systemd Units');
});

/** The text of every client source file. */
function clientSources(directory = path.join(ROOT, 'client', 'src')): string {
  return readdirSync(directory, { withFileTypes: true })
    .map((entry) => {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) return clientSources(file);
      return entry.name.endsWith('.ts') ? readFileSync(file, 'utf8') : '';
    })
    .join('\n');
}

test('every contributed command is registered by the client', () => {
  const client = clientSources();
  for (const { command } of pkg.contributes.commands) assert.ok(client.includes(`'${command}'`), command);
});

/** Commands that run a program on this machine. */
const RUNS_PROGRAMS = /^systemdUnits\.(systemctl|systemdAnalyze)\./;

test('the commands that run programs are in the "systemd Units" category and hidden where they cannot run', () => {
  const commands: { command: string; category?: string }[] = pkg.contributes.commands;
  const running = commands.filter(({ command }) => RUNS_PROGRAMS.test(command));
  assert.equal(running.length, 17);
  for (const { command, category } of commands) assert.equal(category, 'systemd Units', command);
  const guard = /^systemdUnits\.commandsAvailable && isWorkspaceTrusted( && |$)/;
  const palette: { command: string; when?: string }[] = pkg.contributes.menus.commandPalette;
  for (const { command } of running) {
    const entry = palette.find((item) => item.command === command);
    assert.match(entry?.when ?? '', guard, `${command} in the command palette`);
  }
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, Record<string, string>[]>)) {
    if (menu === 'commandPalette') continue;
    for (const item of items) {
      if (item.command && RUNS_PROGRAMS.test(item.command) && menu !== 'systemdUnits.unitCommands') {
        assert.match(item.when ?? '', guard, `${item.command} in ${menu}`);
      }
      if (item.submenu === 'systemdUnits.unitCommands') assert.match(item.when ?? '', guard, `the submenu in ${menu}`);
    }
  }
  // The submenu holds only such commands; it is shown only where they can run.
  for (const item of pkg.contributes.menus['systemdUnits.unitCommands']) assert.match(item.command, RUNS_PROGRAMS);
  const verify = palette.find((item) => item.command === 'systemdUnits.systemdAnalyze.verify');
  assert.match(verify?.when ?? '', /config\.systemdUnits\.systemdAnalyze\.enable/, 'verify is opt-in');
});

test('untrusted workspaces: limited support, declared with a reason and the settings it ignores there', () => {
  const untrusted = pkg.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.match(untrusted.description, /trusted|restricted/i);
  for (const name of untrusted.restrictedConfigurations) {
    assert.ok(pkg.contributes.configuration.properties[name], `${name} is a contributed setting`);
  }
  assert.ok(untrusted.restrictedConfigurations.includes('systemdUnits.systemdAnalyze.enable'));
});

test('the web build holds no node modules and none of the commands that run programs', () => {
  const browserEntry = readFileSync(path.join(ROOT, 'client', 'src', 'browser.ts'), 'utf8');
  assert.doesNotMatch(browserEntry, /from '\.\/commands/);
  for (const bundle of ['dist/client/browser.js', 'dist/server/browser.js']) {
    const text = readFileSync(path.join(ROOT, bundle), 'utf8');
    assert.doesNotMatch(text, /require\(["'](node:)?(child_process|fs|os|path|net)["']\)/, bundle);
    // child_process as a module name: the man-page name list holds sd-event functions like sd_event_…_child_process_own.
    assert.doesNotMatch(text, /systemdUnits\.systemctl\.|systemd-analyze verify|["'](node:)?child_process["']/, bundle);
  }
  const desktop = readFileSync(path.join(ROOT, 'dist/client/extension.js'), 'utf8');
  assert.match(desktop, /systemdUnits\.systemctl\.status/, 'the desktop bundle has the commands');
});

test('the VSIX holds only the bundles, grammar, snippets and docs', () => {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split('\n').sort(), [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'SECURITY.md',
    'dist/client/browser.js',
    'dist/client/extension.js',
    'dist/server/browser.js',
    'dist/server/node.js',
    'docs/images/completion.png',
    'docs/images/diagnostics-quickfix.png',
    'docs/images/effective-unit.png',
    'docs/images/exposure-lens.png',
    'docs/images/hover.png',
    'docs/images/snippet.png',
    'docs/images/units-view.png',
    'docs/rules.md',
    'language-configuration.json',
    'package.json',
    'snippets/systemd.code-snippets',
    'syntaxes/systemd.tmLanguage.json',
  ]);
});

test('vsce accepts the package (README links, manifest), and a production build stays under 1 MiB', () => {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'systemd-units-vsix-')), 'test.vsix');
  const pkgScript: string = pkg.scripts.package;
  assert.match(pkgScript, /--no-rewrite-relative-links/, 'the package script and this test should package alike');
  const result = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  assert.equal(result.status, 0, result.stdout + result.stderr);
  // `npm test` packages the development build (readable bundles); the budget is for the minified one that
  // `npm run package` makes, which .ci/run checks too.
  const production = !readFileSync(path.join(ROOT, 'dist', 'server', 'node.js'), 'utf8').includes('sourceMappingURL');
  if (production) assert.ok(statSync(out).size < 1024 * 1024, `${statSync(out).size} bytes`);
  rmSync(path.dirname(out), { recursive: true, force: true });
});
