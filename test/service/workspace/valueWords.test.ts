import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseUnitFile, touches } from '../../../server/src/service/syntax';
import { valueWordAt, valueWords } from '../../../server/src/service/workspace/references';

test('value words: continued lines and comment lines inside a value are skipped; quotes dropped for [Install]', () => {
  const text = '[Install]\nWantedBy="a.target" \\\n# inside\n  b.target\\\n;also\n c.target\n';
  const node = parseUnitFile(text).sections[0]!.entries[0]!;
  assert.equal(node.kind, 'assignment');
  if (node.kind !== 'assignment') return;
  assert.deepEqual(
    valueWords(text, node, true).map((word) => word.text),
    ['a.target', 'b.target', 'c.target'],
  );
  assert.deepEqual(
    valueWords(text, node, false).map((word) => word.text),
    ['"a.target"', 'b.target', 'c.target'],
  );
  assert.deepEqual(
    valueWords(text, node, true, 2).map((word) => word.text),
    ['a.target', 'b.target'],
    'at most the limit',
  );
});

test('the word at an offset is the first of all the words that touches it', () => {
  const word = fc.stringMatching(/^[a-z"'.@%-]{1,6}$/);
  const gap = fc.constantFrom(' ', '  ', '\t', ' \\\n', ' \\\n# c\n', '\\\n;x\n ');
  const value = fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 8 });
  fc.assert(
    fc.property(value, fc.boolean(), (parts, unquote) => {
      const text = `[Unit]\nWants=${parts.map(([w, g]) => w + g).join('')}\n`;
      const node = parseUnitFile(text).sections[0]?.entries[0];
      if (node?.kind !== 'assignment') return;
      const all = valueWords(text, node, unquote);
      for (let offset = node.valueSpan.offset; offset <= node.valueSpan.offset + node.valueSpan.length; offset++) {
        assert.deepEqual(
          valueWordAt(text, node, offset, unquote),
          all.find((candidate) => touches(candidate.span, offset)),
        );
      }
    }),
    { numRuns: 400 },
  );
});
