import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { eachWord, splitWords, unbalancedQuote } from '../../../server/src/service/values/structured-words';

test('property: plain words (no quotes, no backslashes) are split on whitespace, offsets kept', () => {
  const plain = fc.string({ unit: fc.constantFrom('a', 'b', '.', '-', '%', ' ', '\t', 'é'), maxLength: 40 });
  fc.assert(
    fc.property(plain, fc.boolean(), (value, unquote) => {
      const { words, unbalanced } = splitWords(value, { unquote, cunescape: false });
      assert.equal(unbalanced, undefined);
      const expected = [...value.matchAll(/[^ \t]+/g)].map((m) => ({
        text: m[0],
        offset: m.index,
        length: m[0].length,
      }));
      assert.deepEqual(
        words.map((w) => ({ text: w.text, offset: w.offset, length: w.length })),
        expected,
      );
      assert.ok(words.every((w) => !w.quotedOrEscaped && w.unknownEscapes.length === 0));
    }),
    { numRuns: 2000 },
  );
});

test('quotes and escapes still take the careful path', () => {
  const { words } = splitWords('a "b c" d\\ e', { unquote: true, cunescape: false });
  assert.deepEqual(
    words.map((w) => [w.text, w.quotedOrEscaped]),
    [
      ['a', false],
      ['b c', true],
      ['d e', true],
    ],
  );
});

test('a value of a million characters is split in one pass (found by the fuzzer)', () => {
  const { words } = splitWords('x y '.repeat(250_000), { unquote: false, cunescape: false, retainEscape: true });
  assert.equal(words.length, 500_000);
});

test('property: unbalancedQuote() and eachWord() agree with splitWords()', () => {
  const text = fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\\', 'x', '4', '1'), maxLength: 30 });
  const options = fc.record({ unquote: fc.boolean(), cunescape: fc.boolean(), retainEscape: fc.boolean() });
  fc.assert(
    fc.property(text, options, (value, wordOptions) => {
      const split = splitWords(value, wordOptions);
      const broken = split.unbalanced && { offset: split.unbalanced.offset, length: split.unbalanced.length };
      assert.deepEqual(unbalancedQuote(value, wordOptions), broken);
      assert.deepEqual([...eachWord(value, wordOptions)], split.words);
    }),
    { numRuns: 5000 },
  );
});
