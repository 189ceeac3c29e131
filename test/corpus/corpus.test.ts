import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { parseUnitFile, printUnitFile } from '../../server/src/service/syntax';
import { unitFileKindOf } from '../../server/src/service/unitFileKind';
import { findCorpus } from './find';

const corpus = findCorpus();
const skip = 'skip' in corpus ? corpus.skip : false;
if (skip) console.log(`# corpus tests skipped: ${skip}`);

test('corpus: every real file parses losslessly and gets no error or warning', { skip }, () => {
  if ('skip' in corpus) return;
  const rows = fs
    .readFileSync(path.join(corpus.directory, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t')[0]!);
  assert.ok(rows.length >= 250, `only ${rows.length} files in the corpus`);

  const service = getLanguageService();
  let unitFiles = 0;
  const findings: string[] = [];
  const notices = new Map<string, number>();
  for (const relative of rows) {
    const file = path.join(corpus.directory, relative);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(fs.readFileSync(file));
    const tree = parseUnitFile(text);
    assert.equal(printUnitFile(tree), text, `${relative} does not survive the round trip`);
    if (unitFileKindOf(file).unitType === undefined) continue; // .network, .link, .nspawn: not unit files
    unitFiles++;
    const document = TextDocument.create(`file://${file}`, 'systemd-unit', 1, text);
    const started = performance.now();
    const diagnostics = service.doValidation(document);
    const folds = service.getFoldingRanges(document);
    assert.ok(performance.now() - started < 1000, `${relative} took too long`);
    for (const d of diagnostics) {
      if (d.severity === 1 || d.severity === 2) {
        findings.push(`${relative}:${d.range.start.line + 1}: ${String(d.code)} ${String(d.message)}`);
      } else {
        const code = String(d.code);
        notices.set(code, (notices.get(code) ?? 0) + 1);
      }
    }
    for (const fold of folds) {
      assert.ok(
        fold.startLine < fold.endLine && fold.endLine < document.lineCount,
        `${relative}: bad fold ${JSON.stringify(fold)}`,
      );
    }
  }
  assert.ok(unitFiles >= 250, `only ${unitFiles} unit files`);
  // Information and hints are allowed on real files; their counts are printed so a noisy rule shows up.
  const counts = [...notices].map(([code, count]) => `${code} ${count}`).join(', ');
  console.log(`# corpus: ${unitFiles} unit files; information/hint findings: ${counts || 'none'}`);
  assert.deepEqual(findings, []);
});
