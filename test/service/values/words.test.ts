import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  decodeEscape,
  eachWord,
  nextWord,
  splitWords,
  unbalancedQuote,
  WHITESPACE,
  type Span,
  type WordOptions,
  type WordResult,
} from '../../../server/src/service/values/structured-words';

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

/** The word reader as first written, a character at a time: the faster one must read every value the same. */
function referenceNextWord(value: string, pos: number, options: WordOptions): WordResult {
  let i = pos;
  while (i < value.length && WHITESPACE.includes(value[i]!)) i++;
  if (i >= value.length) return { kind: 'end' };
  const start = i;
  let out = '';
  let quote: string | undefined;
  let quoteStart = 0;
  let special = false;
  const unknownEscapes: Span[] = [];
  while (i < value.length) {
    const c = value[i]!;
    if (c === '\\' && !options.retainEscape) {
      special = true;
      const next = value[i + 1];
      if (next === undefined) {
        if (quote !== undefined) return { kind: 'unbalanced', offset: quoteStart, length: value.length - quoteStart };
        unknownEscapes.push({ offset: i, length: 1 });
        out += '\\';
        i++;
        break;
      }
      if (options.cunescape) {
        const decoded = decodeEscape(value, i + 1);
        if (decoded) {
          out += decoded.text;
          i += 1 + decoded.used;
        } else {
          unknownEscapes.push({ offset: i, length: 2 });
          out += '\\' + next;
          i += 2;
        }
      } else {
        out += next;
        i += 2;
      }
      continue;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else out += c;
      i++;
      continue;
    }
    if (options.unquote && (c === '"' || c === "'")) {
      special = true;
      quote = c;
      quoteStart = i;
      i++;
      continue;
    }
    if (WHITESPACE.includes(c)) break;
    out += c;
    i++;
  }
  if (quote !== undefined) return { kind: 'unbalanced', offset: quoteStart, length: value.length - quoteStart };
  const end = i;
  while (i < value.length && WHITESPACE.includes(value[i]!)) i++;
  return {
    kind: 'word',
    word: { text: out, offset: start, length: end - start, quotedOrEscaped: special, unknownEscapes },
    next: i,
  };
}

test('property: the word reader reads every value as the plain character-at-a-time reader does', () => {
  const text = fc.string({
    unit: fc.constantFrom('a', ' ', '"', "'", '\\', 'x', 'n', '4', '0', 'u', ';'),
    maxLength: 30,
  });
  const options = fc.record({ unquote: fc.boolean(), cunescape: fc.boolean(), retainEscape: fc.boolean() });
  fc.assert(
    fc.property(text, options, fc.nat({ max: 30 }), (value, wordOptions, start) => {
      const pos = Math.min(start, value.length);
      assert.deepEqual(nextWord(value, pos, wordOptions), referenceNextWord(value, pos, wordOptions));
    }),
    { numRuns: 20000 },
  );
});
