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

test('every contributed command is registered by the client', () => {
  const sources = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? sources(path.join(directory, entry.name))
        : entry.name.endsWith('.ts')
          ? [readFileSync(path.join(directory, entry.name), 'utf8')]
          : [],
    );
  const client = sources(path.join(ROOT, 'client', 'src')).join('\n');
  for (const { command } of pkg.contributes.commands) assert.ok(client.includes(`'${command}'`), command);
});

test('the VSIX holds only the bundles, grammar, snippets and docs', () => {
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split('\n').sort(), [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/client/browser.js',
    'dist/client/extension.js',
    'dist/server/browser.js',
    'dist/server/node.js',
    'docs/images/completion.png',
    'docs/images/diagnostics-quickfix.png',
    'docs/images/hover.png',
    'docs/images/snippet.png',
    'docs/rules.md',
    'language-configuration.json',
    'package.json',
    'snippets/systemd.code-snippets',
    'syntaxes/systemd.tmLanguage.json',
  ]);
});

test('vsce accepts the package (README links, manifest) and it stays under 1 MiB', () => {
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
  assert.ok(statSync(out).size < 1024 * 1024, `${statSync(out).size} bytes`);
  rmSync(path.dirname(out), { recursive: true, force: true });
});
