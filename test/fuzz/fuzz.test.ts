import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { getLanguageService } from '../../server/src/service/languageService';
import { ROOT } from '../helpers';
import { readCorpus } from './corpus';
import { emptyStats, FEATURES, fuzzOne, runFuzz, type FuzzStats } from './engine';
import { FILE_NAMES, Random, unitFileText } from './generate';

/** A short slice of `npm run fuzz`: the same inputs and invariants, a few hundred inputs, and nothing timed. */

function describeFailures(stats: FuzzStats): string {
  return stats.failures
    .map((f) => `${f.feature} on ${f.uri}: ${f.message}\n  input ${JSON.stringify(f.text.slice(0, 500))}`)
    .join('\n');
}

const corpus = readCorpus(ROOT);
if ('skip' in corpus) console.log(`# fuzzing without corpus files: ${corpus.skip}`);

test('fuzz slice: every corpus file, then mutated and generated inputs, through every feature', () => {
  const files = 'files' in corpus ? corpus.files : [];
  const stats = runFuzz({ corpus: files, seed: 20240611, iterations: files.length + 400, deadline: Infinity });
  assert.equal(stats.failureCount, 0, describeFailures(stats));
  assert.ok(stats.inputs >= 400);
  for (const feature of FEATURES) assert.ok(stats.features[feature.name], `${feature.name} was never exercised`);
  const slowest = Object.entries(stats.features)
    .map(([name, entry]) => `${name} ${entry.maxMs.toFixed(1)}`)
    .join(', ');
  console.log(`# fuzz slice: ${stats.inputs} inputs; slowest answer per feature in ms (not asserted): ${slowest}`);
});

test('property: grammar-built unit files keep every invariant', () => {
  const service = getLanguageService();
  const stats = emptyStats();
  let seed = 1;
  fc.assert(
    fc.property(unitFileText, fc.constantFrom(...FILE_NAMES), (text, name) => {
      fuzzOne(service, stats, { uri: `file:///prop/${name}`, text, source: 'property' }, new Random(seed++));
      assert.equal(stats.failureCount, 0, describeFailures(stats));
    }),
    { numRuns: 300 },
  );
});
