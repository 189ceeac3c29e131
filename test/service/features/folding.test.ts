import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getLanguageService } from '../../../server/src/service/languageService';
import { documentOf } from '../../helpers';

const service = getLanguageService();
const fold = (text: string) =>
  service
    .getFoldingRanges(documentOf(text))
    .map((r) => `${r.startLine + 1}-${r.endLine + 1}${r.kind ? ` ${r.kind}` : ''}`);

test('a fold per section, ending at its last line that is not blank, and one per continued assignment', () => {
  assert.deepEqual(fold('[Unit]\nDescription=x\n\n\n[Service]\nExecStart=/bin/echo \\\n  a\n\n[Install]\n'), [
    '1-2',
    '5-7',
    '6-7',
  ]);
  // A comment inside a continuation belongs to the assignment, not to a comment fold.
  assert.deepEqual(fold('[Service]\nExecStart=/bin/echo \\\n# note\n  a \\\n  b\nUser=x\n'), ['1-6', '2-5']);
});

test('runs of comments fold, but not across a section header', () => {
  assert.deepEqual(fold('# a\n# b\n[Unit]\n# c\n[Service]\n# d\n# e\nA=1\n'), [
    '3-4',
    '5-8',
    '1-2 comment',
    '6-7 comment',
  ]);
});

test('CRLF and a missing final newline', () => {
  assert.deepEqual(fold('[Unit]\r\nA=1\r\nB=2'), ['1-3']);
});
