import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { getLanguageService } from '../server/src/service/languageService';
import { documentOf, ROOT, UNIT_LEVEL_CODES } from './helpers';

interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
  scope?: string;
}

const snippets: Record<string, Snippet> = JSON.parse(
  readFileSync(path.join(ROOT, 'snippets', 'systemd.code-snippets'), 'utf8'),
);

/** The text a snippet inserts when every tab stop keeps its default (the first choice) and the file is `base`. */
export function expand(body: string, base: string): string {
  const defaults = new Map<string, string>();
  const withVariables = body.replace(/\$\{TM_FILENAME_BASE\}|\$TM_FILENAME_BASE/g, base);
  for (const match of withVariables.matchAll(/\$\{(\d+):([^}]*)\}/g)) defaults.set(match[1]!, match[2]!);
  for (const match of withVariables.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g))
    defaults.set(match[1]!, match[2]!.split(',')[0]!);
  return withVariables
    .replace(/\$\{(\d+):([^}]*)\}/g, (_, index: string) => defaults.get(index) ?? '')
    .replace(/\$\{(\d+)\|[^|]*\|\}/g, (_, index: string) => defaults.get(index) ?? '')
    .replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a?: string, b?: string) => defaults.get((a ?? b)!) ?? '')
    .replace(/\\\$/g, '$');
}

/** Where a snippet's text goes: a file name of the right type, and whether it is only a piece of a unit. */
function placeOf(text: string): { name: string; fragment: boolean; wrap?: (t: string) => string } {
  const has = (section: string) => new RegExp(`^\\[${section}\\]`, 'm').test(text);
  if (has('Socket')) return { name: 'myapp.socket', fragment: false };
  if (has('Timer')) return { name: 'myapp.timer', fragment: false };
  if (has('Path')) return { name: 'myapp.path', fragment: false };
  if (has('Mount')) return { name: 'srv-data.mount', fragment: false };
  if (/^ExecStart=$/m.test(text)) return { name: 'myapp.service.d/override.conf', fragment: false };
  if (!/^\[/m.test(text)) {
    return { name: 'myapp.service', fragment: false, wrap: (t) => `[Service]\nExecStart=/usr/bin/true\n${t}` };
  }
  if (!has('Service') && !has('Unit')) return { name: 'myapp.service', fragment: true };
  if (has('Unit') && !has('Service') && /^\[Install\]/m.test(text)) return { name: 'myapp.target', fragment: false };
  return { name: 'myapp.service', fragment: !(has('Unit') && has('Service')) };
}

test('there are snippets for every kind of unit the issue asks for, each with a description', () => {
  const names = Object.keys(snippets);
  for (const wanted of [
    'Simple service',
    'Notify service',
    'Oneshot service',
    'Forking service',
    'Timer unit',
    'Path unit',
    'Mount unit',
    'Target unit',
    'Hardening options',
  ]) {
    assert.ok(names.includes(wanted), wanted);
  }
  assert.ok(names.some((name) => /socket-activated/i.test(name)));
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.ok(snippet.description.length > 10, `${name} has no description`);
    assert.equal(snippet.scope, 'systemd-unit', name);
  }
});

test('every snippet, filled with its defaults, gets no error or warning from our diagnostics', () => {
  const service = getLanguageService();
  const problems: string[] = [];
  for (const [name, snippet] of Object.entries(snippets)) {
    const raw = snippet.body.join('\n');
    const place = placeOf(expand(raw, 'myapp'));
    const base = path.basename(place.name).replace(/\.[^.]+$/, '');
    let text = expand(raw, base === 'override' ? 'myapp' : base);
    if (place.wrap) text = place.wrap(text);
    for (const d of service.doValidation(documentOf(text, place.name))) {
      if ((d.severity ?? 1) > 2) continue;
      if (place.fragment && UNIT_LEVEL_CODES.has(String(d.code))) continue;
      problems.push(`${name} (${place.name}) line ${d.range.start.line + 1}: ${String(d.code)} ${String(d.message)}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('expansion: defaults, mirrored tab stops, first choices and variables', () => {
  assert.equal(
    expand('A=${1:x}\nB=${1}\nC=${2|p,q|}\nD=$TM_FILENAME_BASE\\$MAINPID$0', 'web'),
    'A=x\nB=x\nC=p\nD=web$MAINPID',
  );
});
