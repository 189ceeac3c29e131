import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { ROOT as projectRoot } from '../helpers';

const casesDir = path.join(projectRoot, 'test', 'grammar', 'cases');
const grammarFile = path.join(projectRoot, 'syntaxes', 'systemd.tmLanguage.json');
const factsDir = process.env.SYSTEMD_FACTS_DIR ?? path.resolve(projectRoot, '..', 'shared', 'facts');
const TIMEOUT_MS = 120_000;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function grammarTestCli(): string {
  const manifestPath = require.resolve('vscode-tmgrammar-test/package.json', { paths: [projectRoot] });
  const manifest = readJson(manifestPath) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['vscode-tmgrammar-test'];
  assert.ok(bin, 'vscode-tmgrammar-test declares no vscode-tmgrammar-test executable');
  return path.resolve(path.dirname(manifestPath), bin);
}

function run(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8', timeout: TIMEOUT_MS });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${String(result.error)}` : ''}`;
  return { status: result.status, output };
}

test('the project root is found from the compiled test file', () => {
  assert.ok(existsSync(path.join(projectRoot, 'package.json')), `no package.json in ${projectRoot}`);
  assert.ok(existsSync(grammarFile), 'syntaxes/systemd.tmLanguage.json is missing');
});

test('grammar assertion cases pass (vscode-tmgrammar-test, grammar from package.json)', () => {
  const cases = readdirSync(casesDir).filter((name) => !name.startsWith('.'));
  assert.ok(cases.length >= 6, `expected at least 6 grammar cases in ${casesDir}, found ${cases.length}`);
  for (const name of cases) {
    const header = readFileSync(path.join(casesDir, name), 'utf8').split(/\r?\n/, 1)[0] ?? '';
    assert.match(header, /^# SYNTAX TEST "source\.systemd"/, `${name} does not start with a SYNTAX TEST header`);
  }

  const { status, output } = run([grammarTestCli(), '--config', 'package.json', 'test/grammar/cases/*']);
  assert.equal(status, 0, `vscode-tmgrammar-test failed:\n${output}`);
  for (const name of cases) assert.ok(output.includes(name), `${name} was not run:\n${output}`);
});

test(
  'the committed grammar matches the directive fact tables',
  { skip: existsSync(path.join(factsDir, 'unit-directives.tsv')) ? false : `no fact tables in ${factsDir}` },
  () => {
    const { status, output } = run([path.join(projectRoot, 'scripts', 'generate-grammar.mjs'), '--check']);
    assert.equal(status, 0, output);
  },
);

test('the grammar has the documented name and scope', () => {
  const grammar = readJson(grammarFile) as { name?: string; scopeName?: string };
  assert.equal(grammar.scopeName, 'source.systemd');
  assert.equal(grammar.name, 'systemd Unit');
});

test('every snippet has a prefix, a body, a description and the systemd-unit scope', () => {
  const snippets = readJson(path.join(projectRoot, 'snippets', 'systemd.code-snippets')) as Record<
    string,
    { prefix?: unknown; body?: unknown; description?: unknown; scope?: unknown }
  >;
  assert.ok(Object.keys(snippets).length >= 10);
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.ok(typeof snippet.prefix === 'string' || Array.isArray(snippet.prefix), `${name}: prefix`);
    assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0, `${name}: body`);
    assert.ok(typeof snippet.description === 'string' && snippet.description.length > 0, `${name}: description`);
    assert.equal(snippet.scope, 'systemd-unit', `${name}: scope`);
  }
});

test('the language configuration comments with # and continues backslash lines', () => {
  const config = readJson(path.join(projectRoot, 'language-configuration.json')) as {
    comments?: { lineComment?: string };
    wordPattern?: string;
    onEnterRules?: { beforeText: string }[];
  };
  assert.equal(config.comments?.lineComment, '#');
  const word = new RegExp(`^(?:${config.wordPattern ?? ''})$`);
  for (const sample of ['ExecStart', 'multi-user.target', 'getty@%i.service', '/usr/bin/true', 'X-Vendor_Key']) {
    assert.ok(word.test(sample), `wordPattern does not cover ${sample}`);
  }
  assert.ok(!word.test('Key=Value'), 'wordPattern must stop at =');
  assert.ok(
    config.onEnterRules?.some((rule) => new RegExp(rule.beforeText).test('ExecStart=/usr/bin/true \\')),
    'no onEnterRule for a line ending in a backslash',
  );
});
