import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  allDirectives,
  allSpecifiers,
  docsOf,
  findDirective,
  sectionDocs,
  specialUnitDocs,
  unitTypeDocs,
} from '../../server/src/service/catalog';
import { kindSyntax } from '../../server/src/service/catalog/kinds';
import { ALL_SECTIONS, UNIT_TYPES } from '../../server/src/service/catalog/unitTypes';
import { ROOT } from '../helpers';

const ENUM_KINDS = new Set(['enum', 'enum-list', 'boolean-or-enum', 'boolean-or-enum-list', 'enum-or-integer']);

describe('catalog: complete', () => {
  const pairs = allDirectives().flatMap((d) => d.sections.map((section) => ({ directive: d, section })));

  test('every (section, directive) pair systemd 262 accepts: 531 names, 1,468 pairs', () => {
    assert.equal(new Set(allDirectives().map((d) => d.name)).size, 531);
    assert.equal(pairs.length, 1468);
    assert.equal(new Set(pairs.map(({ directive, section }) => `${section}/${directive.name}`)).size, 1468);
  });

  test('every pair has docs with a summary, and a man page URL', () => {
    const missing: string[] = [];
    for (const { directive, section } of pairs) {
      const docs = docsOf(directive, section);
      if (!docs?.summary.trim()) missing.push(`${section}/${directive.name}: no summary`);
      if (!directive.deprecated && !docs?.details?.trim()) missing.push(`${section}/${directive.name}: no details`);
      if (
        !/^https:\/\/www\.freedesktop\.org\/software\/systemd\/man\/latest\/systemd\.[a-z.-]+\.html/.test(directive.url)
      ) {
        missing.push(`${section}/${directive.name}: URL ${directive.url}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('every enum value has a line of its own', () => {
    const missing: string[] = [];
    for (const { directive, section } of pairs) {
      if (!ENUM_KINDS.has(directive.kind)) continue;
      const values = docsOf(directive, section)?.values ?? {};
      for (const value of directive.values)
        if (!values[value]?.trim()) missing.push(`${section}/${directive.name}=${value}`);
    }
    assert.deepEqual(missing, []);
  });

  test('every kind has a value syntax line', () => {
    const missing = [...new Set(allDirectives().map((d) => d.kind))].filter((kind) => !kindSyntax(kind));
    assert.deepEqual(missing, []);
  });

  test('every section, unit type and specifier is explained', () => {
    for (const section of ALL_SECTIONS) assert.ok(sectionDocs(section), section);
    for (const type of UNIT_TYPES) assert.ok(unitTypeDocs(type), type);
    assert.equal(allSpecifiers().length, 40);
    for (const specifier of allSpecifiers()) assert.ok(specifier.meaning && specifier.example, specifier.specifier);
    for (const unit of [
      'multi-user.target',
      'network-online.target',
      'default.target',
      'timers.target',
      'sockets.target',
    ]) {
      assert.ok(specialUnitDocs(unit), unit);
    }
  });

  test('summaries are one short line', () => {
    const long = allDirectives()
      .flatMap((d) => d.sections.map((s) => [`${s}/${d.name}`, docsOf(d, s)?.summary ?? ''] as const))
      .filter(([, summary]) => summary.length > 160 || summary.includes('\n'));
    assert.deepEqual(long, []);
  });
});

const factsDir = process.env['SYSTEMD_FACTS_DIR'] ?? path.resolve(ROOT, '..', 'shared', 'facts');
test(
  'catalog: the committed catalog matches the fact tables (npm run generate)',
  { skip: existsSync(path.join(factsDir, 'unit-directives.tsv')) ? false : `no fact tables in ${factsDir}` },
  () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-catalog.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
  },
);

/** The directives every beginner meets: the facts the hover shows are pinned here, checked by hand. */
describe('catalog: the core directives, exactly', () => {
  const BASE = 'https://www.freedesktop.org/software/systemd/man/latest/';
  const core: [section: string, name: string, url: string, defaultValue: string | undefined, list: boolean][] = [
    ['Unit', 'Description', 'systemd.unit.html#Description=', undefined, false],
    ['Unit', 'Documentation', 'systemd.unit.html#Documentation=', undefined, true],
    ['Unit', 'Requires', 'systemd.unit.html#Requires=', undefined, true],
    ['Unit', 'Wants', 'systemd.unit.html#Wants=', undefined, true],
    ['Unit', 'After', 'systemd.unit.html#Before=', undefined, true],
    ['Unit', 'Before', 'systemd.unit.html#Before=', undefined, true],
    ['Unit', 'Conflicts', 'systemd.unit.html#Conflicts=', undefined, true],
    ['Service', 'Type', 'systemd.service.html#Type=', '`simple`', false],
    ['Service', 'ExecStart', 'systemd.service.html#ExecStart=', undefined, true],
    ['Service', 'ExecStop', 'systemd.service.html#ExecStop=', undefined, true],
    ['Service', 'ExecReload', 'systemd.service.html#ExecReload=', undefined, true],
    ['Service', 'Restart', 'systemd.service.html#Restart=', '`no`', false],
    ['Service', 'RemainAfterExit', 'systemd.service.html#RemainAfterExit=', '`no`', false],
    ['Install', 'Alias', 'systemd.unit.html#Alias=', undefined, true],
    ['Install', 'RequiredBy', 'systemd.unit.html#WantedBy=', undefined, true],
    ['Install', 'WantedBy', 'systemd.unit.html#WantedBy=', undefined, true],
    ['Install', 'Also', 'systemd.unit.html#Also=', undefined, true],
    ['Install', 'DefaultInstance', 'systemd.unit.html#DefaultInstance=', undefined, false],
    ['Socket', 'ListenStream', 'systemd.socket.html#ListenStream=', undefined, true],
    ['Socket', 'SocketUser', 'systemd.socket.html#SocketUser=', '`root`', false],
    ['Service', 'KillMode', 'systemd.kill.html#KillMode=', '`control-group`', false],
    ['Service', 'TimeoutStopSec', 'systemd.service.html#TimeoutStopSec=', '`90s`', false],
    ['Service', 'PrivateTmp', 'systemd.exec.html#PrivateTmp=', '`no`', false],
    ['Service', 'EnvironmentFile', 'systemd.exec.html#EnvironmentFile=', undefined, true],
    ['Service', 'WorkingDirectory', 'systemd.exec.html#WorkingDirectory=', '`/`', false],
    ['Service', 'RuntimeDirectory', 'systemd.exec.html#RuntimeDirectory=', undefined, true],
  ];
  for (const [section, name, url, defaultValue, list] of core) {
    test(`${section}/${name}`, () => {
      const directive = findDirective(section, name);
      assert.ok(directive, `${name} is not in [${section}]`);
      assert.equal(directive.url, BASE + url);
      assert.equal(directive.list, list, 'list');
      const docs = docsOf(directive, section)!;
      if (defaultValue) assert.ok(docs.default?.startsWith(defaultValue), `default ${docs.default}`);
      else assert.equal(docs.default, undefined);
      assert.ok(docs.example?.startsWith(`${name}=`), `example ${docs.example}`);
    });
  }

  test('each Type= value has its meaning', () => {
    const type = findDirective('Service', 'Type')!;
    assert.deepEqual([...type.values].sort(), [
      'dbus',
      'exec',
      'forking',
      'idle',
      'notify',
      'notify-reload',
      'oneshot',
      'simple',
    ]);
    const values = docsOf(type, 'Service')!.values!;
    assert.match(values['simple']!, /even if the binary is missing/);
    assert.match(values['oneshot']!, /exits/);
    assert.match(values['forking']!, /PIDFile=/);
    assert.match(values['notify']!, /READY=1/);
  });
});
