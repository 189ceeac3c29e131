import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  type CompletionItem,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-types';
import { directivesInSection } from '../../../server/src/service/catalog';
import { sectionsOf, UNIT_TYPES } from '../../../server/src/service/catalog/unitTypes';
import { getLanguageService } from '../../../server/src/service/languageService';
import { sanitizeSettings, type Settings } from '../../../server/src/service/settings';
import { documentOf, withCursor } from '../../helpers';

const service = getLanguageService();

interface Completion {
  readonly items: CompletionItem[];
  /** The text each item's edit replaces, by label. */
  readonly covers: (label: string) => string;
  readonly item: (label: string) => CompletionItem;
  readonly labels: string[];
}

/** Completion at the `|` cursor, items in the order an editor shows them before any filtering. */
function complete(marked: string, name = 'test.service', settings: Settings = sanitizeSettings({})): Completion {
  const { text, offset } = withCursor(marked);
  const document = documentOf(text, name);
  const list = service.doComplete(document, document.positionAt(offset), settings);
  assert.equal(list.isIncomplete, false);
  const items = [...list.items].sort((a, b) =>
    (a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : (a.sortText ?? a.label) > (b.sortText ?? b.label) ? 1 : 0,
  );
  const item = (label: string) => {
    const found = items.find((i) => i.label === label);
    assert.ok(found, `no ${label} in ${items.map((i) => i.label).join(' ')}`);
    return found;
  };
  return {
    items,
    item,
    labels: items.map((i) => i.label),
    covers: (label) => {
      const range = (item(label).textEdit as TextEdit).range;
      return text.slice(document.offsetAt(range.start), document.offsetAt(range.end));
    },
  };
}

/** The items an editor keeps after the typed text, matched case-insensitively at the start of filterText. */
function filtered(completion: Completion, typed: string): string[] {
  return completion.items
    .filter((i) => (i.filterText ?? i.label).toLowerCase().startsWith(typed.toLowerCase()))
    .map((i) => i.label);
}

function docOf(item: CompletionItem): string {
  const docs = item.documentation;
  return typeof docs === 'string' ? docs : ((docs as MarkupContent | undefined)?.value ?? '');
}

function assertNothing(marked: string, name = 'test.service') {
  assert.deepEqual(complete(marked, name).labels, [], JSON.stringify(marked));
}

describe('completion: sections', () => {
  test('a .socket offers its own sections', () =>
    assert.deepEqual(complete('|', 'web.socket').labels, ['[Unit]', '[Socket]', '[Install]']));

  test('sections already present are left out', () =>
    assert.deepEqual(
      complete('[Unit]\nDescription=x\n\n|', 'web.socket').labels.filter((l) => l.startsWith('[')),
      ['[Socket]', '[Install]'],
    ));

  test('a file of unknown type offers every section', () => {
    const labels = complete('|', 'untitled').labels;
    for (const section of ['[Unit]', '[Service]', '[Timer]', '[Mount]', '[Install]'])
      assert.ok(labels.includes(section));
  });

  test('a typed `[Ser` prefix is replaced by the whole header', () => {
    const completion = complete('[Unit]\n[Ser|\n');
    assert.deepEqual(completion.labels, ['[Service]', '[Install]']);
    assert.equal(completion.covers('[Service]'), '[Ser');
    assert.equal((completion.item('[Service]').textEdit as TextEdit).newText, '[Service]');
    assert.deepEqual(filtered(completion, '[Ser'), ['[Service]']);
    assert.match(docOf(completion.item('[Service]')), /\S/);
  });

  test('a closing bracket the editor added is replaced too', () =>
    assert.equal(complete('[Ser|]\n').covers('[Service]'), '[Ser]'));

  test('sections come after the directives inside a section', () => {
    const labels = complete('[Unit]\n|\n', 'a.timer').labels;
    assert.equal(labels.at(-1), '[Install]');
    assert.ok(labels.indexOf('Description') < labels.indexOf('[Timer]'));
  });
});

describe('completion: directives', () => {
  test('directives of [Service]; `execs` finds ExecStart and the edit covers the typed key', () => {
    const completion = complete('[Service]\nexecs|\n');
    assert.deepEqual(filtered(completion, 'execs'), [
      'ExecSearchPath',
      'ExecStart',
      'ExecStartPost',
      'ExecStartPre',
      'ExecStop',
      'ExecStopPost',
    ]);
    assert.equal(completion.covers('ExecStart'), 'execs');
    const item = completion.item('ExecStart');
    assert.equal((item.textEdit as TextEdit).newText, 'ExecStart=');
    assert.deepEqual(item.command, { title: 'Suggest', command: 'editor.action.triggerSuggest' });
    assert.match(item.detail!, /command/);
    assert.ok(!completion.labels.includes('ListenStream'));
  });

  test('the documentation is added on resolve: summary, value, link; no heading', () => {
    const item = complete('[Service]\nRest|\n').item('Restart');
    assert.equal(item.documentation, undefined);
    const docs = docOf(service.doResolve(item));
    assert.ok(docs.includes('Value:'), docs);
    assert.ok(docs.includes('Default: `no`'), docs);
    assert.ok(docs.includes('systemd.service.html#Restart='), docs);
    assert.ok(!docs.includes('**Restart=**'), docs);
  });

  test('the key of an existing assignment is replaced without a second `=`', () => {
    const completion = complete('[Service]\nExec|Start=/bin/true\n');
    assert.equal(completion.covers('ExecStop'), 'ExecStart');
    assert.equal((completion.item('ExecStop').textEdit as TextEdit).newText, 'ExecStop');
    assert.equal(completion.item('ExecStop').command, undefined);
    assert.ok(!completion.labels.includes('[Install]'));
  });

  test('directives already set rank below the others, except lists', () => {
    const labels = complete('[Service]\nType=simple\nExecStart=/bin/a\n|\n').labels;
    const type = labels.indexOf('Type');
    assert.ok(type > labels.indexOf('WorkingDirectory'), 'Type= should rank after the unset ones');
    assert.ok(labels.indexOf('ExecStart') < labels.indexOf('User'), 'ExecStart= is a list and ranks normally');
  });

  test('deprecated directives are tagged and rank last', () => {
    const completion = complete('[Service]\n|\n');
    assert.deepEqual(completion.item('MemoryLimit').tags, [CompletionItemTag.Deprecated]);
    assert.equal(completion.item('MemoryMax').tags, undefined);
    const deprecated = completion.items.filter((i) => i.tags?.includes(CompletionItemTag.Deprecated));
    const directives = completion.items.filter((i) => !i.label.startsWith('['));
    assert.deepEqual(directives.slice(-deprecated.length), deprecated);
  });

  test('directives newer than the configured systemd are left out', () => {
    assert.ok(complete('[Service]\n|\n').labels.includes('ProtectHostname'));
    const old = complete('[Service]\n|\n', 'a.service', sanitizeSettings({ systemdVersion: 230 })).labels;
    assert.ok(!old.includes('ProtectHostname'));
    assert.ok(old.includes('ExecStart'));
  });

  test('before any section, only sections', () =>
    assert.deepEqual(complete('Desc|\n', 'a.target').labels, ['[Unit]', '[Install]']));

  test('on the line after a key split by a backslash, before its `=`, nothing (found by the fuzzer)', () => {
    // The edit range ran backwards, from this line back to the end of the key on the line above.
    assert.deepEqual(complete('[Service]\nNoNewPrivileges\\\n|=yes\n').labels, []);
  });

  test('after a space in the key, or on a line that starts with `=` or `%`, nothing', () => {
    assertNothing('[Service]\nExec |\n');
    assertNothing('[Service]\n=|\n');
    assertNothing('[Service]\n%|\n');
  });
});

describe('completion: values', () => {
  test('Type= offers its keywords with their meaning, replacing the typed word', () => {
    const completion = complete('[Service]\nType=no|\n');
    assert.deepEqual(completion.labels, [
      'dbus',
      'exec',
      'forking',
      'idle',
      'notify',
      'notify-reload',
      'oneshot',
      'simple',
    ]);
    assert.equal(completion.covers('notify'), 'no');
    assert.match(docOf(completion.item('notify')), /\S/);
  });

  test('Restart=', () => assert.ok(complete('[Service]\nRestart=|\n').labels.includes('on-failure')));

  test('booleans, and boolean-or-keyword values', () => {
    assert.deepEqual(complete('[Service]\nNoNewPrivileges=|\n').labels, ['no', 'yes']);
    assert.deepEqual(complete('[Service]\nPrivateTmp=|\n').labels, ['no', 'yes', 'disconnected']);
  });

  test('KillSignal= offers signals', () => {
    const labels = complete('[Service]\nKillSignal=SIG|\n').labels;
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT', 'SIGCONT'])
      assert.ok(labels.includes(signal), signal);
    assert.equal(labels[0], 'SIGTERM');
  });

  test('After= offers well-known units, and again after a space without those already there', () => {
    const first = complete('[Unit]\nAfter=|\n');
    assert.ok(first.labels.includes('network-online.target'));
    assert.match(docOf(first.item('network-online.target')), /\S/);
    const second = complete('[Unit]\nAfter=network-online.target |\n').labels;
    assert.ok(!second.includes('network-online.target'));
    assert.ok(second.includes('network.target'));
  });

  test('a list of a million characters is not searched for the words in it (found by the fuzzer)', () => {
    const labels = complete(`[Unit]\nAfter=${'x '.repeat(500_000)}network-online.target |\n`).labels;
    assert.ok(labels.includes('network.target'));
  });

  test('WantedBy= puts the usual targets first', () => {
    const labels = complete('[Install]\nWantedBy=|\n').labels;
    assert.deepEqual(labels.slice(0, 3), ['multi-user.target', 'graphical.target', 'default.target']);
    assert.ok(labels.indexOf('timers.target') < labels.indexOf('dbus.service'));
    assert.ok(labels.indexOf('rescue.target') < labels.indexOf('dbus.service'));
  });

  test('Slice= offers slices only', () =>
    assert.ok(complete('[Service]\nSlice=|\n').labels.every((label) => label.endsWith('.slice'))));

  test('specifiers after %', () => {
    const completion = complete('[Service]\nExecStart=/usr/bin/agetty %|\n');
    assert.ok(completion.labels.includes('%i'));
    assert.ok(completion.labels.includes('%n'));
    assert.equal(completion.covers('%i'), '%');
    assert.match(docOf(completion.item('%i')), /instance/);
    assert.equal(complete('[Unit]\nDescription=Getty on %I|\n').covers('%i'), '%I');
    assert.deepEqual(complete('[Unit]\nDescription=100%%|\n').labels, []);
  });

  test('exec prefixes and interpreters at the start of a command', () => {
    const completion = complete('[Service]\nExecStart=|\n');
    for (const prefix of ['-', '@', ':', '+', '!']) assert.ok(completion.labels.includes(prefix), prefix);
    const shell = completion.item("/bin/sh -c '…'");
    assert.equal(shell.insertTextFormat, InsertTextFormat.Snippet);
    assert.ok((shell.textEdit as TextEdit).newText.startsWith("/bin/sh -c '"));
    assert.ok(completion.labels.includes('/usr/bin/env'));
    const after = complete('[Service]\nExecStart=-|\n');
    assert.ok(!after.labels.includes('-'));
    assert.equal(after.covers('/usr/bin/python3'), '');
    assert.deepEqual(complete('[Service]\nExecStart=/bin/true |\n').labels, []);
  });

  test('time units after a number', () => {
    const completion = complete('[Service]\nRestartSec=5|\n');
    assert.deepEqual(completion.labels, ['5s', '5min', '5h', '5ms', '5us', '5d', '5w', '5M', '5y']);
    assert.equal(completion.covers('5min'), '5');
    assert.equal(completion.item('5min').detail, 'minutes (= 5min)');
    assert.equal(complete('[Service]\nRestartSec=90|\n').item('90s').detail, 'seconds (= 1min 30s)');
    assert.deepEqual(complete('[Service]\nRestartSec=5s|\n').labels, []);
  });

  test('ListenStream= forms as snippets', () => {
    const completion = complete('[Socket]\nListenStream=|\n', 'web.socket');
    assert.deepEqual(completion.labels, [
      '8080',
      '127.0.0.1:8080',
      '[::1]:8080',
      '/run/NAME.sock',
      '@NAME',
      'vsock:2:1234',
    ]);
    assert.equal(completion.item('[::1]:8080').insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(complete('[Socket]\nListenStream=[|\n', 'web.socket').covers('[::1]:8080'), '[');
  });

  test('StandardOutput= forms; paths become snippet placeholders', () => {
    const completion = complete('[Service]\nStandardOutput=|\n');
    for (const form of ['journal', 'inherit', 'null', 'tty', 'kmsg', 'journal+console', 'socket'])
      assert.ok(completion.labels.includes(form), form);
    for (const form of ['file:PATH', 'append:PATH', 'truncate:PATH', 'fd:NAME']) {
      const item = completion.item(form);
      assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
      assert.match((item.textEdit as TextEdit).newText, /^[a-z]+:\$\{1:[A-Z]+\}$/);
    }
  });

  test('a single value offers nothing after a space; a value on a continuation line still completes', () => {
    assertNothing('[Service]\nType=simple |\n');
    assert.ok(complete('[Unit]\nAfter=network.target \\\n  |\n').labels.includes('time-sync.target'));
    const atEnd = complete('[Unit]\nAfter=network.target \\\n|').labels;
    assert.ok(atEnd.includes('time-sync.target') && !atEnd.includes('network.target'));
  });
});

describe('completion: where it stays quiet', () => {
  test('comments', () => {
    assertNothing('[Service]\n# Exec|\n');
    assertNothing('[Service]\n  ; |\n');
    assertNothing('#|\n');
  });

  test('comment lines inside a continuation', () => assertNothing('[Unit]\nAfter=a.target \\\n# |\n b.target\n'));

  test('X- sections and X- keys', () => {
    assertNothing('[X-Mine]\n|\n');
    assertNothing('[X-Mine]\nKey=|\n');
    assertNothing('[Service]\nX-Foo=|\n');
    assertNothing('[Service]\nX-|\n');
  });

  test('unknown directives and text after a header', () => {
    assertNothing('[Service]\nBogus=|\n');
    assertNothing('[Service]|\n');
  });
});

// Speed is measured by `npm run bench`; this only guards against something pathological (a whole-file scan per item).
test('a 5,000-line file completes without a pathological slowdown once parsed', () => {
  const lines = ['[Unit]', 'Description=big', '[Service]'];
  while (lines.length < 5000)
    lines.push(`Environment=VAR${lines.length}=value`, '# a comment', 'ExecStartPre=/bin/true');
  const text = lines.join('\n') + '\nRestart=|\n';
  const { text: body, offset } = withCursor(text);
  const document = documentOf(body, 'big.service');
  const position = document.positionAt(offset);
  service.doComplete(document, position); // parses and warms up
  const keyPosition = document.positionAt(body.indexOf('Restart='));
  const runs = 50;
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    service.doComplete(document, position);
    service.doComplete(document, keyPosition);
  }
  const perCall = Number(process.hrtime.bigint() - started) / 1e6 / (runs * 2);
  assert.ok(perCall < 100, `${perCall.toFixed(3)} ms per completion`);
});

test('every section of every unit type offers exactly its directives, and the sections its type reads', () => {
  for (const type of UNIT_TYPES) {
    const sections = sectionsOf(type);
    const offered = complete('|\n', `x.${type}`)
      .items.filter((i) => i.kind === CompletionItemKind.Module || String(i.label).startsWith('['))
      .map((i) => String(i.label));
    assert.deepEqual(offered.sort(), sections.map((s) => `[${s}]`).sort(), type);
    for (const section of sections) {
      const labels = complete(`[${section}]\n|\n`, `x.${type}`)
        .items.filter((i) => !String(i.label).startsWith('['))
        .map((i) => String(i.label));
      const expected = directivesInSection(section).map((d) => d.name);
      assert.deepEqual([...new Set(labels)].sort(), [...new Set(expected)].sort(), `${type} [${section}]`);
    }
  }
});
