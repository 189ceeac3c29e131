import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { closestMatches, editDistance } from '../../../server/src/service/util/editDistance';

test('edit distance: insertions, deletions, substitutions and swaps of neighbours', () => {
  assert.equal(editDistance('ExecStart', 'ExecStart'), 0);
  assert.equal(editDistance('ExecStrat', 'ExecStart'), 1);
  assert.equal(editDistance('ExecStar', 'ExecStart'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('property: with a limit, the distance is exact up to the limit and limit + 1 beyond it', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 10 });
  fc.assert(
    fc.property(word, word, fc.nat({ max: 4 }), (a, b, limit) => {
      const exact = editDistance(a, b);
      assert.equal(editDistance(a, b, limit), exact <= limit ? exact : limit + 1);
    }),
    { numRuns: 3000 },
  );
});

test('a very long key is ruled out by its length, without filling a table (found by the fuzzer)', () => {
  assert.deepEqual(closestMatches('x'.repeat(200_000), ['ExecStart', 'ExecStop']), []);
  assert.deepEqual(closestMatches('EXECSTART', ['ExecStart', 'ExecStop']), ['ExecStart']);
  assert.deepEqual(closestMatches('ExecStrat', ['ExecStart', 'ExecStop']), ['ExecStart']);
});
