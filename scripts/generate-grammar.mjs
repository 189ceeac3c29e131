#!/usr/bin/env node
// Writes syntaxes/systemd.tmLanguage.json, the TextMate grammar for systemd unit files.
//
// The list of known directive names and the % specifiers come from the fact tables in ../shared/facts
// (unit-directives.tsv and specifiers.tsv). The generated grammar is committed, so this script is only
// needed when those tables change or the grammar rules below are edited.
//
//   node scripts/generate-grammar.mjs           regenerate the grammar
//   node scripts/generate-grammar.mjs --check   exit 1 when the committed grammar differs from a fresh one
//
// Set SYSTEMD_FACTS_DIR to read the tables from another directory.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const factsDir = process.env.SYSTEMD_FACTS_DIR
  ? path.resolve(process.env.SYSTEMD_FACTS_DIR)
  : path.resolve(root, '..', 'shared', 'facts');
const outFile = path.join(root, 'syntaxes', 'systemd.tmLanguage.json');
const checkOnly = process.argv.includes('--check');

// The sections a unit file may contain, in the order systemd's documentation presents them.
const UNIT_SECTIONS = [
  'Unit',
  'Install',
  'Service',
  'Socket',
  'Mount',
  'Automount',
  'Swap',
  'Timer',
  'Path',
  'Slice',
  'Scope',
];

// Value kinds whose parser accepts a plain boolean, so that a whole value of 1, 0, y, n, t or f is a boolean too.
const BOOLEAN_KINDS = new Set(['boolean', 'boolean-or-enum', 'boolean-or-enum-list', 'boolean-or-controller-list']);

const UNIT_TYPES = [
  'automount',
  'device',
  'mount',
  'path',
  'scope',
  'service',
  'slice',
  'socket',
  'swap',
  'target',
  'timer',
];

// Suffixes accepted by systemd's time span and size parsers, plus percentages.
const NUMBER_UNITS = [
  'usec',
  'us',
  '\u00b5s',
  '\u03bcs',
  'msec',
  'ms',
  'nsec',
  'ns',
  'seconds',
  'second',
  'sec',
  's',
  'minutes',
  'minute',
  'min',
  'm',
  'hours',
  'hour',
  'hr',
  'h',
  'days',
  'day',
  'd',
  'weeks',
  'week',
  'w',
  'months',
  'month',
  'M',
  'years',
  'year',
  'y',
  'K',
  'G',
  'T',
  'P',
  'E',
  'B',
  '%',
  '\u2030',
  '\u2031',
];

function fail(message) {
  process.stderr.write(`generate-grammar: ${message}\n`);
  process.exit(1);
}

function readTsv(file) {
  const full = path.join(factsDir, file);
  if (!existsSync(full)) {
    fail(
      `cannot find ${full}.\n` +
        'The grammar is generated from the systemd fact tables, which live in ../shared/facts next to the project\n' +
        '(or in the directory named by SYSTEMD_FACTS_DIR). Without them the committed\n' +
        'syntaxes/systemd.tmLanguage.json stays as it is; nothing was written.',
    );
  }
  const lines = readFileSync(full, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const fields = line.split('\t');
    return Object.fromEntries(header.map((name, i) => [name, fields[i] ?? '']));
  });
}

function escapeRegExp(text) {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

// Longest first, then alphabetical: the order does not change what matches, only how soon a match is found.
function alternation(words) {
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(escapeRegExp)
    .join('|');
}

function loadDirectives() {
  const rows = readTsv('unit-directives.tsv').filter((row) => UNIT_SECTIONS.includes(row.section));
  if (rows.length === 0) fail('unit-directives.tsv has no rows for the unit-file sections.');
  const kindsByName = new Map();
  for (const row of rows) {
    if (!/^[A-Za-z0-9]+$/.test(row.name)) fail(`unexpected directive name ${JSON.stringify(row.name)}`);
    if (!kindsByName.has(row.name)) kindsByName.set(row.name, new Set());
    kindsByName.get(row.name).add(row.kind);
  }
  const exec = [];
  const boolean = [];
  const other = [];
  for (const [name, kinds] of kindsByName) {
    if ([...kinds].every((kind) => kind === 'command-line')) exec.push(name);
    else if ([...kinds].every((kind) => BOOLEAN_KINDS.has(kind))) boolean.push(name);
    else other.push(name);
  }
  return { exec, boolean, other, total: kindsByName.size };
}

function loadSpecifierLetters() {
  const letters = readTsv('specifiers.tsv')
    .map((row) => row.specifier)
    .filter((spec) => /^%[A-Za-z%]$/.test(spec))
    .map((spec) => spec[1]);
  if (letters.length === 0) fail('specifiers.tsv lists no specifiers.');
  return [...new Set(letters)].sort().join('');
}

const KEY_TAIL = '\\s*(=)\\s*';
const UNKNOWN_KEY = '(?>[^\\s=#;\\[][^\\s=]*(?:\\s+[^\\s=]+)*)';
const EXTENSION_KEY = '(?>X-[^\\s=]*(?:\\s+[^\\s=]+)*)';

function assignment(keyPattern, keyScope, valueInclude) {
  return {
    name: 'meta.directive.systemd',
    contentName: 'meta.value.systemd',
    begin: `^\\s*(${keyPattern})${KEY_TAIL}`,
    beginCaptures: {
      1: { name: keyScope },
      2: { name: 'keyword.operator.assignment.systemd' },
    },
    end: '$',
    patterns: [{ include: valueInclude }],
  };
}

function quoted(quote, kind) {
  return {
    name: `string.quoted.${kind}.systemd`,
    begin: `(?<![^\\s=])${quote}`,
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.systemd' } },
    end: `${quote}|$`,
    endCaptures: { 0: { name: 'punctuation.definition.string.end.systemd' } },
    patterns: [
      { include: '#continuation' },
      { include: '#escape' },
      { include: '#specifier' },
      { include: '#environment-variable' },
    ],
  };
}

function buildGrammar({ exec, boolean, other }, specifierLetters) {
  const unitTypes = alternation(UNIT_TYPES);
  const unitNameChar = '(?:[\\w:.\\-@]|\\\\x[0-9A-Fa-f]{2}|%[A-Za-z%])';
  const unitNameEnd = `\\.(?:${unitTypes})(?![\\w.\\-@:])`;
  const number = '\\d+(?:\\.\\d+)?';
  const units = alternation(NUMBER_UNITS);

  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    information_for_contributors: [
      'Generated by scripts/generate-grammar.mjs from the systemd fact tables; edit the script and regenerate.',
    ],
    name: 'systemd Unit',
    scopeName: 'source.systemd',
    patterns: [{ include: '#comment' }, { include: '#section' }, { include: '#assignment' }],
    repository: {
      comment: {
        patterns: [
          {
            match: '^(\\s*)((#).*)$',
            captures: {
              1: { name: 'punctuation.whitespace.comment.leading.systemd' },
              2: { name: 'comment.line.number-sign.systemd' },
              3: { name: 'punctuation.definition.comment.systemd' },
            },
          },
          {
            match: '^(\\s*)((;).*)$',
            captures: {
              1: { name: 'punctuation.whitespace.comment.leading.systemd' },
              2: { name: 'comment.line.semicolon.systemd' },
              3: { name: 'punctuation.definition.comment.systemd' },
            },
          },
        ],
      },
      section: {
        patterns: [
          {
            name: 'meta.section-header.systemd',
            match: `^\\s*(\\[)(?:(${alternation(UNIT_SECTIONS)})|(X-.*)|(.*))(\\])\\s*$`,
            captures: {
              1: { name: 'punctuation.definition.section.begin.systemd' },
              2: { name: 'entity.name.section.systemd' },
              3: { name: 'entity.name.section.extension.systemd' },
              4: { name: 'entity.name.section.unknown.systemd' },
              5: { name: 'punctuation.definition.section.end.systemd' },
            },
          },
          {
            // systemd refuses a line that starts with [ but does not end with ].
            name: 'invalid.illegal.section-header.systemd',
            match: '^\\s*\\[.*$',
          },
        ],
      },
      assignment: {
        patterns: [
          { include: '#exec-assignment' },
          { include: '#boolean-assignment' },
          { include: '#known-assignment' },
          { include: '#extension-assignment' },
          { include: '#unknown-assignment' },
        ],
      },
      'exec-assignment': assignment(alternation(exec), 'keyword.other.directive.systemd', '#exec-value'),
      'boolean-assignment': assignment(alternation(boolean), 'keyword.other.directive.systemd', '#boolean-value'),
      'known-assignment': assignment(alternation(other), 'keyword.other.directive.systemd', '#plain-value'),
      'extension-assignment': assignment(EXTENSION_KEY, 'keyword.other.directive.extension.systemd', '#plain-value'),
      'unknown-assignment': assignment(UNKNOWN_KEY, 'variable.other.unknown-directive.systemd', '#plain-value'),
      'exec-value': {
        patterns: [{ name: 'keyword.operator.exec-prefix.systemd', match: '\\G[@\\-:+!|]+' }, { include: '#value' }],
      },
      'boolean-value': {
        patterns: [
          {
            name: 'constant.language.boolean.systemd',
            match: '\\G(?i:yes|no|true|false|on|off|y|n|t|f|1|0)(?=\\s*$)',
          },
          { include: '#plain-value' },
        ],
      },
      'plain-value': {
        patterns: [
          { name: 'constant.language.boolean.systemd', match: '\\G(?i:yes|no|true|false|on|off)(?=\\s*$)' },
          { name: 'constant.language.infinity.systemd', match: '\\Ginfinity(?=\\s*$)' },
          { include: '#value' },
        ],
      },
      value: {
        patterns: [
          { include: '#continuation' },
          { include: '#escape' },
          { include: '#string-double' },
          { include: '#string-single' },
          { include: '#specifier' },
          { include: '#environment-variable' },
          { include: '#link' },
          { include: '#unit-name' },
          { include: '#path' },
          { include: '#number' },
        ],
      },
      continuation: {
        // A backslash at the end of a line joins the next line to the value. Comment lines in between are
        // skipped by systemd, so the value resumes on the first line that is not a comment.
        begin: '(\\\\)$',
        beginCaptures: { 1: { name: 'constant.character.escape.line-continuation.systemd' } },
        end: '^(?!\\s*[#;])',
        patterns: [{ include: '#comment' }],
      },
      escape: {
        patterns: [
          {
            name: 'constant.character.escape.systemd',
            match: '\\\\(?:[abfnrtv\\\\"\'s;]|x[0-9A-Fa-f]{2}|[0-7]{3}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})',
          },
          {
            // Any other backslash pair: consumed so that an escaped backslash at the end of a line is not
            // taken for a line continuation.
            match: '\\\\.',
          },
        ],
      },
      'string-double': quoted('"', 'double'),
      'string-single': quoted("'", 'single'),
      specifier: {
        patterns: [
          { name: 'constant.other.placeholder.systemd', match: `%[${specifierLetters}]` },
          { name: 'invalid.illegal.specifier.systemd', match: '%[A-Za-z]' },
        ],
      },
      'environment-variable': {
        patterns: [
          { name: 'constant.character.escape.dollar.systemd', match: '\\$\\$' },
          {
            name: 'variable.other.environment.systemd',
            match: '(\\$\\{)[A-Za-z_][A-Za-z0-9_]*(\\})',
            captures: {
              1: { name: 'punctuation.definition.variable.begin.systemd' },
              2: { name: 'punctuation.definition.variable.end.systemd' },
            },
          },
          {
            name: 'variable.other.environment.systemd',
            match: '(\\$)[A-Za-z_][A-Za-z0-9_]*',
            captures: { 1: { name: 'punctuation.definition.variable.systemd' } },
          },
        ],
      },
      link: {
        name: 'markup.underline.link.systemd',
        match: '(?<![^\\s=])(?:(?:https?|ftp|file)://|(?:man|info):)[^\\s"\'\\\\]*',
      },
      'unit-name': {
        name: 'entity.name.type.unit.systemd',
        begin: `(?<![\\w.@:\\-/\\\\%])(?=${unitNameChar}+${unitNameEnd})`,
        end: unitNameEnd,
        patterns: [{ include: '#specifier' }, { include: '#escape' }],
      },
      path: {
        name: 'string.unquoted.path.systemd',
        begin: '(?<![^\\s=@\\-:+!|])(?=/)',
        end: '(?=[\\s"\'\\\\])|$',
        patterns: [{ include: '#specifier' }, { include: '#environment-variable' }],
      },
      number: {
        name: 'constant.numeric.systemd',
        match: `(?<![\\w.\\-+])[-+]?${number}(?:(?:${units})(?:${number}(?:${units}))*)?(?![\\w.])`,
      },
    },
  };
}

async function format(text) {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(outFile)) ?? {};
    return await prettier.format(text, { ...options, filepath: outFile });
  } catch (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') return text;
    throw error;
  }
}

const directives = loadDirectives();
const grammar = buildGrammar(directives, loadSpecifierLetters());
const text = await format(`${JSON.stringify(grammar, null, 2)}\n`);

if (checkOnly) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== text) {
    fail('syntaxes/systemd.tmLanguage.json is out of date: run `node scripts/generate-grammar.mjs`.');
  }
  process.stdout.write(`syntaxes/systemd.tmLanguage.json is up to date (${directives.total} directives).\n`);
} else {
  writeFileSync(outFile, text);
  process.stdout.write(
    `wrote syntaxes/systemd.tmLanguage.json: ${directives.total} directives ` +
      `(${directives.exec.length} command lines, ${directives.boolean.length} booleans).\n`,
  );
}
