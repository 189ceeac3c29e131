import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manPageUrl } from '../../../server/src/service/features/documentLinks';
import { getLanguageService } from '../../../server/src/service/languageService';
import { documentOf, withCursor } from '../../helpers';
import { openAt, serviceOver, WORKSPACE } from '../workspace/memoryWorkspace';

test('man: pages link to freedesktop.org for systemd pages and to man7.org for the others', () => {
  assert.equal(
    manPageUrl('man:systemd.exec(5)'),
    'https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html',
  );
  assert.equal(
    manPageUrl('man:systemd.exec'),
    'https://www.freedesktop.org/software/systemd/man/latest/systemd.exec.html',
  );
  assert.equal(
    manPageUrl('man:sd_notify(3)'),
    'https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html',
  );
  assert.equal(manPageUrl('man:nginx(8)'), 'https://man7.org/linux/man-pages/man8/nginx.8.html');
  assert.equal(
    manPageUrl('man:hostname(1)'),
    'https://man7.org/linux/man-pages/man1/hostname.1.html',
    'systemd has hostname(5) only',
  );
  assert.equal(manPageUrl('man:printf(3p)'), 'https://man7.org/linux/man-pages/man3/printf.3p.html');
  assert.equal(manPageUrl('man:nginx'), undefined);
  assert.equal(manPageUrl('man:'), undefined);
});

test('document links: Documentation= URLs, and paths that exist on the machine or under a workspace folder', async () => {
  const text = [
    '[Unit]',
    'Documentation=man:sshd(8) https://example.org/doc file:///usr/share/doc/x info:coreutils gopher://x',
    '[Service]',
    'EnvironmentFile=-/etc/default/web',
    'ExecStart=-/usr/bin/web /etc/default/web',
    'ConditionPathExists=!/etc/missing',
    'ReadOnlyPaths=/srv/data/config.ini %h/x',
    '',
  ].join('\n');
  const existing = new Set(['file:///usr/bin/web', 'file:///ws/etc/default/web', 'file:///srv/data/config.ini']);
  const { service } = await serviceOver(
    { [`${WORKSPACE}/web.service`]: text },
    { host: { fileExists: (uri) => existing.has(uri) } },
  );
  const document = openAt(`${WORKSPACE}/web.service`, text);
  const links = service
    .findDocumentLinks(document)
    .map(
      (link) =>
        `${link.range.start.line + 1}:${link.range.start.character + 1}-${link.range.end.character + 1} ${link.target}`,
    );
  assert.deepEqual(links, [
    '2:15-26 https://man7.org/linux/man-pages/man8/sshd.8.html',
    '2:27-50 https://example.org/doc',
    '2:51-74 file:///usr/share/doc/x',
    '2:75-89 info:coreutils',
    '4:18-34 file:///ws/etc/default/web',
    '5:12-24 file:///usr/bin/web',
    '7:15-35 file:///srv/data/config.ini',
  ]);
  // Without a way to see files (the browser), only the URLs.
  assert.equal(getLanguageService().findDocumentLinks(documentOf(text)).length, 4);
});

test('document symbols: sections holding their assignments, for the outline and breadcrumbs', () => {
  const service = getLanguageService();
  const symbols = service.findDocumentSymbols(
    documentOf('# head\n[Unit]\nDescription=A  web   server\n\n[Service]\nExecStart=/bin/a \\\n  --flag\n# c\n\n'),
  );
  const describe = (s: {
    name: string;
    detail?: string | undefined;
    range: { start: { line: number }; end: { line: number } };
  }) => `${s.name} ${s.range.start.line + 1}-${s.range.end.line + 1}${s.detail ? ` ${s.detail}` : ''}`;
  assert.deepEqual(
    symbols.map((s) => [describe(s), (s.children ?? []).map(describe)]),
    [
      ['[Unit] 2-3', ['Description 3-3 A web server']],
      ['[Service] 5-8', ['ExecStart 6-7 /bin/a --flag']],
    ],
  );
  assert.deepEqual(service.findDocumentSymbols(documentOf('')), []);
});

test('document symbols: a value is cut to 80 characters, each white space run as one space', () => {
  const service = getLanguageService();
  const detailOf = (value: string) =>
    service.findDocumentSymbols(documentOf(`[Unit]\nDescription=${value}\n`))[0]!.children![0]!.detail;
  const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
  assert.equal(detailOf(words.join(' \t  ')), `${words.join(' ').slice(0, 79)}…`);
  assert.equal(detailOf(`${'x'.repeat(79)} \t y`), `${'x'.repeat(79)}…`);
  assert.equal(detailOf(`${'x'.repeat(78)}\t\t y`), `${'x'.repeat(78)} y`);
  // A one-megabyte value (the fuzz run's slowest outline) gives the same detail as a short one.
  assert.equal(detailOf('a  b '.repeat(200_000)), `${'a b '.repeat(20).slice(0, 79)}…`);
});

test('selection ranges grow from a word of the value to the file', () => {
  const service = getLanguageService();
  const { text, offset } = withCursor('[Unit]\nDescription=x\n[Service]\nExecStart=/bin/a \\\n  --fl|ag\nUser=a\n');
  const document = documentOf(text);
  const [range] = service.getSelectionRanges(document, [document.positionAt(offset)]);
  const chain: string[] = [];
  for (let r: typeof range | undefined = range; r; r = r.parent) {
    chain.push(document.getText(r.range));
  }
  assert.deepEqual(chain, [
    '--flag',
    '/bin/a \\\n  --flag',
    'ExecStart=/bin/a \\\n  --flag',
    '[Service]\nExecStart=/bin/a \\\n  --flag\nUser=a',
    text,
  ]);
  const header = withCursor('[Ser|vice]\n');
  const headerDocument = documentOf(header.text);
  const [headerRange] = service.getSelectionRanges(headerDocument, [headerDocument.positionAt(header.offset)]);
  assert.equal(headerDocument.getText(headerRange!.range), 'Service');
  assert.equal(headerDocument.getText(headerRange!.parent!.range), '[Service]');
});
